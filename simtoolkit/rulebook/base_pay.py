"""Base pay by role (RULES.md §A.8 pay): a twelfth of the non-performance part each month."""

from __future__ import annotations

from simtoolkit.rules import pay
from simtoolkit.rules import roles

from .component import Component


def by_payer(heads, P):
    """(mask, payer) pairs: heads paid by the county's pay payer, and sent secretaries by their own."""
    sent = heads.role == roles.code("sent_secretary")
    return ((~sent, P.policy.pay.payer), (sent, P.policy.pay.sent_secretary_payer))


class BasePay(Component):
    """Base pay, fixed for the year: booked for the whole year in January as a standing monthly payment."""

    order = 20
    reads = ("policy.pay",)
    excludes = ("policy.cadre_pay",)  # full-time cadres' base pay follows its own rule (cadre_pay.py)
    moments = ("month_pay",)
    items = ("base_pay",)

    def month_pay(self, P, m: int) -> None:
        """In January, book a twelfth of the year's base pay for each month of the year."""
        if m % 12:
            return
        model, heads = self.model, self.model.world.heads
        monthly = pay.monthly_base(pay.annual_pay(heads.role, P, pay.years_indexed(model.config, model.year)), P.policy.pay.performance_share)
        for mask, payer in by_payer(heads, P):
            model.ledger.book_monthly(m, 12 - m % 12, "base_pay", payer, heads.township[mask], heads.role[mask], monthly[mask], heads.id[mask])
