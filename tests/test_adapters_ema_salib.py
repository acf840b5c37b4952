"""EMA Workbench and SALib drive `as_function` with the few lines the README shows, and get its numbers."""

from __future__ import annotations

import numpy as np
import pytest

import simtoolkit
from simtoolkit.scenario import load_schema
from tests.conftest import SCENARIOS

QINGXU = SCENARIOS / "qingxu.toml"
AWARD = "policy.stars.award_per_star"


def test_ema_model_bounds_labels_and_results_equal_the_function():
    ema_workbench = pytest.importorskip("ema_workbench")
    import simtoolkit.ema

    model = simtoolkit.ema.model(QINGXU, levers=[AWARD], uncertainties=["behaviour.performance.base_fraction=0.6:0.85"],
                                 outcomes=["fiscal_cost@2"], reps=2, seed=5)
    award = model.levers["award_per_star"]
    schema = load_schema().params[AWARD]
    assert (award.lower_bound, award.upper_bound) == (schema.min, schema.max)  # a bare key: the schema's range
    assert model.uncertainties["base_fraction"].upper_bound == 0.85
    assert model.labels["award_per_star"].startswith(schema.label("en"))
    experiments, outcomes = ema_workbench.perform_experiments(model, scenarios=2, policies=1)
    for i in range(2):
        point = {"award_per_star": experiments["award_per_star"][i], "base_fraction": experiments["base_fraction"][i]}
        assert outcomes["fiscal_cost_at_2"][i] == model.function(**point)["fiscal_cost@2"]


def test_salib_problem_spec_in_three_lines():
    from SALib import ProblemSpec

    f = simtoolkit.as_function(QINGXU, params=[f"{AWARD}=500:2000", "behaviour.performance.base_fraction=0.6:0.85"],
                               outputs=["fiscal_cost@2", "share_2plus_stars@2"], reps=2)
    sp = ProblemSpec(f.problem)
    sp.sample_sobol(4, calc_second_order=False).evaluate(f.array).analyze_sobol(calc_second_order=False)
    X, Y = sp.samples, sp.results
    assert Y.shape == (4 * 4, 2) and not np.isnan(Y).any()
    assert Y[3].tolist() == list(f.batch([dict(zip(f.problem["names"], X[3]))])[0].values())[::2]
    assert set(sp.analysis) == {"fiscal_cost_at_2", "share_2plus_stars_at_2"}
    assert sp.analysis["fiscal_cost_at_2"]["ST"].shape == (2,)
