"""养老保险 (RULES.md §A.8 pension): the county's contribution for heads in post, plus the top-up per star held."""

from __future__ import annotations

import numpy as np

from simtoolkit.rules import incentives

from .component import Component


class Pension(Component):
    """The yearly pension contribution for heads in post, and with stars the top-up per star held."""

    reads = ("policy.pension", "policy.stars")
    moments = ("year_pay",)
    items = ("pension_contribution", "pension_star_topup")

    def year_pay(self, P, m: int) -> None:
        """Book the year's contributions."""
        model, pe = self.model, P.policy.pension
        heads = model.world.heads
        in_post = heads.months_scored > 0
        base = np.where(in_post, pe.base_contribution, 0.0)
        model.ledger.book(m, "pension_contribution", pe.payer, heads.township, heads.role, base, heads.id)
        if model.config.has("policy.stars"):
            topup = np.where(in_post, incentives.pension_contribution(heads.stars, 0.0, pe.per_star), 0.0)
            model.ledger.book(m, "pension_star_topup", pe.payer, heads.township, heads.role, topup, heads.id)
