"""The effort choice (behaviour/effort.py): tournament beliefs, grade chances, annuities and the best response."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from simtoolkit.behaviour import effort


def test_excellent_cutoff_is_last_years_lowest_score_within_the_quota():
    # 严格把握考核优秀比例: 5 graded heads, quota 40 % → floor(5 × 0.4) = 2 places;
    # the 2nd best score is 85, so the bar is max(85, threshold 84) = 85, or the threshold 88 when higher.
    score = np.array([90.0, 80.0, 85.0, 70.0, 60.0])
    graded, group, ids = np.ones(5, bool), np.zeros(5, np.int32), np.arange(1, 6)
    assert effort.excellent_cutoff(score, graded, group, ids, 0.4, 84.0).tolist() == [85.0] * 5
    assert effort.excellent_cutoff(score, graded, group, ids, 0.4, 88.0).tolist() == [88.0] * 5
    # a 10 % quota of 5 heads is floor(0.5) = 0 places: nobody can be excellent
    assert np.isinf(effort.excellent_cutoff(score, graded, group, ids, 0.1, 84.0)).all()


def test_excellent_cutoff_by_township_ignores_ungraded_slots():
    # township 0: scores 90, 80 (graded) → quota floor(2 × 0.5) = 1 → bar 90; township 1: 70, 75 and an
    # ungraded 99 → graded 75, 70 → 1 place → bar 75 (the ungraded 99 does not count).
    score = np.array([90.0, 80.0, 70.0, 75.0, 99.0])
    graded = np.array([True, True, True, True, False])
    group = np.array([0, 0, 1, 1, 1], np.int32)
    cut = effort.excellent_cutoff(score, graded, group, np.arange(1, 6), 0.5, 0.0)
    assert cut.tolist() == [90.0, 90.0, 75.0, 75.0, 75.0]


def test_grade_probabilities_of_a_normal_score():
    # mean 85, noise 5, bar 85, qualified 75, basic 65:
    # P(excellent) = Φ(0) = 0.5; P(≥ qualified) = Φ(2) = 0.977250; P(≥ basic) = Φ(4) = 0.999968
    p = effort.grade_probabilities(np.array([85.0]), 5.0, np.array([85.0]), 75.0, 65.0)[0]
    assert p == pytest.approx([0.5, 0.977250 - 0.5, 0.999968 - 0.977250, 1 - 0.999968], abs=1e-6)
    assert p.sum() == pytest.approx(1.0)


def test_belief_is_the_least_squares_line_with_a_noise_floor():
    # scores 2 × (100 × share) − 60 exactly: slope 2, intercept −60, no residual → noise = floor 1.5
    fraction = np.array([0.7, 0.8, 0.9, 0.5])
    score = np.array([80.0, 100.0, 120.0, 0.0])
    graded = np.array([True, True, True, False])  # the ungraded slot (score 0) is left out
    b = effort.read_belief(fraction, score, graded, 1.5)
    assert (b.intercept, b.slope, b.noise) == pytest.approx((-60.0, 2.0, 1.5))


def _params(**turnover):
    """A hand-made parameter tree with what the annuities read."""
    t = dict(election_loss_rate=0.15, election_cycle=5, retirement_age=63) | turnover
    return SimpleNamespace(behaviour=SimpleNamespace(turnover=SimpleNamespace(**t), effort=SimpleNamespace(discount_rate=0.03)))


def test_years_in_post_are_discounted_and_thinned_by_elections():
    # age 61, leaving age 63: next year (62) and the year after (63, then leaves) → 2 years left.
    # δ = 1/1.03, yearly stay 1 − 0.15/5 = 0.97: all = δ + 0.97 δ² = 0.970874 + 0.914318 = 1.885192; after next = 0.914318
    post, after, remaining = effort.in_post_annuities(np.array([61]), _params())
    assert remaining.tolist() == [2]
    assert post[0] == pytest.approx(1.885192, abs=1e-6)
    assert after[0] == pytest.approx(0.914318, abs=1e-6)


def test_choice_maximises_intrinsic_value_minus_quadratic_cost():
    # no money at stake: e* = intrinsic / (2 × cost) = 10,000 / 40,000 = 0.25;
    # 4,000 yuan more per unit of effort: e* = 14,000 / 40,000 = 0.35 (both on the grid of steps 0.025)
    grid = np.linspace(0.0, 1.0, 41)
    flat = np.zeros((41, 1))
    assert effort.choose(grid, flat, [10_000.0], 20_000.0, 2.0)[0] == pytest.approx(0.25)
    assert effort.choose(grid, 4_000.0 * grid[:, None], [10_000.0], 20_000.0, 2.0)[0] == pytest.approx(0.35)


def test_outcome_probabilities_sum_to_one_and_split_events_independently():
    # grade chances (0.5, 0.3, 0.2, 0), negative 0.1, punished 0.2:
    # P(excellent, no negative, not punished) = 0.5 × 0.9 × 0.8 = 0.36
    p = effort.outcome_probabilities(np.array([[0.5, 0.3, 0.2, 0.0]]), np.array([0.1]), np.array([0.2]))[0]
    assert p.sum() == pytest.approx(1.0)
    first = (effort.OUTCOME_GRADE == 0) & (effort.OUTCOME_NEGATIVE == 0) & ~effort.OUTCOME_PUNISHED
    assert p[first][0] == pytest.approx(0.36)


def test_best_response_in_blocks_of_heads_equals_all_at_once(qingxu):
    # blocks only bound memory at a country's scale: 201 heads in blocks of 50 choose exactly what they choose at once
    from simtoolkit.model import CountyModel
    from simtoolkit.scenario import load_scenario

    scenario = load_scenario(qingxu)
    model = CountyModel(scenario, replication=0, years=1)
    model.run()
    heads, P = model.world.heads, scenario.params(model.start_year)
    # as chosen in December of the first year (month 11); after the run the clock stands at the next January
    args = (heads, model.world.villages.endowment[heads.village], model._fraction, model._low_streak, model.start_year, 11, P, scenario.has)
    whole = effort.best_response(*args)
    assert np.array_equal(effort.best_response(*args, chunk=50), whole)
    assert np.array_equal(heads.effort, whole.astype(heads.effort.dtype))  # what the model chose in December
    assert 0.0 < whole.std()  # heads differ: ability, stars, age and motivation change the best response
