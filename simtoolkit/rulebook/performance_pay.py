"""Performance pay by grade and role (RULES.md §A.8 pay, timing), paid after the review."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import effort
from simtoolkit.rules import pay, roles

from .base_pay import by_payer
from .component import Component


def coefficients(P, outcomes) -> np.ndarray:
    """The performance coefficient of each role (rows) in each of the effort choice's outcomes (by its grade), kept per
    parameter values."""
    perf = P.policy.performance
    key = ("coefficient", tuple(perf.graded_roles), perf.excellent, perf.qualified, perf.basic, perf.unqualified,
           perf.other_excellent, perf.other_qualified, perf.other_basic, perf.other_unqualified, outcomes.names)
    return effort.memo(key, lambda: pay.performance_coefficient(outcomes.grade[None, :], np.arange(len(roles.CODES))[:, None], P))


class PerformancePay(Component):
    """The year's performance pay by grade and role, after the payment lag."""

    order = 110
    reads = ("policy.pay", "policy.performance")
    excludes = ("policy.cadre_pay",)  # full-time cadres' performance pay follows its own rule (cadre_pay.py)
    moments = ("year_pay",)
    items = ("performance_pay",)

    def year_pay(self, P, m: int) -> None:
        """Performance pay by grade and role, scheduled after the payment lag."""
        model, heads = self.model, self.model.world.heads
        annual = pay.annual_pay(heads.role, P, pay.years_indexed(model.config, model.year))
        coefficient = pay.performance_coefficient(heads.grade, heads.role, P)
        amount = pay.performance_pay(annual, P.policy.pay.performance_share, coefficient, heads.months_scored)
        for mask, payer in by_payer(heads, P):
            model.ledger.schedule(m + P.policy.performance.payment_lag_months, "performance_pay", payer,
                                  heads.township[mask], heads.role[mask], amount[mask], heads.id[mask])

    @staticmethod
    def effort_pay(heads, seen, outcomes, P, active) -> tuple:
        """For the effort choice: the performance pay of each outcome's grade (heads × outcomes), and the yearly income
        kept with the post."""
        annual = pay.annual_pay(heads.role, P)
        return annual[:, None] * P.policy.pay.performance_share * coefficients(P, outcomes)[heads.role], annual


class PerformancePayCarryIn(Component):
    """The performance pay earned in the year before the run, paid in its first year (so year-1 budgets are whole)."""

    order = 10
    reads = ("policy.pay", "policy.performance")
    items = ("performance_pay",)

    def __init__(self, model):
        super().__init__(model)
        self.schedule_carry_in()

    def schedule_carry_in(self) -> None:
        """The performance pay for the year before the run, paid in the first year after its review."""
        model = self.model
        P = model.config.params(model.start_year)
        due = 11 + P.policy.performance.payment_lag_months - 12  # December review of the prior year + lag
        if due < 0:
            return
        heads, prior = model.world.heads, model.config.params(model.start_year - 1)
        amount = pay.annual_pay(heads.role, prior) * prior.policy.pay.performance_share * P.policy.performance.carry_in_coefficient
        for mask, payer in by_payer(heads, P):
            model.ledger.schedule(due, "performance_pay", payer, heads.township[mask], heads.role[mask], amount[mask], heads.id[mask])
