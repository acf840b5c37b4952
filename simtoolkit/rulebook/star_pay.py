"""Pay by star level from a table (policy.star_pay): monthly, annual, or once per level first reached paying only the
difference (博罗's rule for village awards, here for heads), where the optional conditions on the village's collective
income hold; the effort choice sees the value of each level."""

from __future__ import annotations

from functools import cache

import numpy as np

from simtoolkit.behaviour import effort
from simtoolkit.rules import roles
from simtoolkit.rules.star_pay import by_stars, difference
from simtoolkit.scenario.expressions import compile_expression

from .component import Component

VILLAGE_NAMES = {"collective_income": "village_income", "income_growth": "village_growth"}  # a condition's names → hooks


@cache
def condition(text: str):
    """A condition, checked and compiled once."""
    return compile_expression(text, VILLAGE_NAMES)


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
            slots.star_pay_best = np.where(self._held(sp), np.maximum(slots.star_pay_best, stars), slots.star_pay_best)

    def _book(self, m: int, amount: np.ndarray, P) -> None:
        """Book the amount to heads in post in the listed roles, where the conditions hold."""
        sp, heads = P.policy.star_pay, self.model.world.heads
        paid = amount * (roles.among(heads.role, sp.roles) & (heads.months_scored > 0) & self._held(sp))
        item, payer = self.booked_as(P, "policy.star_pay", "star_pay")
        self.model.ledger.book(m, item, payer, heads.township, heads.role, paid, heads.id)

    def _held(self, sp, village=None) -> np.ndarray | bool:
        """Whether every condition holds for each head's village now (no conditions: True); the village's collective
        income and growth come from their keeper's hooks (policy.cadre_rewards, required at load)."""
        rows = sp.get("conditions")
        if not rows:
            return True
        village = self.model.world.heads.village if village is None else village
        columns = {name: next(hook() for hook in self.model.rulebook.hooks(hook))[village] for name, hook in VILLAGE_NAMES.items()}
        held = np.ones(village.shape, bool)
        for row in rows:
            held &= np.broadcast_to(np.asarray(condition(row["when"])(columns), bool), village.shape)
        return held

    def star_value(self, levels, prospect, P) -> np.ndarray | float:
        """For the effort choice: the present value of holding each level (heads × levels) — 12 × the monthly or the
        annual amount × discounted years in post; once-paid levels: the difference over the stars held now (the best
        level paid is not in the effort choice's view: an approximation for heads whose stars fell); with conditions, only
        heads whose village meets them now (next year's growth is not foreseen)."""
        if not prospect.active("policy.star_pay"):
            return 0.0
        sp, heads = P.policy.star_pay, prospect.heads
        entitled = (effort.among(heads.role, sp.roles) & self._held(sp, heads.village))[:, None]  # conditions: as they hold now
        if sp.period == "one_off_difference":
            return entitled * difference(levels, heads.stars.astype(np.int64)[:, None], sp.table)
        per_year = (12.0 if sp.period == "monthly" else 1.0) * by_stars(levels, sp.table)
        return entitled * per_year * prospect.post_years[:, None]
