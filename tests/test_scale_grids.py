"""Households held per grid give the same village-level results as one row per household (docs/scale.md).

Source: 004_8b3082d13f7ae9ea.txt “以30-50户为一个网格”, “网格员…每月对网格内所有住户走访一遍”: households
live in grids and are visited by their grid member; behaviour.satisfaction moves each household's
satisfaction towards a target that depends on its village's service and on this month's visit.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from simtoolkit.behaviour import satisfaction
from simtoolkit.model import CountyModel
from simtoolkit.scenario import load_scenario
from simtoolkit.streams import Streams
from simtoolkit.world.synthesis import synthesise

SMALL = {"population.households_per_village": 60.0, "population.households_per_community": 60.0}


def small(qingxu, representation: str):
    """Qingxu with small villages, households as rows or as grids."""
    return load_scenario(qingxu).with_changes({**SMALL, "population.household_representation": representation})


def test_a_grid_row_moves_as_the_mean_of_its_households(qingxu):
    """One grid of 4 households at 0.8, one visited; the grid row must equal the mean of the 4 household rows."""
    P = small(qingxu, "rows").params(2023)
    s = P.behaviour.satisfaction  # base 0.8, service_effect 1.5, adjustment 0.2, visit rate 0.8, visit effect 0.1
    service, reference = np.array([0.80]), 0.75
    # village target 0.8 + 1.5 × (0.80 − 0.75) = 0.875; visited: 0.875 + 0.1 × 0.2 = 0.895; not: 0.875 − 0.08 = 0.795
    # households: 0.8 + 0.2 × (0.895 − 0.8) = 0.819 (one), 0.8 + 0.2 × (0.795 − 0.8) = 0.799 (three); mean 0.804
    rows = satisfaction.update(np.full(4, 0.8, np.float32), np.zeros(4, np.int64), service, reference,
                               np.array([True, False, False, False]), P)
    grid = satisfaction.update_grids(np.array([0.8], np.float32), np.zeros(1, np.int64), np.array([4]), np.array([1]), service, reference, P)
    assert s.adjustment_rate == 0.2 and s.visit_effect == 0.1
    assert abs(float(rows.mean()) - 0.804) < 1e-6
    assert abs(float(grid[0]) - 0.804) < 1e-6


def test_grid_rows_hold_every_household_once(qingxu):
    """The grid representation has one row per grid and the grids' sizes add up to each village's households."""
    rows_world = synthesise(small(qingxu, "rows"), Streams(7, 0))
    grid_world = synthesise(small(qingxu, "grids"), Streams(7, 0))
    v = grid_world.villages
    assert len(grid_world.households) == v.grids.sum()
    assert (np.bincount(grid_world.households.village, weights=grid_world.households.size, minlength=len(v)) == v.households).all()
    # the same round-robin sizes as the household rows' grids
    assert (np.bincount(rows_world.households.grid) == grid_world.households.size).all()
    assert abs(grid_world.households.mean_satisfaction() - rows_world.households.mean_satisfaction()) < 1e-6


def village_means(qingxu, representation: str, reps: int) -> np.ndarray:
    """Village mean satisfaction after a year of monthly updates at fixed service, for `reps` seeds (reps × villages)."""
    scenario = small(qingxu, representation)
    P = scenario.params(2023)
    w = synthesise(scenario, Streams(11, 0))
    h, n = w.households, len(w.villages)
    rng = np.random.default_rng(np.random.SeedSequence(99, spawn_key=(representation == "grids",)))
    service = 0.7 + 0.1 * np.random.default_rng(3).random(n)  # fixed, spread over villages
    chance = np.full(n, 0.5)
    out = np.empty((reps, n))
    for r in range(reps):
        sat = np.full(len(h), P.behaviour.satisfaction.base, np.float32)
        for _ in range(12):
            if h.size is None:
                sat = satisfaction.update(sat, h.village, service, 0.75, rng.random(len(h)) < chance[h.village], P)
            else:
                sat = satisfaction.update_grids(sat, h.village, h.size, rng.binomial(h.size, chance[h.village]), service, 0.75, P)
        out[r] = satisfaction.village_mean(sat, h.village, n, h.size)
    return out


def test_village_satisfaction_has_the_same_distribution(qingxu):
    """Each village's year-end mean: equal expectations and spreads in both representations (200 seeds each)."""
    rows, grids = village_means(qingxu, "rows", 200), village_means(qingxu, "grids", 200)
    # pooled over villages, standardised by each village's row-representation mean and spread
    z_rows = (rows - rows.mean(0)) / rows.std(0)
    z_grids = (grids - rows.mean(0)) / rows.std(0)
    assert stats.ks_2samp(z_rows.ravel(), z_grids.ravel()).pvalue > 1e-3
    assert abs(np.mean(grids.mean(0) - rows.mean(0))) < 3 * rows.std(0).mean() / np.sqrt(200)
    ratio = grids.std(0).mean() / rows.std(0).mean()
    assert 0.9 < ratio < 1.1


def test_the_comparison_detects_a_wrong_aggregate(qingxu):
    """Power check: visits drawn all-or-nothing per grid (wrong) make the spread differ clearly."""
    rows = village_means(qingxu, "rows", 100)
    scenario = small(qingxu, "grids")
    P = scenario.params(2023)
    w = synthesise(scenario, Streams(11, 0))
    h, n = w.households, len(w.villages)
    rng = np.random.default_rng(5)
    service = 0.7 + 0.1 * np.random.default_rng(3).random(n)
    wrong = np.empty((100, n))
    for r in range(100):
        sat = np.full(len(h), P.behaviour.satisfaction.base, np.float32)
        for _ in range(12):
            visited = (rng.random(len(h)) < 0.5) * h.size  # the whole grid visited or not: too much spread
            sat = satisfaction.update_grids(sat, h.village, h.size, visited, service, 0.75, P)
        wrong[r] = satisfaction.village_mean(sat, h.village, n, h.size)
    assert wrong.std(0).mean() / rows.std(0).mean() > 1.5


def first_rating(scenario, reps: int = 20) -> np.ndarray:
    """Stars held after the first rating, pooled over `reps` replications."""
    return sum(CountyModel(scenario, replication=rep, years=1).run().star_counts[0].sum(axis=(0, 1)) for rep in range(reps))


def chi_square_p(a: np.ndarray, b: np.ndarray) -> float:
    """Chi-square p-value that two star distributions are the same."""
    table = np.array([a, b])
    return stats.chi2_contingency(table[:, table.sum(0) > 0]).pvalue


def test_star_distributions_agree_between_representations(qingxu):
    """The first rating over 20 replications: rows and grids give star counts that a chi-square test cannot tell apart;
    and the same comparison does tell apart grids rated under twice the excellent quota (20 % instead of 10 %):
    the power check that the agreement is not just a test too weak to see a difference."""
    rows, grids = first_rating(small(qingxu, "rows")), first_rating(small(qingxu, "grids"))
    assert chi_square_p(rows, grids) > 1e-3
    wider = small(qingxu, "grids").with_changes({"policy.grades.excellent_quota": 20.0})
    assert chi_square_p(rows, first_rating(wider)) < 1e-3
