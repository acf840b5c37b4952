"""Replications of one scenario: each a CountyModel run with its own streams (seed, replication)."""

from __future__ import annotations

from collections.abc import Callable

from simtoolkit.model import CountyModel
from simtoolkit.results import Result
from simtoolkit.scenario import Scenario
from simtoolkit.world.roster import Roster


def run_one(scenario: Scenario, replication: int, seed: int | None = None, years: int | None = None,
            roster: Roster | None = None) -> Result:
    """Run one replication (on the county's roster when given) and return its result."""
    return CountyModel(scenario, replication=replication, seed=seed, years=years, roster=roster).run()


def replicate(scenario: Scenario, reps: int | None = None, seed: int | None = None, years: int | None = None,
              progress: Callable[[int], None] | None = None) -> list[Result]:
    """Run replications 0..reps-1 in order (the parallel runner gives identical results)."""
    reps = scenario.value("run.replications") if reps is None else reps
    results = []
    for k in range(reps):
        results.append(run_one(scenario, k, seed, years))
        if progress:
            progress(k + 1)
    return results
