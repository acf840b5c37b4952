"""Interrupted runs keep what is done; running the same thing again does only what is missing, with the same result."""

from __future__ import annotations

import pytest

from conftest import SCENARIOS
from simtoolkit.experiments.compare import compare
from simtoolkit.experiments.runner import RunInterrupted, run_replications, simulate_replication
from simtoolkit.scenario import load_scenario

BASE, REFORM = SCENARIOS / "qingxu_before.toml", SCENARIOS / "qingxu.toml"
REPS, YEARS, SEED = 5, 2, 3
CALLS: list[tuple[str, int]] = []


def counting(scenario, replication, seed, years):
    """The model run, counted (sequential runs only: the counter lives in this process)."""
    CALLS.append((scenario.name, replication))
    return simulate_replication(scenario, replication, seed, years)


def stop_after(n: int):
    """A progress callback that presses Ctrl-C once n replications are kept."""
    def callback(done: int, total: int) -> None:
        if done >= n:
            raise KeyboardInterrupt
    return callback


def cli_compare(cli, out, *extra):
    code, stdout, err = cli("compare", BASE, REFORM, "--reps", REPS, "--years", YEARS, "--seed", SEED, "--out", out, *extra)
    assert code == 0, err
    return stdout


@pytest.mark.parametrize("executor", ["sequential", "local"])
def test_interrupted_then_resumed_equals_uninterrupted_and_redoes_nothing(cli, tmp_path, executor):
    base, reform = load_scenario(BASE), load_scenario(REFORM)
    out = tmp_path / "resumed"
    with pytest.raises(RunInterrupted) as info:
        compare(base, reform, REPS, SEED, YEARS, executor=executor, workers=2, out=out, progress=False,
                on_record=stop_after(4), batch=1)
    kept = sorted(p.name for p in (out / "runs").rglob("rep-*.npz"))
    assert info.value.done == len(kept) >= 4 and len(kept) < 2 * REPS
    assert not (out / "compare.csv").exists()  # final files only when everything is done

    CALLS.clear()
    again = compare(base, reform, REPS, SEED, YEARS, executor="sequential", out=out, progress=False, simulate=counting)
    assert len(CALLS) == 2 * REPS - len(kept) == again.outcome.ran  # only the missing ones
    assert len(set(CALLS)) == len(CALLS)
    assert again.outcome.reused == len(kept)

    stdout = cli_compare(cli, out, "--workers", "1")
    assert f"共 {2 * REPS} 次重复:新运行 0 次,沿用已有结果 {2 * REPS} 次" in stdout
    cli_compare(cli, tmp_path / "straight", "--workers", "1")
    assert (out / "compare.csv").read_bytes() == (tmp_path / "straight" / "compare.csv").read_bytes()
    assert (out / "manifest.json").read_bytes() == (tmp_path / "straight" / "manifest.json").read_bytes()


def test_ctrl_c_in_the_command_says_how_to_resume(cli, tmp_path, monkeypatch):
    import simtoolkit.experiments.runner as runner

    calls = []

    def interrupted(scenario, replication, seed, years):
        calls.append(replication)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return simulate_replication(scenario, replication, seed, years)

    monkeypatch.setattr(runner, "simulate_replication", interrupted)
    code, _, err = cli("compare", BASE, REFORM, "--reps", REPS, "--years", YEARS, "--workers", "1", "--out", tmp_path / "o",
                       "--lang", "en")
    assert code == 130 and "2 of 10 replications are kept" in err and "run the same command again" in err
    assert len(list((tmp_path / "o" / "runs").rglob("rep-*.npz"))) == 2


def test_a_damaged_file_is_run_again_and_a_changed_parameter_reuses_nothing(tmp_path):
    scenario = load_scenario(REFORM)
    first = run_replications(scenario, 3, SEED, YEARS, executor="sequential", out=tmp_path, progress=False)
    files = sorted((tmp_path / "runs").rglob("rep-*.npz"))
    assert len(files) == 3 and first.ran == 3
    files[1].write_bytes(b"half a file")
    CALLS.clear()
    second = run_replications(scenario, 3, SEED, YEARS, executor="sequential", out=tmp_path, progress=False, simulate=counting)
    assert CALLS == [(scenario.name, 1)] and second.reused == 2
    CALLS.clear()
    changed = scenario.with_changes({"policy.stars.award_per_star": 1200})
    third = run_replications(changed, 3, SEED, YEARS, executor="sequential", out=tmp_path, progress=False, simulate=counting)
    assert len(CALLS) == 3 and third.reused == 0
    CALLS.clear()
    run_replications(scenario, 3, SEED + 1, YEARS, executor="sequential", out=tmp_path, progress=False, simulate=counting)
    assert len(CALLS) == 3  # another seed is another job


def test_sigterm_acts_as_ctrl_c_and_the_handler_is_put_back(tmp_path):
    import os
    import signal

    def terminated(scenario, replication, seed, years):
        if replication == 2:
            os.kill(os.getpid(), signal.SIGTERM)  # what a batch scheduler sends at its time limit
        return simulate_replication(scenario, replication, seed, years)

    scenario = load_scenario(REFORM)
    with pytest.raises(RunInterrupted) as info:
        run_replications(scenario, 4, SEED, 1, executor="sequential", out=tmp_path, progress=False, simulate=terminated)
    assert info.value.done == 2 and len(list((tmp_path / "runs").rglob("rep-*.npz"))) == 2
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
