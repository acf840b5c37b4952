"""养老保险 (RULES.md §A.8 pension): the county's contribution for heads in post, plus the top-up per star held."""

from __future__ import annotations

import numpy as np

from simtoolkit.rules import incentives

from .component import Component


class Pension(Component):
    """The yearly pension contribution for heads in post, and with stars the top-up per star held."""

    order = 120
    reads = ("policy.pension", "policy.stars")
    moments = ("year_pay",)
    items = ("pension_contribution", "pension_star_topup")

    def year_pay(self, P, m: int) -> None:
        """Book the year's contributions."""
        model, pe = self.model, P.policy.pension
        heads = model.world.heads
        amounts = self.in_post(heads.stars, heads.months_scored > 0, P, model.config.has("policy.stars"))
        for item, amount in amounts.items():
            model.ledger.book(m, item, pe.payer, heads.township, heads.role, amount, heads.id)

    @staticmethod
    def in_post(stars, in_post, P, has_stars: bool) -> dict[str, np.ndarray]:
        """The year's contribution by item for heads holding `stars` (`in_post`: a flag or a chance): the one rule the
        model books and the liabilities value."""
        pe = P.policy.pension
        amounts = {"pension_contribution": np.where(in_post, pe.base_contribution, 0.0) * in_post}
        if has_stars:
            amounts["pension_star_topup"] = np.where(in_post, incentives.pension_contribution(stars, 0.0, pe.per_star), 0.0) * in_post
        return amounts

    def star_value(self, levels, prospect, P) -> np.ndarray | float:
        """For the effort choice: the present value of holding each number of stars (`levels`, heads × levels) from next
        year: the top-up per star × discounted years in post (0 without the pension group)."""
        if not prospect.active("policy.pension"):
            return 0.0
        return P.policy.pension.per_star * levels * prospect.post_years[:, None]
