"""Calibration recovers parameters from data simulated with them; targets files; the fitted overlay."""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.analysis import calibrate
from simtoolkit.analysis.evaluate import ModelFunction
from simtoolkit.analysis.factors import Factor, parse_factors
from simtoolkit.analysis.outcomes import parse_outcome, parse_outcomes
from simtoolkit.errors import InputError
from simtoolkit.scenario import load_scenario


def test_recovers_the_parameters_of_a_toy_model():
    # outputs (10a + 5b, 4a − 3b); data made with a = 0.3, b = 0.7 → (6.5, −0.9)
    factors = [Factor("a", 0.0, 1.0), Factor("b", 0.0, 1.0)]

    def model(points):
        x = np.array([[p["a"], p["b"]] for p in points])
        return np.column_stack([10 * x[:, 0] + 5 * x[:, 1], 4 * x[:, 0] - 3 * x[:, 1]])

    outcomes = [parse_outcome(n, 1, 2023, ["y1", "y2"]) for n in ("y1@1", "y2@1")]
    targets = [calibrate.Target(outcomes[0], 6.5, 0.1), calibrate.Target(outcomes[1], -0.9, 0.1)]
    fit = calibrate.fit(model, factors, targets, samples=64, rounds=4, seed=0)
    estimates = fit.estimates().set_index("parameter")
    assert fit.estimate["a"] == pytest.approx(0.3, abs=0.01) and fit.estimate["b"] == pytest.approx(0.7, abs=0.01)
    assert (estimates["low"] <= [0.3, 0.7]).all() and ([0.3, 0.7] <= estimates["high"]).all()
    assert (estimates["high"] - estimates["low"] < 0.1).all()  # the rounds narrowed the box
    assert list(fit.rounds["round"].unique()) == [1, 2, 3, 4]
    assert fit.fit_table()["miss_tolerances"].abs().max() < 1.0


def test_recovers_a_behaviour_parameter_from_counts_simulated_with_it(qingxu):
    # "data": the initial rating (year 1) of the Qingxu scenario with base_fraction = 0.69 (the shipped
    # value is 0.72), averaged over 4 replications drawn with another seed than the fit uses
    base = load_scenario(qingxu)
    truth = 0.69
    outcomes = parse_outcomes(["heads_2_stars@1", "heads_1_stars@1", "heads_0_stars@1"], 1, 2023)
    data = ModelFunction(base.with_changes({"behaviour.performance.base_fraction": truth}), [], outcomes, 4, 777, 1,
                         executor="sequential", progress=False)([{}])[0]
    targets = [calibrate.Target(o, v, calibrate.default_tolerance(v)) for o, v in zip(outcomes, data)]
    factors = parse_factors(["behaviour.performance.base_fraction=0.6:0.9"])
    function = ModelFunction(base, factors, outcomes, 2, 20230, 1, executor="sequential", progress=False)
    fit = calibrate.fit(function, factors, targets, samples=10, rounds=2, seed=1)
    row = fit.estimates().iloc[0]
    # 0.69 is where the first rating responds steeply (0.66 → ~4 two-star heads, 0.72 → ~19); above ~0.8 it
    # barely moves, so a truth there is not identified by these counts. Over data seeds 777–784 the estimate
    # fell within 0.01 of the truth; the band (accepted points of one fixed-seed simulator) is about 0.01 wide
    # and does not cover the data's own noise, so it is checked to hold the estimate, not the truth.
    assert abs(row["estimate"] - truth) < 0.03
    assert row["low"] <= row["estimate"] <= row["high"] and row["high"] - row["low"] < 0.3
    assert not function.failures


def test_shipped_targets_are_the_published_and_the_per_role_counts():
    totals = calibrate.read_targets("qingxu_initial_rating", 1, 2023)
    assert [(t.outcome.name, t.value) for t in totals] == [("heads_2_stars@1", 20), ("heads_1_stars@1", 173), ("heads_0_stars@1", 7)]
    assert all("2星20人,1星173人,不定星级7人" in t.source for t in totals)
    by_role = {t.outcome.name: t.value for t in calibrate.read_targets("qingxu_initial_rating_by_role", 1, 2023)}
    assert [by_role[f"secretaries_{k}_stars@1"] for k in (2, 1, 0)] == [19, 142, 4]
    assert [by_role[f"directors_{k}_stars@1"] for k in (2, 1, 0)] == [1, 31, 3]


def test_a_bad_targets_file_names_row_and_column(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("output,value,tolerance\nheads_2_stars@1,20,3\nheads_9_starz@1,5,1\nheads_1_stars@4,7,0\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        calibrate.read_targets(str(path), 1, 2023)
    text = "\n".join(exc.value.lines)
    assert "row 3, column output" in text and "unknown measure" in text
    assert "row 4" in text


@pytest.mark.parametrize("text,value,tolerance", [("heads_2_stars@1=20+-3", 20, 3), ("heads_2_stars@1=20±2", 20, 2),
                                                  ("heads_1_stars@1=169", 169, 13)])  # default √169 = 13
def test_target_option(text, value, tolerance):
    target = calibrate.parse_target(text, 1, 2023)
    assert (target.value, target.tolerance) == (value, tolerance)


def test_the_overlay_loads_as_the_fitted_scenario(qingxu, tmp_path):
    base = load_scenario(qingxu, {"policy.grades.excellent_quota": 12})
    estimate = {"behaviour.performance.base_fraction": 0.7712, "behaviour.heads.ability_sd": 7.5}
    fitted = base.with_changes(estimate)
    text = calibrate.overlay_text(qingxu, tmp_path, {"policy.grades.excellent_quota": 12, **estimate}, "fitted", ["a note"])
    assert text.startswith("# a note\nextends = ")
    (tmp_path / "fitted.toml").write_text(text, encoding="utf-8")
    assert load_scenario(tmp_path / "fitted.toml").digest == fitted.digest
