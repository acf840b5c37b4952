"""Full-time cadres' pay (RULES.md §C.5, Qianxinan): base pay monthly (less attendance deductions), the annual part
of performance pay by grade after the review, and the income floor topped up where it is guaranteed."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import effort
from simtoolkit.rules import attendance, cadre_pay, pay

from .base_pay import by_payer
from .performance_pay import coefficients
from .component import Component


def book(model, m: int, item: str, P, amount: np.ndarray, due: int | None = None) -> None:
    """Book (or schedule for `due`) pay to every slot; sent secretaries by their own payer."""
    heads, ledger = model.world.heads, model.ledger
    for mask, payer in by_payer(heads, P):
        if due is None:
            ledger.book(m, item, payer, heads.township[mask], heads.role[mask], amount[mask], heads.id[mask])
        else:
            ledger.schedule(due, item, payer, heads.township[mask], heads.role[mask], amount[mask], heads.id[mask])


def quarterly_share(P, active) -> float:
    """The part of performance pay the quarterly evaluation pays (0 without it); the annual assessment pays the rest."""
    return P.policy.quarterly_evaluation.performance_share if active("policy.quarterly_evaluation") else 0.0


def standard(model, P) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """This year's (base, standard performance pay, income floor) of every slot (`rules.cadre_pay.standard`)."""
    return cadre_pay.standard(model.world.heads.role, P, model.config, model.year)


class CadrePay(Component):
    """Base pay each month and the annual performance pay with its floor."""

    order = 40.1
    requires = ("policy.cadre_pay",)
    reads = ("policy.pay", "policy.performance")
    moments = ("month_pay", "year_pay")
    items = ("base_pay", "performance_pay")
    indicators = ("pay_earned_p10", "pay_earned_median", "pay_earned_p90", "below_income_floor")
    state = {"earned": ("float64", 0.0)}  # pay earned this calendar year (base, quarterly, annual), read by the floor

    def month_pay(self, P, m: int) -> None:
        """基础报酬 monthly, less the attendance deduction, to cadres in post."""
        model, heads = self.model, self.model.world.heads
        base, _, _ = standard(model, P)
        monthly = base / 12.0
        if model.config.has("policy.attendance"):
            monthly = attendance.base_after_deduction(monthly, model.slots.days_short, P.policy.attendance.base_deduction_per_day)
        paid = np.where(heads.start_month <= m, monthly, 0.0)
        model.slots.earned += paid
        book(model, m, "base_pay", P, paid)

    def year_pay(self, P, m: int) -> None:
        """年考核: the annual part of performance pay by grade (after the review), then the income floor if guaranteed."""
        model, heads, slots = self.model, self.model.world.heads, self.model.slots
        _, performance, floor = standard(model, P)
        coefficient = pay.performance_coefficient(heads.grade, heads.role, P)
        amount = cadre_pay.annual_performance(performance, quarterly_share(P, model.config.has), coefficient, heads.months_scored)
        slots.earned += amount
        book(model, m, "performance_pay", P, amount, due=m + P.policy.performance.payment_lag_months)
        if P.policy.cadre_pay.guarantee_floor:
            topup = cadre_pay.floor_topup(slots.earned, floor, heads.months_scored)
            book(model, m, "base_pay", P, topup)
            slots.earned += topup
        self.note_pay(floor)
        slots.earned[:] = 0.0

    def note_pay(self, floor: np.ndarray) -> None:
        """The year's distribution of pay earned by cadres in post all year, and how many fell below their floor."""
        full_year = self.model.world.heads.months_scored >= 12
        earned = self.model.slots.earned[full_year]
        if earned.size:
            for name, q in (("pay_earned_p10", 10), ("pay_earned_median", 50), ("pay_earned_p90", 90)):
                self.note(name, float(np.percentile(earned, q)))
        self.note("below_income_floor", float((earned < floor[full_year] - 0.005).sum()))

    @staticmethod
    def effort_pay(heads, seen, outcomes, P, active) -> tuple:
        """For the effort choice: the annual part of performance pay by each outcome's grade (heads × outcomes), and the
        standard yearly income kept with the post."""
        coefficient = coefficients(P, outcomes)[heads.role]
        return cadre_pay.annual_performance(seen.performance[:, None], quarterly_share(P, active), coefficient, 12), seen.base + seen.performance

    def effort_grid(self, ctx, block) -> None:
        """For the effort choice: base pay after attendance deductions and the quarterly pay, both apart from the annual
        grade; where the floor is guaranteed, the year-end top-up in each grade (marginal pay is zero where it binds)."""
        rows = block.rows
        if rows.performance is None:
            return
        flat = rows.base[None, :] * (ctx.kept[:, None] if ctx.kept is not None else 1.0)
        if block.quarterly is not None:
            flat = flat + block.quarterly
        if ctx.P.policy.cadre_pay.guarantee_floor:
            grades = effort.outcome_space(())  # the four grades alone
            by_grade = cadre_pay.annual_performance(rows.performance[:, None], quarterly_share(ctx.P, ctx.active),
                                                    coefficients(ctx.P, grades)[block.heads.role], 12)
            for g in range(4):
                block.grade_money[g] += cadre_pay.floor_topup(flat + by_grade[None, :, g], rows.floor[None, :], 12)
        block.add(flat)
