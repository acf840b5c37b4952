"""A retirement subsidy by years served × role (policy.service_subsidy; 句容 2019): paid monthly to former heads alive,
out of office and old enough; the liabilities value it through `after_exit`."""

from __future__ import annotations

import numpy as np

from simtoolkit.rules import roles
from simtoolkit.rules.service_subsidy import monthly

from .component import Component


def monthly_amounts(people, year: int, P) -> np.ndarray:
    """Each former head's monthly subsidy in `year` if alive: the one rule the model pays and the liabilities value."""
    s = P.policy.service_subsidy
    due = (people.exit_year < year) & (year - people.birth_year >= s.from_age)
    return monthly(people.years_served, people.role, s.table, roles.own(P)) * due


class ServiceSubsidy(Component):
    """The year's subsidies by years served and role, booked in January for every month (standing payments)."""

    order = 31  # with the retirement subsidy
    requires = ("policy.service_subsidy",)
    moments = ("month_pay",)
    items = ("service_subsidy",)  # or the scenario's own item its `item` key names

    def month_pay(self, P, m: int) -> None:
        """In January, book the year's subsidy to those alive who left before this year."""
        r = self.model.world.retirees
        if m % 12 or len(r) == 0:
            return
        amount = monthly_amounts(r, self.model.year, P)
        paid = r.alive & (amount > 0)
        item, payer = self.booked_as(P, "policy.service_subsidy", "service_subsidy")
        self.model.ledger.book_monthly(m, 12, item, payer, r.township[paid], r.role[paid], amount[paid], r.id[paid])

    @staticmethod
    def after_exit(people, year: int, P, in_post: bool = False) -> dict[str, np.ndarray]:
        """Monthly amount owed in `year` to `people` (retirees' columns) if alive: read by the liabilities."""
        return {P.get("policy.service_subsidy.item", "service_subsidy"): monthly_amounts(people, year, P)}
