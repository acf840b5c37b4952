"""定帮带 (RULES.md §A.5): every rated head without a star is paired with mentors, with an effect on performance."""

from __future__ import annotations

import numpy as np

from simtoolkit.rules import mentoring

from .component import Component


class Mentoring(Component):
    """2带1 pairing after each rating, and its boost to the mentees' performance while it lasts."""

    requires = ("policy.stars", "policy.mentoring")
    reads = ("policy.pay",)
    moments = ("rating",)
    items = ("mentoring",)
    indicators = ("mentees",)

    def rating(self, P, m: int) -> None:
        """Pair every head rated this year who holds no star and is not already mentored."""
        model, mp = self.model, P.policy.mentoring
        heads = model.world.heads
        mentee = mentoring.mentees(heads.stars, model.slots.rated_now) & (heads.mentored_until < model.year)
        heads.mentored_until = np.where(mentee, model.year + mp.duration_years, heads.mentored_until).astype(np.int16)
        self.note("mentees", float(mentee.sum()))
        cost = np.where(mentee, mp.cost_per_pair * mp.duration_years, 0.0)
        model.ledger.book(m, "mentoring", P.policy.pay.payer, heads.township, heads.role, cost, heads.id)

    def performance_boost(self, P) -> np.ndarray:
        """The mentoring effect on the performance share of heads mentored this year."""
        heads = self.model.world.heads
        return np.where(heads.mentored_until >= self.model.year, P.policy.mentoring.effect, 0.0)
