"""Professionalised full-time cadres (RULES.md §C, Qianxinan): attendance, pay with floors, the quarterly
evaluation, employees' pension, removal, exit audit and subsidy, training, rewards.

The mechanisms and their per-slot records are `behaviour.professional_cadres.ProfessionalCadres`; this
component puts them on the calendar, each behind its own group.
"""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour.professional_cadres import GROUPS, ProfessionalCadres

from .component import Component


class FullTimeCadres(Component):
    """Qianxinan's full-time cadres' rules on the calendar."""

    order = 40
    any_of = GROUPS
    reads = ("policy.pay", "policy.performance", "behaviour.attendance")
    moments = ("month_pay", "month", "quarter", "year_pay")
    items = ("base_pay", "quarterly_pay", "performance_pay", "employee_pension", "collective_economy_reward",
             "honour_reward", "training")
    indicators = ("duty_coverage", "attendance_short_months", "pension_own_contributions", "quarters_unqualified",
                  "pay_earned_p10", "pay_earned_median", "pay_earned_p90", "below_income_floor", "collective_income_mean",
                  "villages_collective_reward", "honours", "trained", "removed_for_cause", "audit_findings")

    def __init__(self, model):
        super().__init__(model)
        self.mechanism = model.professional = ProfessionalCadres(model)

    def adjust_scores(self, P, totals: np.ndarray) -> np.ndarray:
        """Days short of the attendance requirement cost points."""
        return self.mechanism.attend(P, totals)

    def month_pay(self, P, m: int) -> None:
        """基础报酬 each month, less attendance deductions (with `policy.cadre_pay`)."""
        if self.model.config.has("policy.cadre_pay"):
            self.mechanism.pay_base(P, m)

    def month(self, P, m: int) -> None:
        """Employees' pension contributions."""
        self.mechanism.monthly(P, m)

    def quarter(self, P, m: int) -> None:
        """季评价 tied to performance pay."""
        self.mechanism.quarterly(P, m)

    def year_pay(self, P, m: int) -> None:
        """The annual part of performance pay and the floors (with `policy.cadre_pay`); rewards and training."""
        if self.model.config.has("policy.cadre_pay"):
            self.mechanism.pay_performance(P, m)
        self.mechanism.yearly(P, m)

    def leaving(self, P) -> np.ndarray:
        """能上能下: removal after consecutive unqualified quarters."""
        return self.mechanism.removals()

    def exits(self, out: np.ndarray) -> None:
        """离任经济责任审计 of everyone leaving (after they joined the retirees table)."""
        self.mechanism.record_exits(out, self.model.slots.punished, self.model.slots.low_streak)
