"""A replication that raises is recorded with its parameters and error; the others finish; the summary says so."""

from __future__ import annotations

import csv

import pytest

from conftest import SCENARIOS
from simtoolkit.experiments.runner import run_replications, simulate_replication
from simtoolkit.scenario import load_scenario

REFORM = SCENARIOS / "qingxu.toml"


def flaky(scenario, replication, seed, years):
    """The model run, except that replication 2 fails (importable by worker processes)."""
    if replication == 2:
        raise RuntimeError("injected failure for replication 2")
    return simulate_replication(scenario, replication, seed, years)


def read_failures(out):
    with (out / "failures.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("executor", ["sequential", "local"])
def test_failing_replication_is_recorded_and_the_rest_finish(tmp_path, executor):
    scenario = load_scenario(REFORM).with_changes({"policy.stars.award_per_star": 1100})
    outcome = run_replications(scenario, 5, 9, 2, executor=executor, workers=2, batch=2, out=tmp_path, progress=False,
                               simulate=flaky)
    assert [f.replication for f in outcome.failures] == [2]
    assert [r is None for r in outcome.records["scenario"]] == [False, False, True, False, False]
    assert "4 run" in outcome.summary() and "1 FAILED (see failures.csv)" in outcome.summary()
    assert sorted(p.name for p in (tmp_path / "runs").rglob("rep-*.npz")) == [f"rep-00000{k}.npz" for k in (0, 1, 3, 4)]
    (row,) = read_failures(tmp_path)
    assert row["replication"] == "2" and row["seed"] == "9" and row["years"] == "2" and row["scenario"] == "qingxu"
    assert '"policy.stars.award_per_star": 1100' in row["changes"]
    assert row["error"].startswith("RuntimeError: injected failure for replication 2")

    # the same run without the fault does the failed replication only, and the failure record goes away
    again = run_replications(scenario, 5, 9, 2, executor="sequential", out=tmp_path, progress=False)
    assert again.ran == 1 and again.reused == 4 and not again.failures
    assert not (tmp_path / "failures.csv").exists()


def test_the_command_reports_failures_and_still_writes_results(cli, tmp_path, monkeypatch):
    import simtoolkit.experiments.runner as runner

    monkeypatch.setattr(runner, "simulate_replication", flaky)
    code, stdout, err = cli("compare", SCENARIOS / "qingxu_before.toml", REFORM, "--reps", "4", "--years", "2",
                            "--workers", "1", "--out", tmp_path / "o")
    assert code == 1  # results written, but not every replication
    assert "失败 2 次(见 failures.csv)" in stdout
    assert "2 次重复失败" in err and "第 2 次重复:RuntimeError: injected failure" in err  # one language per run
    assert [r["job"] for r in read_failures(tmp_path / "o")] == ["base", "reform"]
    manifest = (tmp_path / "o" / "manifest.json").read_text(encoding="utf-8")
    assert '"paired_replications": 3' in manifest
    assert (tmp_path / "o" / "compare.csv").exists()


def always_fails(scenario, replication, seed, years):
    """Every replication fails."""
    raise ValueError("broken model")


@pytest.mark.parametrize("command", ["compare", "sweep", "run"])
def test_when_every_replication_fails_the_command_says_so_without_a_traceback(cli, tmp_path, monkeypatch, command):
    import simtoolkit.experiments.runner as runner

    monkeypatch.setattr(runner, "simulate_replication", always_fails)
    args = {"compare": (SCENARIOS / "qingxu_before.toml", REFORM), "sweep": (REFORM, "--grid", "policy.stars.award_per_star=900"),
            "run": (REFORM,)}[command]
    code, _, err = cli(command, *args, "--reps", "2", "--years", "1", "--workers", "1", "--out", tmp_path / "o")
    assert code == 1 and "Traceback" not in err and "ValueError: broken model" in err
    assert (tmp_path / "o" / "failures.csv").exists()
    assert not [p.name for p in (tmp_path / "o").iterdir() if p.suffix == ".csv" and p.name != "failures.csv"]
