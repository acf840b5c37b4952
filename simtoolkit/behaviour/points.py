"""How households and members behave under Gaoyang's four mechanisms (RULES.md §E); the mechanisms themselves are
rule components (`rulebook/grid_problems.py`, `villager_points.py`, `member_points.py`, `thousand_point.py`):

- ``behaviour.grid``: households' problems, found on grid members' visits (the visits drawn by
  `CountyModel.update_satisfaction`, redrawn here from the same stream), resolved, weighing on satisfaction;
- ``policy.villager_points``: acts recorded by self-report or on a visit, monthly publicity,
  redemption at the points supermarket, booked per village as ``points_redemption``;
- ``policy.member_points``: members' duties and additions each month into ``members.points``;
- ``policy.thousand_point``: committees and heads assessed in June and December, rewards booked
  as ``committee_reward``, weak committees and unqualified members rectified for the next period.
"""

from __future__ import annotations

import numpy as np

from simtoolkit.scenario.errors import Problem, ScenarioError

from . import satisfaction

def where_set(config) -> str:
    """The scenario file to name in a problem."""
    return str(config.files[-1]) if config.files else "scenario"


def visited_households(model) -> np.ndarray:
    """The households a grid member visited this month: the same draws `CountyModel.update_satisfaction` made with the
    month plan's visit chances."""
    h = model.world.households
    return satisfaction.visited(model.streams.rng("grid_visits", model.year, model.month % 12), h.village, model.plan.visit_chance)


def monthly_chance(yearly: float) -> float:
    """The monthly chance that gives a yearly chance."""
    return 1.0 - (1.0 - yearly) ** (1.0 / 12.0)


def value_factors(P) -> tuple[float, float]:
    """How the value of a point scales positive acts (up) and negative acts (down)."""
    b = P.behaviour.points
    ratio = P.policy.villager_points.point_value / b.reference_point_value
    return ratio ** b.positive_elasticity, ratio ** (-b.negative_elasticity)


def recorded_counts(rng, rate: float, record_chance: np.ndarray, n_items: int) -> np.ndarray:
    """Recorded acts per household and item: Poisson, the rate shared equally by the items, thinned by recording."""
    mean = (rate / max(n_items, 1)) * record_chance[:, None]
    return rng.poisson(np.broadcast_to(mean, (record_chance.size, n_items))).astype(np.float64)


def performance_multiplier(fraction: np.ndarray, reference: float, elasticity: float) -> np.ndarray:
    """exp(elasticity × relative performance): more bonus occurrences above the reference, fewer below."""
    return np.exp(elasticity * (fraction / reference - 1.0))


def need_household_rows(config, world) -> None:
    """Refuse grid rows: these mechanisms follow each household (checked when a component using them starts)."""
    if world.households.size is not None:
        raise ScenarioError([Problem(where_set(config), "population", "points and grid problems need one row per household, not grid rows")])


def note_distribution(model, name: str, values: np.ndarray) -> None:
    """Mean and the 10th, 50th and 90th percentiles of a points column."""
    if values.size == 0:
        return
    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    for suffix, value in (("mean", values.mean()), ("p10", p10), ("p50", p50), ("p90", p90)):
        model.result.note(model, f"{name}_{suffix}", float(value))
