"""达标身份: statuses a head is granted when a written condition holds at the year's rating (policy.statuses) — a
reserve list, a treatment level — kept once granted or held only while the condition holds, each paying its yearly
amount while held. Heads weigh the pay of a status their outcome next year would grant."""

from __future__ import annotations

import numpy as np

from simtoolkit.rules.star_formula import condition, with_grades

from . import conditions
from .component import Component


def granted(rows, holding: np.ndarray, columns: dict) -> np.ndarray:
    """Each status held after a rating, a bit per row of the list: granted where its condition holds, and kept from
    before where the status is kept once granted (`holding`: the bits held before; broadcast against the columns)."""
    named = with_grades(columns)
    held = np.zeros(np.broadcast(holding, columns["grade"]).shape, np.int64)
    for k, row in enumerate(rows):
        now = np.broadcast_to(condition(row["when"])(named), held.shape)
        if row["kept"]:
            now = now | ((holding >> k) & 1 > 0)
        held |= now.astype(np.int64) << k
    return held


class Statuses(Component):
    """The statuses held by each head, renewed at each rating and paid with the year's pay."""

    order = 92  # after the rating (90), whose stars its conditions read; before the record takes this year's grade (95)
    requires = ("policy.statuses", "policy.stars")
    reads = ("policy.tenure_continuity", "policy.grades")  # years in post across a break; the grade bands of outcomes
    moments = ("rating", "year_pay")
    items = ("status_pay",)
    indicators = ("status_holders",)
    state = {"statuses": ("int32", 0)}  # a bit per row of the list; a new holder has none

    def rating(self, P, m: int) -> None:
        """Grant (and withdraw what is not kept) from this year's rating of the heads rated."""
        model, slots = self.model, self.model.slots
        before = np.maximum(slots.last_stars, 0)  # the stars before this rating (Persistence's, kept at last year's end)
        columns = {**conditions.at_rating(model, m, before, P), "stars": model.world.heads.stars.astype(np.int64)}
        now = granted(P.policy.statuses.list, slots.statuses, columns)
        slots.statuses = np.where(slots.rated_now, now, slots.statuses).astype(np.int32)
        self.note("status_holders", float((slots.statuses > 0).sum()))

    def year_pay(self, P, m: int) -> None:
        """Each status's yearly pay to its holders, booked with the year's pay."""
        heads, held = self.model.world.heads, self.model.slots.statuses
        for k, row in enumerate(P.policy.statuses.list):
            holders = (held >> k) & 1 > 0
            if row["yearly_pay"] > 0 and holders.any():
                self.model.ledger.book(m, "status_pay", row["payer"], heads.township[holders], heads.role[holders],
                                       row["yearly_pay"], heads.id[holders])

    def effort_money(self, prospect, P) -> np.ndarray:
        """The pay of the statuses each outcome of next year would leave the head holding (heads × outcomes): next
        year's, and for a status kept once granted the years in post after it while the post is kept."""
        heads = prospect.heads
        if prospect.stars is None:
            return np.zeros((len(heads), prospect.grade.size))
        columns = {**conditions.on_outcomes(self.model, prospect, P), "stars": prospect.stars}
        held = granted(P.policy.statuses.list, prospect.seen.statuses[:, None], columns)
        next_year = (prospect.post_years - prospect.after_years)[:, None]  # next year's weight among the years in post
        later = prospect.after_years[:, None] * prospect.kept
        money = np.zeros(held.shape)
        for k, row in enumerate(P.policy.statuses.list):
            years = next_year + later if row["kept"] else next_year
            money += row["yearly_pay"] * years * ((held >> k) & 1 > 0)
        return money
