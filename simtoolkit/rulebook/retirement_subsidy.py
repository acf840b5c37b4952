"""离任补贴 (RULES.md §A.8 retirement): the standard subsidy and the top-up per star, to former heads alive and eligible."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import effort
from simtoolkit.rules import eligibility, incentives
from simtoolkit.rules import roles

from .component import Component


def monthly_amounts(retirees, year: int, P) -> tuple[np.ndarray, np.ndarray]:
    """Each former head's monthly (standard, per-star top-up) subsidy in `year` if alive: the one rule the model pays
    and the liabilities value (`retirees`: any table with the retirees' columns)."""
    age = year - retirees.birth_year
    eligible_from = np.maximum(retirees.exit_year + 1, retirees.birth_year + P.policy.retirement.min_age)
    entitled = roles.among(retirees.role, P.policy.retirement.star_roles)
    standard, topup = incentives.retirement_subsidy(age, retirees.years_served, year - eligible_from, retirees.stars_at_exit, entitled, P)
    left = retirees.exit_year < year  # paid after leaving office
    return standard * left, topup * left


class RetirementSubsidy(Component):
    """The monthly retirement subsidies of the year, booked in January for every month (standing payments)."""

    order = 30
    reads = ("policy.retirement",)
    moments = ("month_pay",)
    items = ("retirement_subsidy", "retirement_star_topup")

    def month_pay(self, P, m: int) -> None:
        """In January, book the year's subsidies to those alive who left before this year."""
        r = self.model.world.retirees
        if m % 12 or len(r) == 0:
            return
        model = self.model
        standard, topup = monthly_amounts(r, model.year, P)
        alive = r.alive & (r.exit_year < model.year)
        payer = P.policy.retirement.payer
        for item, amount in (("retirement_subsidy", standard), ("retirement_star_topup", topup)):
            paid = alive & (amount > 0)
            model.ledger.book_monthly(m, 12 - m % 12, item, payer, r.township[paid], r.role[paid], amount[paid], r.id[paid])

    @staticmethod
    def after_exit(people, year: int, P, in_post: bool = False) -> dict[str, np.ndarray]:
        """Monthly amounts by item owed in `year` to `people` (retirees' columns) if alive: read by the liabilities."""
        return dict(zip(("retirement_subsidy", "retirement_star_topup"), monthly_amounts(people, year, P)))

    def star_value(self, levels, prospect, P) -> np.ndarray | float:
        """For the effort choice: the present value of the top-up per star held at exit (`levels`, heads × levels):
        12 × the monthly top-up × the discounted, survival-weighted years of subsidy after leaving at the leaving age,
        for heads in the entitled roles who will have served long enough (0 without the retirement group)."""
        if not prospect.active("policy.retirement"):
            return 0.0
        r, heads = P.policy.retirement, prospect.heads
        served = eligibility.months_in_post(heads.start_month, prospect.month) / 12.0 + prospect.remaining
        years = (served >= r.min_years_served) * effort.after_leaving(prospect.age, heads.sex, r.min_age, r.duration_years, P)
        entitled = effort.among(heads.role, r.star_roles)
        return 12 * r.per_star_monthly * levels * (entitled * years)[:, None]
