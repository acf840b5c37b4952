"""Pay by the year's grade (policy.grade_pay): the table's amount for the grade, with multipliers and deductions under
written conditions and a floor (`rules/grade_pay.py`), booked with the year's rating to the heads graded in the listed
roles; the effort choice sees next year's amount in each outcome."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import effort
from simtoolkit.rules import grade_pay, roles

from . import conditions
from .component import Component


class GradePay(Component):
    """The year's amount by grade for the heads graded in the listed roles."""

    order = 93  # at the rating, after the stars (90) its conditions may read, before the record takes this year (95)
    requires = ("policy.grade_pay",)
    reads = ("policy.tenure_continuity", "policy.grades")  # years in post across a break; the grade bands of outcomes
    moments = ("rating",)
    items = ("grade_pay",)

    def rating(self, P, m: int) -> None:
        """Book the year's amount (December, with the rating)."""
        model, G = self.model, P.policy.grade_pay
        heads = model.world.heads
        held = np.maximum(getattr(model.slots, "last_stars"), 0)  # the stars before this rating (Persistence's)
        pay = grade_pay.amount(G, {**conditions.at_rating(model, m, held, P), "stars": heads.stars.astype(np.int64)})
        paid = pay * roles.among(heads.role, G.roles)
        model.ledger.book(m, "grade_pay", G.payer, heads.township, heads.role, paid, heads.id)

    def effort_money(self, prospect, P) -> np.ndarray:
        """Next year's amount in each outcome (heads × outcomes), discounted as next year's share of the years in post."""
        G, heads = P.policy.grade_pay, prospect.heads
        stars = prospect.stars if prospect.stars is not None else heads.stars.astype(np.int64)[:, None]
        pay = grade_pay.amount(G, {**conditions.on_outcomes(self.model, prospect, P), "stars": stars})
        entitled = effort.among(heads.role, G.roles)[:, None]
        return entitled * pay * (prospect.post_years - prospect.after_years)[:, None]
