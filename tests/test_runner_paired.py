"""Paired comparison with common random numbers: its difference band is narrower than an unpaired one."""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.experiments.compare import compare
from simtoolkit.scenario import load_scenario

REPS, YEARS, SEED = 12, 3, 5


def widths(comparison, metric: str) -> np.ndarray:
    """Width of the difference band of a metric, per year."""
    t = comparison.table(0.9)
    t = t[t.metric == metric]
    return (t.diff_high - t.diff_low).to_numpy()


@pytest.fixture(scope="module")
def qingxu():
    from conftest import SCENARIOS

    return load_scenario(SCENARIOS / "qingxu.toml")


def test_paired_band_narrower_than_unpaired_for_the_shipped_reform(qingxu):
    from conftest import SCENARIOS

    before = load_scenario(SCENARIOS / "qingxu_before.toml")
    paired = compare(before, qingxu, REPS, SEED, YEARS, executor="sequential", progress=False)
    # unpaired: the reform's replications use other streams (another seed), so nothing common cancels
    unpaired = compare(before, qingxu, REPS, SEED, YEARS, reform_seed=SEED + 1, executor="sequential", progress=False)
    p, u = widths(paired, "cost:total"), widths(unpaired, "cost:total")
    # the first year has little noise in either; in the second (performance pay by grade) pairing cuts the band
    # to a quarter–half (seeds 5–7: 0.22–0.50). By the third the two rule sets have moved stars, effort and
    # turnover apart and pairing gains little (ratios 0.8–1.4 over those seeds, with 12 replications' noise),
    # so the three years are compared together.
    assert p[1] < 0.75 * u[1], (p, u)
    assert p.sum() < u.sum(), (p, u)


def test_a_scenario_against_itself_differs_by_exactly_zero_when_paired(qingxu):
    paired = compare(qingxu, qingxu, 4, SEED, 2, executor="sequential", progress=False)
    unpaired = compare(qingxu, qingxu, 4, SEED, 2, reform_seed=SEED + 1, executor="sequential", progress=False)
    # replication k of both draws from the same streams (seed, k, mechanism, year): the same world twice
    assert np.abs(paired.differences).max() == 0
    assert np.abs(unpaired.differences).max() > 0


def test_a_money_reform_is_measured_far_more_precisely_when_paired(qingxu):
    reform = qingxu.with_changes({"policy.stars.award_per_star": 1500})
    paired = compare(qingxu, reform, 8, SEED, YEARS, executor="sequential", progress=False)
    unpaired = compare(qingxu, reform, 8, SEED, YEARS, reform_seed=SEED + 1, executor="sequential", progress=False)
    p, u = widths(paired, "cost:total"), widths(unpaired, "cost:total")
    assert (p < 0.5 * u).all(), (p, u)
