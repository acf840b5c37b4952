"""Resource guard (issue #20, "No refusal where a run cannot finish"):

"`run --reps 100000 --years 60` starts without a word (about 33 CPU-hours, then tens of GB of tables); a county of
2×10¹⁰ households within every range fails each replication with MemoryError."

Before a run starts its memory and CPU time are estimated from its size: what cannot fit in memory is refused
(exit 2, saying how much it needs), a run over an hour is warned with the estimate, `--skip-resource-check` overrides.
"""

from __future__ import annotations

import pytest

from conftest import SCENARIOS
from snapshot import one_error_line, snapshot
from simtoolkit.errors import InputError
from simtoolkit.experiments import resources
from simtoolkit.experiments.resources import GIB, check_resources, estimate, scenario_size
from simtoolkit.scenario import load_scenario

QINGXU = SCENARIOS / "qingxu.toml"
SHANXI = SCENARIOS / "shanxi.toml"


def test_the_size_is_read_from_the_population():
    """Qingxu: 9 townships, 137 villages of 300 households and 30 members, 29 communities of 310 and 32 (qingxu.toml)."""
    size = scenario_size(load_scenario(QINGXU))
    assert size == resources.Size(townships=9, villages=137 + 29, households=137 * 300 + 29 * 310, members=137 * 30 + 29 * 32)
    grids = scenario_size(load_scenario(SHANXI).with_changes({"population.household_representation": "grids"}))
    assert grids.households < scenario_size(load_scenario(SHANXI)).households / 10  # grids, not households


def test_the_estimate_grows_with_replications_years_and_households():
    qingxu = load_scenario(QINGXU)
    one, more = estimate(qingxu, 10, 2), estimate(qingxu, 20, 6)
    # Qingxu simulates two burn-in years before the reported ones: CPU 20 × (6 + 2) against 10 × (2 + 2) is 4 times;
    # the results hold the reported years only, 20 × 6 against 10 × 2: 6 times
    assert qingxu.value("run.burn_in_years") == 2
    assert more.cpu_seconds == pytest.approx(4 * one.cpu_seconds) and more.result_bytes == pytest.approx(6 * one.result_bytes)
    no_burn_in = qingxu.with_changes({"run.burn_in_years": 0})
    assert estimate(no_burn_in, 20, 6).cpu_seconds == pytest.approx(6 * estimate(no_burn_in, 10, 2).cpu_seconds)
    assert more.model_bytes == one.model_bytes  # one model at a time per worker, whatever the replications
    bigger = qingxu.with_changes({"population.households_per_village": 3000.0, "population.households_per_community": 3100.0})
    added = (137 * 3000 + 29 * 3100) - (137 * 300 + 29 * 310)  # households, by hand
    assert estimate(bigger, 10, 2).model_bytes - one.model_bytes == pytest.approx(resources.HOUSEHOLD_BYTES * added)


def test_a_county_of_two_times_ten_to_the_ten_households_is_refused(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(resources, "available_memory", lambda: 16.0 * GIB)
    before = snapshot(tmp_path)
    code, _, err = cli("run", SHANXI, "--set", "population.generated_villages=200000", "--set",
                       "population.households_per_village=100000", "--reps", "1", "--years", "1", "--out", tmp_path / "o")
    line = one_error_line(err)
    assert code == 2 and "this run needs about" in line and "but 16.0 GiB is available" in line
    assert "--skip-resource-check" in line
    assert snapshot(tmp_path) == before


def test_a_hundred_thousand_replications_of_sixty_years_are_refused_with_the_memory_they_need(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(resources, "available_memory", lambda: 64.0 * GIB)
    code, _, err = cli("run", QINGXU, "--reps", "100000", "--years", "60", "--out", tmp_path / "o")
    line = one_error_line(err)
    need = float(line.split("needs about ")[1].split(" GiB")[0].replace(",", ""))
    assert code == 2 and need > 64 and "for the results" in line
    assert snapshot(tmp_path) == {}


def test_a_long_run_is_warned_with_its_estimate(capsys):
    qingxu = load_scenario(QINGXU)
    total = check_resources([(qingxu, 20000)], 60, 2, memory=1e15)
    err = capsys.readouterr().err
    assert total.cpu_seconds > 2 * 3600
    assert err.startswith("warning: this run is estimated to take about ") and "hours on 2 worker(s)" in err


def test_a_short_run_says_nothing(capsys):
    assert check_resources([(load_scenario(QINGXU), 5)], 2, 2, memory=1e15).cpu_seconds < 60
    assert capsys.readouterr().err == ""


def test_workers_multiply_the_memory_of_models(monkeypatch):
    shanxi = load_scenario(SHANXI)
    one = estimate(shanxi, 1, 1)
    enough_for_one = resources.PROCESS_BYTES * 2 + one.model_bytes + one.result_bytes + 1
    check_resources([(shanxi, 4)], 1, 1, memory=enough_for_one + 3 * one.result_bytes)
    with pytest.raises(InputError):
        check_resources([(shanxi, 4)], 1, 4, memory=enough_for_one + 3 * one.result_bytes)
    # a remote cluster's workers are not this machine's memory
    check_resources([(shanxi, 4)], 1, 4, memory=enough_for_one + 3 * one.result_bytes, local=False)


def test_skip_resource_check_runs_anyway_and_the_warning_does_not_stop_a_run(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(resources, "available_memory", lambda: 1.0)
    code, _, err = cli("run", QINGXU, "--reps", "1", "--years", "1")
    assert code == 2 and "but 0 MiB is available" in one_error_line(err)
    code, _, err = cli("run", QINGXU, "--reps", "1", "--years", "1", "--skip-resource-check", "--out", tmp_path / "o")
    assert code == 0 and "warning" not in err
    monkeypatch.setattr(resources, "available_memory", lambda: 1e15)
    monkeypatch.setattr(resources, "WARN_SECONDS", 0.0)
    code, _, err = cli("run", QINGXU, "--reps", "1", "--years", "1", "--lang", "en")
    assert code == 0 and err.startswith("warning: this run is estimated to take about 1 minutes")
    code, _, err = cli("run", QINGXU, "--reps", "1", "--years", "1")  # one language per run: zh by default
    assert code == 0 and err.startswith("警告:预计这次运行在") and "约需 1 分钟" in err


@pytest.mark.parametrize("command", [("compare", SCENARIOS / "qingxu_before.toml", QINGXU), ("report", QINGXU),
                                     ("sweep", QINGXU, "--grid", "policy.stars.award_per_star=500,900")])
def test_every_simulating_command_is_guarded(cli, tmp_path, monkeypatch, command):
    monkeypatch.setattr(resources, "available_memory", lambda: 1.0)
    code, _, err = cli(*command, "--reps", "1", "--years", "1", "--out", tmp_path / "o")
    assert code == 2 and "this run needs about" in one_error_line(err)
    assert snapshot(tmp_path) == {}


@pytest.mark.parametrize("command", ["sensitivity", "calibrate", "optimise"])
def test_the_analyses_are_guarded_before_their_first_replication(cli, tmp_path, monkeypatch, command):
    """A county that cannot fit is refused before the study runs even the replication that finds the indicators."""
    from test_guard_outputs import WRITERS

    monkeypatch.setattr(resources, "available_memory", lambda: 16.0 * GIB)
    huge = ("--set", "population.generated_villages=200000", "--set", "population.households_per_village=100000")
    args = [SHANXI if a == SCENARIOS / "qingxu.toml" else a for a in WRITERS[command]]
    code, _, err = cli(*args, *huge, "--out", tmp_path / "o")
    assert code == 2 and "this run needs about" in one_error_line(err)
    assert snapshot(tmp_path) == {}


def test_a_long_study_is_warned(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(resources, "WARN_SECONDS", 0.0)
    code, _, err = cli("sensitivity", QINGXU, "--param", "policy.stars.award_per_star=500:1500", "--output", "fiscal_cost@1",
                       "--samples", "4", "--years", "1", "--workers", "1")
    assert code == 0 and "警告:预计这次运行" in err
