"""Resumable records that know who they are (issue #20):

"A stored replication file is reused on resume without checking that it is that replication of that scenario and
seed (copy `rep-000005` over `rep-000004`: results change silently)."

Each stored replication carries its job, scenario digest, roster, seed, replication and years; a file that says
otherwise is run again, and the command says so; the results are those of a clean run, byte for byte.
"""

from __future__ import annotations

import shutil

import numpy as np

from conftest import SCENARIOS
from simtoolkit.experiments.record import Record
from simtoolkit.experiments.runner import Job, RunStore, identity

QINGXU = SCENARIOS / "qingxu.toml"
RESULTS = ("stars.csv", "costs.csv", "indicators.csv")


def run(cli, out, *extra):
    """`run` of six one-year replications into `out`; (exit code, stderr)."""
    code, _, err = cli("run", QINGXU, "--reps", "6", "--years", "1", "--workers", "1", "--out", out, *extra)
    return code, err


def stored(out):
    """The stored replication files of the only job in `out`."""
    (folder,) = (out / "runs").iterdir()
    return folder


def test_a_replication_copied_over_another_is_run_again_and_said(cli, tmp_path):
    clean, out = tmp_path / "clean", tmp_path / "o"
    assert run(cli, clean)[0] == 0
    assert run(cli, out)[0] == 0
    folder = stored(out)
    shutil.copy(folder / "rep-000005.npz", folder / "rep-000004.npz")
    code, err = run(cli, out)
    assert code == 0
    assert f"warning: {folder / 'rep-000004.npz'}: is not replication 4 of this run (its replication differ); running it again" in err
    assert "Traceback" not in err
    for name in RESULTS:
        assert (out / name).read_bytes() == (clean / name).read_bytes()
    assert Record.identity(folder / "rep-000004.npz")["replication"] == 4  # and the file is right again


def test_a_replication_of_another_seed_is_not_reused(cli, tmp_path):
    clean, out = tmp_path / "clean", tmp_path / "o"
    assert run(cli, clean, "--seed", "11")[0] == 0
    assert run(cli, out, "--seed", "12")[0] == 0
    other = stored(out)
    assert run(cli, out, "--seed", "11")[0] == 0
    mine = next(f for f in (out / "runs").iterdir() if f != other)
    shutil.copy(other / "rep-000002.npz", mine / "rep-000002.npz")  # seed 12's replication 2 into seed 11's folder
    code, err = run(cli, out, "--seed", "11")
    assert code == 0 and "rep-000002.npz: is not replication 2 of this run (its job, seed differ)" in err
    for name in RESULTS:
        assert (out / name).read_bytes() == (clean / name).read_bytes()


def test_identity_holds_everything_a_record_depends_on(tmp_path):
    from simtoolkit.scenario import load_scenario

    scenario = load_scenario(QINGXU)
    job = Job("scenario", scenario, 3, 7, 2)
    expected = identity(job, 1)
    assert set(expected) == {"job", "scenario_digest", "roster", "seed", "replication", "years"}
    assert (expected["seed"], expected["replication"], expected["years"]) == (7, 1, 2)
    reform = Job("scenario", scenario.with_changes({"policy.stars.award_per_star": 1234}), 3, 7, 2)
    assert identity(reform, 1)["scenario_digest"] != expected["scenario_digest"]
    # a saved record reads back with the identity its store gave it
    from simtoolkit.experiments.runner import simulate_replication

    store = RunStore(tmp_path)
    store.prepare(job)
    record = simulate_replication(scenario, 1, 7, 2)
    store.save(job, 1, record)
    assert Record.identity(store.path(job, 1)) == expected
    assert np.array_equal(Record.load(store.path(job, 1)).star_counts, record.star_counts)
    assert list(store.load(job)) == [1]
