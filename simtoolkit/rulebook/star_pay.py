"""Pay by star level from a table (policy.star_pay): monthly, annual, or once per level first reached paying only the
difference (博罗's rule for village awards, here for heads); the effort choice sees the value of each level."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import effort
from simtoolkit.rules import roles
from simtoolkit.rules.star_pay import by_stars, difference

from .component import Component


class StarPay(Component):
    """The table's amount for the stars each head in the listed roles holds."""

    order = 126  # with the year's pay, after the rating
    requires = ("policy.star_pay", "policy.stars")
    moments = ("month_pay", "year_pay")
    items = ("star_pay",)  # or the scenario's own item its `item` key names
    state = {"star_pay_best": ("int64", 0)}  # the best level paid once so far (a new holder: none)

    def month_pay(self, P, m: int) -> None:
        """Monthly: this month's amount for the stars held."""
        sp = P.policy.star_pay
        if sp.period == "monthly":
            self._book(m, by_stars(self.model.world.heads.stars, sp.table), P)

    def year_pay(self, P, m: int) -> None:
        """Annual: the year's amount; once: the difference of a level higher than any paid before."""
        sp, heads, slots = P.policy.star_pay, self.model.world.heads, self.model.slots
        if sp.period == "annual":
            self._book(m, by_stars(heads.stars, sp.table), P)
        elif sp.period == "one_off_difference":
            stars = heads.stars.astype(np.int64)
            self._book(m, difference(stars, slots.star_pay_best, sp.table), P)
            slots.star_pay_best = np.maximum(slots.star_pay_best, stars)

    def _book(self, m: int, amount: np.ndarray, P) -> None:
        """Book the amount to heads in post in the listed roles."""
        sp, heads = P.policy.star_pay, self.model.world.heads
        paid = amount * (roles.among(heads.role, sp.roles) & (heads.months_scored > 0))
        item, payer = self.booked_as(P, "policy.star_pay", "star_pay")
        self.model.ledger.book(m, item, payer, heads.township, heads.role, paid, heads.id)

    def star_value(self, levels, prospect, P) -> np.ndarray | float:
        """For the effort choice: the present value of holding each level (heads × levels) — 12 × the monthly or the
        annual amount × discounted years in post; once-paid levels: the difference over the stars held now (the best
        level paid is not in the effort choice's view: an approximation for heads whose stars fell)."""
        if not prospect.active("policy.star_pay"):
            return 0.0
        sp, heads = P.policy.star_pay, prospect.heads
        entitled = effort.among(heads.role, sp.roles)[:, None]
        if sp.period == "one_off_difference":
            return entitled * difference(levels, heads.stars.astype(np.int64)[:, None], sp.table)
        per_year = (12.0 if sp.period == "monthly" else 1.0) * by_stars(levels, sp.table)
        return entitled * per_year * prospect.post_years[:, None]
