"""`simtoolkit.as_function`: picklable, runs inside others' process pools, equals the CLI's numbers, common random numbers."""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import pickle

import numpy as np
import pandas as pd
import pytest

import simtoolkit
from simtoolkit.ledger import payers
from simtoolkit.scenario import ScenarioError

AWARD = "policy.stars.award_per_star"
OUTPUTS = ["fiscal_cost@3", "share_2plus_stars@3"]
SEED, REPS = 11, 3


@pytest.fixture(scope="module")
def f():
    """Qingxu's fiscal cost and share with 2+ stars in year 3 as a function of the award per star and the base pay share."""
    from tests.conftest import SCENARIOS

    return simtoolkit.as_function(SCENARIOS / "qingxu.toml", params=[f"{AWARD}=500:3000", "behaviour.performance.base_fraction"],
                                  outputs=OUTPUTS, reps=REPS, seed=SEED)


def test_names_aliases_and_problem_for_salib(f):
    assert f.params == (AWARD, "behaviour.performance.base_fraction") and f.years == 3
    assert f.problem["names"] == ["award_per_star", "base_fraction"]
    assert f.problem["bounds"][0] == [500.0, 3000.0]
    assert f.problem["outputs"] == ["fiscal_cost_at_3", "share_2plus_stars_at_3"]


def test_equals_the_cli_for_the_same_point_and_seed(f, cli, tmp_path):
    code, _, err = cli("run", "scenarios/qingxu.toml", "--set", f"{AWARD}=1500", "--reps", REPS, "--years", 3,
                       "--seed", SEED, "--out", tmp_path)
    assert code == 0, err
    costs = pd.read_csv(tmp_path / "costs.csv", encoding="utf-8-sig")
    fiscal = {p.code for p in payers() if p.fiscal}
    year3 = costs[(costs.year == costs.year.max()) & costs.payer.isin(fiscal)]
    stars = pd.read_csv(tmp_path / "stars.csv", encoding="utf-8-sig")
    stars = stars[stars.year == stars.year.max()]
    share = stars[stars.stars >= 2].groupby("rep")["count"].sum() / stars.groupby("rep")["count"].sum()
    out = f(award_per_star=1500)
    assert out["fiscal_cost@3"] == out["fiscal_cost_at_3"] == pytest.approx(year3.yuan.sum() / REPS, rel=1e-12)
    assert out["share_2plus_stars_at_3"] == pytest.approx(share.mean(), rel=1e-12)


def test_common_random_numbers_and_dotted_names(f):
    once, again = f(award_per_star=1000), f(**{AWARD: 1000})
    assert once == again  # the same replications meet the same draws at every call
    higher = f(award_per_star=2000)
    # awards follow the initial rating, which the award does not change: the same stars, a larger bill
    assert higher["fiscal_cost@3"] > once["fiscal_cost@3"]


def test_batch_and_array_agree_with_single_calls(f):
    base = f.model.base.value("behaviour.performance.base_fraction")
    X = np.array([[1000, base], [2000, base]])
    by_array = f.array(X)
    by_batch = f.batch([{"award_per_star": 1000}, {"award_per_star": 2000}])
    assert by_array.shape == (2, 2)
    assert by_array[:, 0].tolist() == [p["fiscal_cost@3"] for p in by_batch]
    assert by_batch[1] == f(award_per_star=2000)
    award_only = simtoolkit.as_function(f.model.base, params=[AWARD], outputs=OUTPUTS, reps=REPS, seed=SEED)
    assert award_only.array([1000, 2000]).tolist() == by_array.tolist()  # a vector of one parameter's values


def test_bad_names_and_values_are_named(f):
    with pytest.raises(ScenarioError, match="award_per_sta"):
        f(award_per_sta=1000)
    with pytest.raises(ScenarioError, match="base_fraction"):
        f(base_fraction=70)  # a share, not percent
    assert np.isnan(f.array([[1000, 70]])).all() and f.rejected


def test_pickles_and_runs_in_a_spawned_pool_and_in_a_daemonic_pool(f):
    points = [{"award_per_star": 800}, {"award_per_star": 2500}]
    here = [f(**p) for p in points]
    assert pickle.loads(pickle.dumps(f))(**points[0]) == here[0]
    spawn = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(2, mp_context=spawn) as pool:
        assert list(pool.map(_call, [f, f], points)) == here
    # a pool's daemonic workers may not start processes: asked for local workers, it runs in place
    parallel = pickle.loads(pickle.dumps(f))
    parallel.model.run_options.update(executor="local", workers=2)
    with spawn.Pool(1) as pool:
        assert pool.starmap(_call, [(parallel, points[1])]) == [here[1]]


def _call(function, point):
    """Call a function with a point's keyword values (importable by spawned workers)."""
    return function(**point)
