"""The model as a function: common random numbers, repeated points run once, failed replications left out."""

from __future__ import annotations

import numpy as np

from simtoolkit.analysis.evaluate import ModelFunction
from simtoolkit.analysis.factors import parse_factors
from simtoolkit.analysis.outcomes import parse_outcomes
from simtoolkit.experiments.runner import simulate_replication
from simtoolkit.scenario import load_scenario

AWARD = "policy.stars.award_per_star"


def failing_at_high_awards(scenario, replication, seed, years):
    """The model, except that replication 1 raises when the award is above 1,500 yuan."""
    if replication == 1 and scenario.raw(AWARD) > 1500:
        raise RuntimeError("made to fail")
    return simulate_replication(scenario, replication, seed, years)


def test_points_share_draws_repeats_run_once_and_failures_are_nan(qingxu):
    base = load_scenario(qingxu)
    outcomes = parse_outcomes(["heads_1_stars@1", "cost_star_award@2"], 2, 2023)
    function = ModelFunction(base, parse_factors([f"{AWARD}=0:3000"]), outcomes, 2, 9, 2, executor="sequential",
                             progress=False, simulate=failing_at_high_awards)
    per_rep = function.replications([{AWARD: 1000}, {AWARD: 2000}, {AWARD: 1000}])
    # the award is paid after the initial rating, so the rating is the same at every point (same draws),
    # and the award bill of year 2 scales with it: 2,000 yuan a star is twice 1,000
    assert per_rep[0, :, 0].tolist() == per_rep[2, :, 0].tolist() and per_rep[1, 0, 0] == per_rep[0, 0, 0]
    assert per_rep[1, 0, 1] == 2 * per_rep[0, 0, 1] > 0
    # replication 1 of the 2,000-yuan point failed: NaN there, recorded, the mean uses replication 0
    assert np.isnan(per_rep[1, 1]).all() and len(function.failures) == 1
    assert function.failures[0].replication == 1 and "made to fail" in function.failures[0].error
    assert function.ran == 3  # the repeated 1,000-yuan point ran once: 2 + 1 replications succeeded
    means = function([{AWARD: 2000}])
    assert means[0, 1] == per_rep[1, 0, 1]
