"""网格化管理 (RULES.md §E, Gaoyang): households' problems arise, grid members' visits (or households themselves) bring
them to light, found ones are resolved; open problems weigh on satisfaction."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import points

from .component import Component


class GridProblems(Component):
    """Each household's open and found problem, month by month."""

    order = 60
    requires = ("behaviour.grid",)
    reads = ("behaviour.satisfaction",)
    moments = ("month", "year_report")
    indicators = ("grid_problems_new", "grid_problems_found", "grid_problems_resolved", "grid_problems_open")

    def __init__(self, model):
        super().__init__(model)
        points.need_household_rows(model.config, model.world)
        n = len(model.world.households)
        self.open_problem, self.found_problem = np.zeros(n, bool), np.zeros(n, bool)

    def month(self, P, m: int) -> None:
        """New problems (stream `grid_problems`), found on this month's visits, resolved; satisfaction drops."""
        model, g, h = self.model, P.behaviour.grid, self.model.world.households
        visited = points.visited_households(model)
        draws = model.streams.rng("grid_problems", model.year, m % 12).random((3, len(h)))
        new = ~self.open_problem & (draws[0] < g.problem_rate)
        self.open_problem |= new
        chance = np.where(visited, 1.0 - (1.0 - g.detection_per_visit) * (1.0 - g.detection_without_visit), g.detection_without_visit)
        found = self.open_problem & ~self.found_problem & (draws[1] < chance)
        self.found_problem |= found
        resolved = self.found_problem & (draws[2] < g.resolution_rate)
        self.open_problem &= ~resolved
        self.found_problem &= ~resolved
        # lowering the target by the effect moves satisfaction by the adjustment rate times it
        drop = P.behaviour.satisfaction.adjustment_rate * g.open_problem_effect * self.open_problem
        h.satisfaction[...] = np.clip(h.satisfaction - drop, 0.0, 1.0)  # in place, as the satisfaction update keeps it
        for name, value in (("grid_problems_new", new), ("grid_problems_found", found), ("grid_problems_resolved", resolved)):
            self.note(name, float(value.sum()))

    def year_report(self, P, m: int) -> None:
        """Problems still open at the year's end."""
        self.note("grid_problems_open", float(self.open_problem.sum()))
