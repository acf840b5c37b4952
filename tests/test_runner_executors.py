"""Results do not depend on where replications run: in-process, local processes, any Executor, or Dask."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import SCENARIOS

BASE, REFORM = SCENARIOS / "qingxu_before.toml", SCENARIOS / "qingxu.toml"
SMALL = ("--reps", "4", "--years", "2", "--seed", "11")


def compare_bytes(cli, out, *executor) -> bytes:
    code, stdout, err = cli("compare", BASE, REFORM, *SMALL, "--out", out, *executor)
    assert code == 0, err
    assert "共 8 次重复:新运行 8 次,沿用已有结果 0 次" in stdout
    return (out / "compare.csv").read_bytes()


def test_compare_identical_in_process_on_two_processes_and_on_a_dask_cluster(cli, tmp_path):
    sequential = compare_bytes(cli, tmp_path / "seq", "--workers", "1")
    processes = compare_bytes(cli, tmp_path / "proc", "--executor", "local", "--workers", "2")
    dask = compare_bytes(cli, tmp_path / "dask", "--executor", "dask", "--workers", "2")
    assert sequential == processes == dask
    for name in ("manifest.json",):
        assert (tmp_path / "seq" / name).read_bytes() == (tmp_path / "proc" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()
    # the stored replications are the same files too
    for path in (tmp_path / "seq" / "runs").rglob("rep-*.npz"):
        relative = path.relative_to(tmp_path / "seq")
        assert path.read_bytes() == (tmp_path / "proc" / relative).read_bytes() == (tmp_path / "dask" / relative).read_bytes()


def test_sweep_and_run_identical_for_any_worker_count(cli, tmp_path):
    grid = ("--grid", "policy.stars.award_per_star=800,1200", "--reps", "3", "--years", "2")
    outputs = []
    for workers in ("1", "2"):
        code, _, err = cli("sweep", REFORM, *grid, "--workers", workers, "--out", tmp_path / f"s{workers}")
        assert code == 0, err
        outputs.append((tmp_path / f"s{workers}" / "sweep.csv").read_bytes())
    assert outputs[0] == outputs[1]
    for workers in ("1", "2"):
        code, _, err = cli("run", REFORM, "--reps", "3", "--years", "2", "--workers", workers, "--out", tmp_path / f"r{workers}")
        assert code == 0, err
    for name in ("stars.csv", "costs.csv", "indicators.csv"):
        assert (tmp_path / "r1" / name).read_bytes() == (tmp_path / "r2" / name).read_bytes()


def test_any_concurrent_futures_executor_gives_the_same_records():
    from simtoolkit.experiments.runner import run_replications
    from simtoolkit.scenario import load_scenario

    scenario = load_scenario(REFORM)
    sequential = run_replications(scenario, 3, 11, 2, executor="sequential", progress=False)
    with ThreadPoolExecutor(max_workers=2) as pool:
        threaded = run_replications(scenario, 3, 11, 2, executor=pool, progress=False, batch=1)
    assert threaded.backend == "executor" and sequential.backend == "sequential"
    for a, b in zip(sequential.records["scenario"], threaded.records["scenario"], strict=True):
        assert a.stars_frame().equals(b.stars_frame()) and a.costs_frame().equals(b.costs_frame())
        assert a.indicators_frame().equals(b.indicators_frame())


def test_scheduler_without_dask_is_bad_input(cli, tmp_path):
    code, _, err = cli("compare", BASE, REFORM, *SMALL, "--scheduler", "tcp://127.0.0.1:1", "--out", tmp_path / "o")
    assert code == 2 and "--executor dask" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("command", ["compare", "sweep"])
def test_unreachable_scheduler_is_bad_input_and_writes_nothing(cli, tmp_path, command, monkeypatch):
    monkeypatch.setattr("simtoolkit.experiments.executors.CONNECT_TIMEOUT", "1s")
    args = (BASE, REFORM) if command == "compare" else (REFORM, "--grid", "policy.stars.award_per_star=900")
    code, _, err = cli(command, *args, "--reps", "1", "--years", "1", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9",
                       "--out", tmp_path / "o")
    assert code == 2 and "cannot reach the Dask scheduler" in err
    assert not (tmp_path / "o").exists()
