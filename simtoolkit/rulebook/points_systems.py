"""Gaoyang's points systems and grid management (RULES.md §E): grid problems, villager points, members' points,
thousand-point assessment of committees. The mechanisms are `behaviour.points.PointsSystems`."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import points

from .component import Component


class PointsSystems(Component):
    """Gaoyang's mechanisms on the calendar, each behind its own group."""

    order = 60
    any_of = points.GROUPS
    reads = ("behaviour.points",)
    moments = ("month", "half_year", "year_report")
    items = ("points_redemption", "committee_reward")
    indicators = ("grid_problems_*", "villager_*", "committee_*", "committees_*", "member_points_*", "members_*")
    replans_monthly = True  # committees enter and leave rectification within the year

    def __init__(self, model):
        super().__init__(model)
        self.mechanism = model.points = points.PointsSystems(model)

    def month(self, P, m: int) -> None:
        """The month's problems, acts, points and redemptions."""
        self.mechanism.monthly(self.model, P)

    def half_year(self, P, m: int) -> None:
        """千分制 assessment in June and December."""
        if self.model.config.has("policy.thousand_point"):
            self.mechanism.half_yearly(self.model, P)

    def year_report(self, P, m: int) -> None:
        """The year's indicators of the points systems."""
        self.mechanism.yearly(self.model, P)

    def performance_boost(self, P) -> np.ndarray | float:
        """Weak committees under rectification work harder."""
        if not self.model.config.has("policy.thousand_point"):
            return 0.0
        return self.mechanism.rectification_boost(self.model, P)
