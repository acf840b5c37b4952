"""城镇企业职工基本养老保险 (RULES.md §C.6, Qianxinan): full-time cadres in the urban employees' pension insurance; the
employer part (and any fiscal part of the individual's) booked monthly, the cadre's own part noted."""

from __future__ import annotations

from simtoolkit.rules import employee_pension

from .cadre_pay import standard
from .component import Component


class EmployeePension(Component):
    """The month's pension contributions of cadres in post."""

    order = 40.2
    requires = ("policy.employee_pension",)
    reads = ("policy.pay",)
    moments = ("month",)
    items = ("employee_pension",)
    indicators = ("pension_own_contributions",)

    def month(self, P, m: int) -> None:
        """Contributions on each cadre's own standard monthly pay within the contribution limits."""
        model, heads, ep = self.model, self.model.world.heads, P.policy.employee_pension
        base, performance, _ = standard(model, P)
        contribution_base = employee_pension.contribution_base((base + performance) / 12.0, ep.base_lower, ep.base_upper, ep.base_source)
        fiscal, own = employee_pension.contributions(contribution_base, ep.employer_rate, ep.individual_rate, ep.fiscal_share_of_individual)
        in_post = heads.start_month <= m
        model.ledger.book(m, "employee_pension", ep.payer, heads.township[in_post], heads.role[in_post], fiscal[in_post], heads.id[in_post])
        self.note("pension_own_contributions", float(own[in_post].sum()))
