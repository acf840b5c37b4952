"""The optimiser finds known optima of cases built to have one, never reports a setting above the ceiling, and the frontier."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simtoolkit.analysis.evaluate import ModelFunction
from simtoolkit.analysis.factors import Factor, parse_factors
from simtoolkit.analysis.optimise import frontier, optimise
from simtoolkit.analysis.outcomes import parse_outcomes
from simtoolkit.scenario import load_scenario

LEVERS = [Factor("x", 0.0, 10.0), Factor("y", 0.0, 10.0)]


def toy(objective, cost):
    """A points → (objective, cost) function of x and y."""
    def evaluate(points):
        x = np.array([[p["x"], p["y"]] for p in points], dtype=float)
        return np.column_stack([objective(x[:, 0], x[:, 1]), cost(x[:, 0], x[:, 1])])
    return evaluate


def never_above(result):
    """Every setting called feasible, and the best, keeps within the ceiling."""
    feasible = result.evaluations[result.evaluations["feasible"]]
    return (feasible["cost"] <= result.ceiling).all() and result.best["cost"] <= result.ceiling


def test_concave_objective_with_a_binding_ceiling():
    # maximise −(x − 3)² − (y − 7)² with x + y ≤ 8: the unconstrained peak (3, 7) costs 10, so the optimum is
    # its projection on x + y = 8: (3 − 1, 7 − 1) = (2, 6), objective −(1 + 1) = −2
    result = optimise(toy(lambda x, y: -(x - 3) ** 2 - (y - 7) ** 2, lambda x, y: x + y), LEVERS, 8.0, 20, 20, seed=4)
    best = result.best
    assert best["x"] == pytest.approx(2.0, abs=0.15) and best["y"] == pytest.approx(6.0, abs=0.15)
    assert best["objective"] == pytest.approx(-2.0, abs=0.05)
    assert never_above(result)


def test_concave_objective_with_a_slack_ceiling_reaches_the_peak():
    # the same with x + y ≤ 20: the peak (3, 7) itself, objective 0
    result = optimise(toy(lambda x, y: -(x - 3) ** 2 - (y - 7) ** 2, lambda x, y: x + y), LEVERS, 20.0, 20, 20, seed=4)
    assert result.best["x"] == pytest.approx(3.0, abs=0.15) and result.best["y"] == pytest.approx(7.0, abs=0.15)
    assert never_above(result)


def test_linear_programme_picks_the_lever_with_the_most_per_yuan():
    # maximise x + 2y with 3x + 5y ≤ 30: y buys 2/5 per yuan, x only 1/3, so spend all on y: (0, 6), objective 12
    result = optimise(toy(lambda x, y: x + 2 * y, lambda x, y: 3 * x + 5 * y), LEVERS, 30.0, 20, 20, seed=1)
    assert result.best["objective"] == pytest.approx(12.0, abs=0.1) and result.best["x"] < 0.2
    assert never_above(result)


def test_integer_lever_lands_exactly_on_the_optimum():
    # one integer lever k in 0..20: objective −(k − 4)², cost k; ceiling 10 → k = 4; ceiling 2.5 → k = 2
    levers = [Factor("k", 0.0, 20.0, integer=True)]

    def model(points):
        k = np.array([p["k"] for p in points], dtype=float)
        return np.column_stack([-(k - 4) ** 2, k])

    assert optimise(model, levers, 10.0, 10, 10, seed=0).best["k"] == 4
    assert optimise(model, levers, 2.5, 10, 10, seed=0).best["k"] == 2


def test_minimising_and_no_feasible_setting():
    # minimise x + y with cost 100 − x − y ≤ 90: x + y ≥ 10 at least, so the minimum is 10
    result = optimise(toy(lambda x, y: x + y, lambda x, y: 100 - x - y), LEVERS, 90.0, 20, 20, seed=2, maximise=False)
    assert result.best["objective"] == pytest.approx(10.0, abs=0.1) and never_above(result)
    nothing = optimise(toy(lambda x, y: x + y, lambda x, y: x + y + 1), LEVERS, 0.5, 10, 3, seed=2)
    assert nothing.best is None and not nothing.evaluations["feasible"].any()


def test_frontier_keeps_settings_no_cheaper_one_beats():
    # cost, objective: (1, 5) (2, 4) (3, 7) (3, 6) (4, 7) (5, 9) → (1, 5), (3, 7), (5, 9):
    # (2, 4) is beaten by the cheaper (1, 5); (3, 6) by (3, 7) at the same cost; (4, 7) is no better than (3, 7)
    rows = pd.DataFrame({"cost": [1, 2, 3, 3, 4, 5], "objective": [5, 4, 7, 6, 7, 9], "feasible": True})
    assert frontier(rows)[["cost", "objective"]].values.tolist() == [[1, 5], [3, 7], [5, 9]]
    # minimising: lower is better → (1, 5), (2, 4)
    assert frontier(rows, maximise=False)[["cost", "objective"]].values.tolist() == [[1, 5], [2, 4]]


def test_on_the_model_the_best_setting_keeps_within_the_ceiling_when_run_again(qingxu):
    base = load_scenario(qingxu)
    levers = parse_factors(["policy.stars.award_per_star=0:3000", "policy.pension.per_star=0:200"])
    outcomes = parse_outcomes(["share_2plus_stars@2", "fiscal_cost@max"], 2, 2023)
    function = ModelFunction(base, levers, outcomes, 1, 11, 2, executor="sequential", progress=False)
    reference = function([{}])[0]  # the shipped levers (1,000 yuan per star, 50 per star and year)
    ceiling = float(reference[1])  # no more than the shipped system costs in its dearest year
    result = optimise(function, levers, ceiling, 6, 3, seed=11)
    best = result.best
    assert best is not None and never_above(result)
    again = ModelFunction(base, levers, outcomes, 1, 11, 2, executor="sequential", progress=False)
    objective, cost = again([{k.key: best[k.key] for k in levers}])[0]
    assert cost == best["cost"] <= ceiling and objective == best["objective"]  # common random numbers: the same runs
