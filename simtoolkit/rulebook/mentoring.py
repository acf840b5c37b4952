"""定帮带 (RULES.md §A.5): every rated head without a star is paired with mentors, with an effect on performance."""

from __future__ import annotations

import numpy as np

from simtoolkit.rules import mentoring

from .component import Component


class Mentoring(Component):
    """2带1 pairing after each rating, and its boost to the mentees' performance while it lasts."""

    order = 100
    requires = ("policy.stars", "policy.mentoring")
    reads = ("policy.pay",)
    moments = ("rating",)
    items = ("mentoring",)
    head_columns = {"mentored_until": 0}
    indicators = ("mentees", "mentees_unpaired")

    def rating(self, P, m: int) -> None:
        """Pair every head rated this year who holds no star and is not already mentored, while the county has
        `mentors_per_mentee` heads with `mentor_min_stars` for each pair (pairs still running hold theirs; the source
        pairs "全部", all of them, within the county: it does not say within a township)."""
        model, mp = self.model, P.policy.mentoring
        heads = model.world.heads
        candidate = mentoring.mentees(heads.stars, model.slots.rated_now) & (heads.mentored_until < model.year)
        county = np.zeros(len(heads), np.int64)
        mentors = mentoring.mentors_available(heads.stars, county, mp.mentor_min_stars, 1)
        running = np.count_nonzero(heads.mentored_until >= model.year)
        places = np.maximum(mentors // mp.mentors_per_mentee - running, 0)
        mentee = mentoring.paired(candidate, county, heads.score, heads.id, places)
        self.note("mentees_unpaired", float((candidate & ~mentee).sum()))
        heads.mentored_until = np.where(mentee, model.year + mp.duration_years, heads.mentored_until).astype(np.int16)
        self.note("mentees", float(mentee.sum()))
        cost = np.where(mentee, mp.cost_per_pair * mp.duration_years, 0.0)
        model.ledger.book(m, "mentoring", P.policy.pay.payer, heads.township, heads.role, cost, heads.id)

    def performance_boost(self, P) -> np.ndarray:
        """The mentoring effect on the performance share of heads mentored this year."""
        return self.effort_boost(self.model.world.heads, self.model.year, P)

    @staticmethod
    def effort_boost(heads, year: int, P) -> np.ndarray:
        """The mentoring effect in `year` on the heads mentored then: the model's this year, the effort choice's next."""
        return np.where(heads.mentored_until >= year, P.policy.mentoring.effect, 0.0)
