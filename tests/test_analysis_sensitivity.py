"""Sobol and Morris indices against functions whose indices are known analytically; common random numbers on the model."""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.analysis import sensitivity
from simtoolkit.analysis.evaluate import ModelFunction
from simtoolkit.analysis.factors import Factor, parse_factors
from simtoolkit.analysis.outcomes import parse_outcomes
from simtoolkit.scenario import load_scenario


def table_of(factors, function):
    """A points → array function evaluating `function` on the factors' values (point × 1)."""
    def evaluate(points):
        x = np.array([[p[f.key] for f in factors] for p in points], dtype=float)
        return function(x)[:, None]
    return evaluate


def within(rows, column, expected):
    """True when each expected value lies in the row's [low, high] interval."""
    return all(r[f"{column}_low"] <= e <= r[f"{column}_high"] for (_, r), e in zip(rows.iterrows(), expected))


def test_linear_additive_model_indices_match_the_analytic_values():
    # Y = 1·X1 + 2·X2 + 3·X3 + 0·X4, Xi ~ U(0, 1): Var(a·X) = a²/12, so Si = ai² / (1 + 4 + 9 + 0):
    # S1 = ST = 1/14 ≈ 0.071, 4/14 ≈ 0.286, 9/14 ≈ 0.643, 0 (no interactions, so first = total order)
    factors = [Factor(k, 0.0, 1.0) for k in ("x1", "x2", "x3", "x4")]
    result = sensitivity.sobol(table_of(factors, lambda x: x @ np.array([1.0, 2.0, 3.0, 0.0])), factors, ["y"], 1024, seed=3)
    expected = np.array([1.0, 4.0, 9.0, 0.0]) / 14.0
    rows = result.indices
    assert list(rows.columns) == sensitivity.SOBOL_COLUMNS
    assert within(rows, "S1", expected) and within(rows, "ST", expected)
    assert np.allclose(rows["S1"], expected, atol=0.03) and np.allclose(rows["ST"], expected, atol=0.03)
    assert len(result.points) == 1024 * (4 + 2)  # Saltelli without second order: N·(d + 2)


def test_ishigami_indices_lie_in_their_intervals():
    # Ishigami, a = 7, b = 0.1, Xi ~ U(-π, π) (Sobol' & Levitan 1999):
    # V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2; V1 = (1 + bπ⁴/5)²/2; V2 = a²/8; V13 = b²π⁸(1/18 − 1/50)
    # S = (V1, V2, 0)/V ≈ (0.314, 0.442, 0); ST = (V1 + V13, V2, V13)/V ≈ (0.558, 0.442, 0.244)
    a, b, pi = 7.0, 0.1, np.pi
    v = a**2 / 8 + b * pi**4 / 5 + b**2 * pi**8 / 18 + 0.5
    v1, v2, v13 = 0.5 * (1 + b * pi**4 / 5) ** 2, a**2 / 8, b**2 * pi**8 * (1 / 18 - 1 / 50)
    factors = [Factor(k, -pi, pi) for k in ("x1", "x2", "x3")]

    def ishigami(x):
        return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])

    rows = sensitivity.sobol(table_of(factors, ishigami), factors, ["y"], 2048, seed=1).indices
    assert within(rows, "S1", [v1 / v, v2 / v, 0.0])
    assert within(rows, "ST", [(v1 + v13) / v, v2 / v, v13 / v])
    # x3 acts only with x1: no first-order effect, a clear total effect
    assert rows.loc[2, "S1_high"] < 0.1 < rows.loc[2, "ST_low"]


def test_morris_of_a_linear_model_gives_each_slope_times_range_and_no_spread():
    # Y = 1·a + 2·b + 3·c with a ∈ [0, 1], b ∈ [0, 2], c ∈ [0, 1]: an elementary effect per whole range
    # is slope × range = 1, 4, 3, the same everywhere (σ = 0)
    factors = [Factor("a", 0.0, 1.0), Factor("b", 0.0, 2.0), Factor("c", 0.0, 1.0)]
    result = sensitivity.morris(table_of(factors, lambda x: x @ np.array([1.0, 2.0, 3.0])), factors, ["y"], 10, seed=2)
    rows = result.indices
    assert list(rows.columns) == sensitivity.MORRIS_COLUMNS
    assert np.allclose(rows["mu_star"], [1.0, 4.0, 3.0], rtol=1e-4)
    assert np.allclose(rows["mu"], rows["mu_star"]) and np.allclose(rows["sigma"], 0.0, atol=1e-4)
    assert len(result.points) == 10 * (3 + 1)


def test_a_constant_output_has_zero_indices_and_is_named():
    factors = [Factor("a", 0.0, 1.0), Factor("b", 0.0, 1.0)]
    result = sensitivity.sobol(table_of(factors, lambda x: np.full(len(x), 5.0)), factors, ["flat"], 16, seed=0)
    assert result.constant == ["flat"] and (result.indices[["S1", "ST"]] == 0).all().all()


@pytest.mark.parametrize("n,expected", [(512, True), (64, True), (1, True), (100, False), (0, False)])
def test_sobol_needs_a_power_of_two(n, expected):
    assert sensitivity.is_power_of_two(n) is expected


def test_common_random_numbers_make_an_inert_parameter_exactly_zero(qingxu):
    # The retirement top-up is paid after leaving office; without a burn-in it cannot change the initial rating of
    # year 1 (effort in year 1 is then the initial effort). With the same seed and replication at every point the
    # count is then identical whenever only the top-up differs, so its total-order index is exactly 0;
    # with different draws per point it would pick up noise. (After a burn-in, year 1's effort already answers the
    # top-up, so it is no longer inert.)
    base = load_scenario(qingxu, {"run.burn_in_years": 0})
    factors = parse_factors(["behaviour.performance.base_fraction=0.6:0.9", "policy.retirement.per_star_monthly=0:30"])
    outcomes = parse_outcomes(["heads_1_stars@1"], 1, 2023)
    function = ModelFunction(base, factors, outcomes, 1, 5, 1, executor="sequential", progress=False)
    rows = sensitivity.sobol(function, factors, ["heads_1_stars@1"], 4, seed=5).indices.set_index("parameter")
    assert rows.loc["policy.retirement.per_star_monthly", ["S1", "ST"]].tolist() == [0.0, 0.0]
    assert rows.loc["behaviour.performance.base_fraction", "ST"] > 0.5
    assert function.ran == 4 * (2 + 2) and not function.failures
