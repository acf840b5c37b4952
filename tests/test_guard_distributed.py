"""Distributed faults: a Dask cluster that loses its last worker ends the run with one line (exit 1), the finished
replications kept and the way to resume said; Ctrl-C on Dask says how many are kept, without worker tracebacks.

Issue #20: "A Dask cluster that has lost its last worker makes the command wait forever, silently" and
"Ctrl-C with `--executor dask` prints worker tracebacks and does not say how many runs are kept".
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from conftest import ROOT, SCENARIOS
from simtoolkit.errors import RunLost
from simtoolkit.experiments.runner import Job, run_jobs, simulate_replication
from simtoolkit.scenario import load_scenario

distributed = pytest.importorskip("distributed")


def slow_after_two(scenario, replication, seed, years):
    """The model run; replications after the first two wait long enough for the cluster to lose its worker."""
    if replication >= 2:
        time.sleep(30)
    return simulate_replication(scenario, replication, seed, years)


def test_a_cluster_without_workers_ends_the_run_keeping_what_finished(tmp_path):
    scenario = load_scenario(SCENARIOS / "qingxu.toml")
    job = Job("scenario", scenario, 4, 3, 1)
    # in-process workers over Dask's in-process transport: nothing listens on any network port
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        def lose_workers():
            while len(list((tmp_path / "runs").rglob("rep-*.npz"))) < 2:
                time.sleep(0.05)
            cluster.scale(0)

        threading.Thread(target=lose_workers, daemon=True).start()
        started = time.monotonic()
        with pytest.raises(RunLost) as caught:
            run_jobs([job], executor=client, out=tmp_path, simulate=slow_after_two, batch=1, progress=False,
                     worker_timeout=1.0)
        assert time.monotonic() - started < 25  # it did not wait for the stuck replications, nor forever
    lost = caught.value
    assert (lost.done, lost.total) == (2, 4)
    line = lost.line()
    assert "no worker for 1 s" in line and "2 of 4 replications" in line and str(tmp_path / "runs") in line
    assert "run the same command again" in line
    assert sorted(p.name for p in (tmp_path / "runs").rglob("rep-*.npz")) == ["rep-000000.npz", "rep-000001.npz"]


def test_worker_timeout_must_be_positive(cli, qingxu):
    code, _, err = cli("run", qingxu, "--reps", "1", "--years", "1", "--executor", "dask", "--worker-timeout", "-3")
    assert code == 2 and "--worker-timeout" in err and "positive" in err and "Traceback" not in err


def test_ctrl_c_on_dask_says_how_many_are_kept_without_tracebacks(tmp_path):
    out = tmp_path / "o"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "simtoolkit.cli.main", "run", str(SCENARIOS / "qingxu.toml"), "--reps", "400",
               "--years", "3", "--executor", "dask", "--workers", "2", "--out", str(out)]
    # its own process group, as a terminal's Ctrl-C reaches the command and the workers it started
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(list(out.glob("runs/*/rep-*.npz"))) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=180)  # a loaded machine stops a cluster slowly
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    text = err.decode()
    assert process.returncode == 130, text[-3000:]  # what the command said, when it ended otherwise
    assert "Traceback" not in text and "KeyboardInterrupt" not in text
    kept = len(list(out.glob("runs/*/rep-*.npz")))
    assert f"已中断:400 次重复中已完成的 {kept} 次保存在" in text  # the run's language, zh by default
    assert [line for line in text.splitlines() if line.strip()] == [line for line in text.splitlines() if "已中断" in line]
