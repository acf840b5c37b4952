"""任职年限补贴: a yearly allowance per whole year in post, paid with the year's pay to heads in the listed roles
(CONTRIBUTING.md's worked example of adding a rule; no shipped place has it)."""

from __future__ import annotations

import numpy as np

from simtoolkit.rules import eligibility, roles

from .component import Component


def allowance(years_in_post, entitled, per_year: float) -> np.ndarray:
    """The year's allowance: `per_year` × whole years in post, to entitled heads."""
    return np.where(entitled, per_year * np.floor(years_in_post + 1e-9), 0.0)


class TenureAllowance(Component):
    """The yearly allowance per whole year in post, and its value to a head who keeps the post."""

    order = 125  # with the year's pay
    requires = ("policy.tenure_allowance",)
    moments = ("year_pay",)
    items = ("tenure_allowance",)

    def year_pay(self, P, m: int) -> None:
        """Book the allowance of heads in post this year."""
        heads, ta = self.model.world.heads, P.policy.tenure_allowance
        years = eligibility.months_in_post(heads.start_month, m) / 12.0
        amount = allowance(years, roles.among(heads.role, ta.roles) & (heads.months_scored > 0), ta.per_year_served)
        self.model.ledger.book(m, "tenure_allowance", ta.payer, heads.township, heads.role, amount, heads.id)

    def effort_money(self, prospect, P) -> np.ndarray:
        """Next year's allowance in every outcome, and the years after it only while the post is kept."""
        ta = P.policy.tenure_allowance
        entitled = roles.among(prospect.heads.role, ta.roles)
        next_year = allowance(prospect.years_in_post, entitled, ta.per_year_served)
        this_year = next_year * (prospect.post_years - prospect.after_years)  # discounted: next year's share of the years
        return this_year[:, None] + (next_year * prospect.after_years)[:, None] * prospect.kept
