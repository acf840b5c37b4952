"""党员积分制 (RULES.md §E, Gaoyang): members miss duties and do acts at their category's rates; their points move by
their category's rows each month, from a base each year."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import points
from simtoolkit.rules import member_points

from .component import Component


class MemberPoints(Component):
    """Members' points (`members.points`), month by month."""

    order = 60.2
    requires = ("policy.member_points",)
    reads = ("behaviour.points",)
    moments = ("month", "year_report")
    indicators = ("member_points_*",)

    def __init__(self, model):
        super().__init__(model)
        P = model.params()
        mp = P.policy.member_points
        self.duty_rate, self.acts_per_year = member_points.category_rates(P.behaviour.points.member_behaviour)
        self.occasions = member_points.by_category(mp.duties, "occasions_per_year") / 12.0  # a month's share
        self.deduction = member_points.by_category(mp.duties, "deduction")
        self.addition = member_points.by_category(mp.additions, "points")

    def month(self, P, m: int) -> None:
        """The month's missed duties and acts (stream `member_point_items`)."""
        members = self.model.world.members
        if m % 12 == 0:
            members.points[:] = P.policy.member_points.base_points
        cat = members.category.astype(np.int64)
        rng = self.model.streams.rng("member_point_items", self.model.year, m % 12)
        missed = rng.poisson(self.occasions[cat] * (1.0 - self.duty_rate[cat])[:, None])
        # one draw per member and row; a row of another category has no points for this member
        acts = rng.poisson(np.broadcast_to((self.acts_per_year[cat] / 12.0)[:, None], self.addition[cat].shape))
        change = member_points.additions(acts, self.addition[cat]) - member_points.deductions(missed, self.deduction[cat])
        members.points += change.astype(members.points.dtype)

    def year_report(self, P, m: int) -> None:
        """The year's distribution of points, and each category's mean."""
        model, members = self.model, self.model.world.members
        points.note_distribution(model, "member_points", members.points.astype(np.float64))
        for code, letter in enumerate(member_points.CATEGORIES):
            chosen = members.category == code
            self.note(f"member_points_mean_{letter}", float(members.points[chosen].mean()) if chosen.any() else 0.0)
