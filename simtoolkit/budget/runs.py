"""Replications for the budget office: results plus each replication's world at the start and the end.

Until the experiment runner takes a roster and hands back worlds, this runs replications itself,
exactly as `experiments.replicate` does (same models, same streams, so the same ledger).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from simtoolkit.model import CountyModel
from simtoolkit.results import Result
from simtoolkit.scenario import Scenario
from simtoolkit.world.roster import Roster
from simtoolkit.world.world import World


@dataclass
class Runs:
    """Replications of one scenario: results and worlds, in replication order."""

    scenario: Scenario
    results: list[Result]
    start_worlds: list[World]
    end_worlds: list[World]
    seed: int
    years: int


def simulate(scenario: Scenario, reps: int, seed: int, years: int, roster: Roster | None = None) -> Runs:
    """Run replications 0..reps-1, keeping a copy of each world before and after."""
    results, starts, ends = [], [], []
    for k in range(reps):
        model = CountyModel(scenario, replication=k, seed=seed, years=years, roster=roster)
        starts.append(copy.deepcopy(model.world))
        results.append(model.run())
        ends.append(model.world)
    return Runs(scenario, results, starts, ends, seed, years)


@dataclass(frozen=True)
class RosterReplication:
    """The experiment runner's task for a roster run: one replication built from the roster (picklable)."""

    roster: Roster

    def __call__(self, scenario: Scenario, replication: int, seed: int, years: int):
        """Run one replication from the roster and keep the runner's compact record."""
        from simtoolkit.experiments.record import Record

        return Record.from_result(CountyModel(scenario, replication=replication, seed=seed, years=years, roster=self.roster).run())


def roster_task(roster: Roster | None) -> RosterReplication | None:
    """The runner task for a roster (None runs the default synthetic replication)."""
    return RosterReplication(roster) if roster is not None and roster.given else None
