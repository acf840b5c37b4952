"""Professionalised full-time cadres (RULES.md §C, Qianxinan) on the model's calendar.

Each mechanism runs when its optional group is in force: attendance and daily duty
(`policy.attendance` with `behaviour.attendance`), base + performance pay with floors
(`policy.cadre_pay`), the quarterly evaluation tied to performance pay
(`policy.quarterly_evaluation`), urban employees' pension insurance (`policy.employee_pension`),
removal, exit audit and exit subsidy (`policy.cadre_exit`), training (`policy.training`), and the
rewards for collective-economy growth and honours (`policy.cadre_rewards`).
`CountyModel` calls these steps; the rules themselves are the pure functions in `rules/`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from simtoolkit.behaviour import attendance as presence
from simtoolkit.behaviour import satisfaction, turnover
from simtoolkit.behaviour.performance import reference_fraction
from simtoolkit.rules import attendance, cadre_exit, cadre_pay, cadre_rewards, employee_pension, pay, training
from simtoolkit.rules.grades import UNQUALIFIED
from simtoolkit.rules import roles
from simtoolkit.world.cadres import CadreRecords

if TYPE_CHECKING:
    from simtoolkit.model import CountyModel

GROUPS = ("policy.attendance", "policy.cadre_pay", "policy.quarterly_evaluation", "policy.employee_pension",
          "policy.cadre_exit", "policy.training", "policy.cadre_rewards")
NEVER = -1  # no term: earlier than any election year


class ProfessionalCadres:
    """The professional-cadre mechanisms of one model run, with their per-slot records."""

    @staticmethod
    def needed(scenario) -> bool:
        """True when any of the mechanisms is in force."""
        return any(scenario.has(g) for g in GROUPS)

    def __init__(self, model: "CountyModel"):
        self.model = model
        trained = NEVER
        if model.config.has("policy.training") and model.config.value("policy.training.trained_before_start"):
            t = model.config.params(model.start_year).behaviour.turnover
            trained = training.term_start(model.start_year, t.next_election_year, t.election_cycle)
        self.records = CadreRecords.start(model.world.heads.id, trained)
        self.collective_income = None  # each village's collective income (policy.cadre_rewards)
        if model.config.has("policy.cadre_rewards"):
            r = model.config.params(model.start_year).policy.cadre_rewards
            self.collective_income = cadre_rewards.collective_income_start(model.world.villages.endowment, r.collective_income_initial,
                                                                           r.collective_income_spread)

    def has(self, group: str) -> bool:
        """Whether a group is in force."""
        return self.model.config.has(group)

    def _heads(self):
        """The cadre table, with records renewed for slots that changed hands."""
        heads = self.model.world.heads
        self.records.renew(heads.id, NEVER)
        return heads

    def _pay(self, m: int, item: str, P, amount: np.ndarray, due: int | None = None) -> None:
        """Book (or schedule for `due`) pay to every slot; sent secretaries by their own payer."""
        heads, ledger = self.model.world.heads, self.model.ledger
        sent = heads.role == roles.code("sent_secretary")
        for mask, payer in ((~sent, P.policy.pay.payer), (sent, P.policy.pay.sent_secretary_payer)):
            if due is None:
                ledger.book(m, item, payer, heads.township[mask], heads.role[mask], amount[mask], heads.id[mask])
            else:
                ledger.schedule(due, item, payer, heads.township[mask], heads.role[mask], amount[mask], heads.id[mask])

    def standard(self, P) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Yearly (base, standard performance pay, income floor) of every slot."""
        heads, cfg, year = self.model.world.heads, self.model.config, self.model.year
        annual = pay.annual_pay(heads.role, P, pay.years_indexed(cfg, year))
        share = P.policy.pay.performance_share
        if not self.has("policy.cadre_pay"):
            return annual * (1.0 - share), annual * share, np.zeros(len(heads))
        cp = P.policy.cadre_pay
        annual = annual + cadre_pay.staff_annual_pay(heads.role, cp)
        floor = cadre_pay.income_floor(heads.role, cp.income_floors)
        income = cadre_pay.disposable_income(cfg, year - cp.get("income_year_lag", 0))  # the figure published by then
        base, performance = cadre_pay.standard_pay(annual, share, income, cp.base_income_multiple, floor)
        return base, performance, floor

    def seen_by_effort(self, P) -> tuple:
        """What the effort choice reads (behaviour/effort_terms.py): standard base, performance and floor with
        cadre pay (else None), and each slot's streak of unqualified quarters."""
        self._heads()  # records renewed for successors
        base = performance = floor = None
        if self.has("policy.cadre_pay"):
            base, performance, floor = self.standard(P)
        return base, performance, floor, self.records.low_quarters.copy()

    # ---- monthly ------------------------------------------------------------------------
    def attend(self, P, totals: np.ndarray) -> np.ndarray:
        """坐班值班: draw each cadre's days in the village; days short cost score (and base pay, in pay_base)."""
        if not self.has("policy.attendance"):
            return totals
        model, heads = self.model, self._heads()
        a, b, m = P.policy.attendance, P.behaviour.attendance, model.month
        in_post = heads.start_month <= m
        chance = presence.presence_chance(heads.effort, P.behaviour.heads.effort_initial, b.presence_rate, b.effort_effect)
        draws = model.streams.rng("attendance", model.year, m % 12).random((len(heads), a.duty_days))
        present = presence.present(draws, chance, in_post)
        short = np.where(in_post, attendance.days_short(present.sum(axis=1), a.required_days), 0.0)
        self.records.days_short = short
        covered = attendance.duty_covered(present, heads.village, len(model.world.villages))
        model.result.note(model, "duty_coverage", float(covered.mean()) / 12.0)
        model.result.note(model, "attendance_short_months", float((short > 0).sum()))
        return attendance.score_after_deduction(totals, short, a.score_deduction_per_day)

    def pay_base(self, P, m: int) -> None:
        """基础报酬 monthly, less the attendance deduction, to cadres in post."""
        heads = self._heads()
        base, _, _ = self.standard(P)
        monthly = base / 12.0
        if self.has("policy.attendance"):
            monthly = attendance.base_after_deduction(monthly, self.records.days_short, P.policy.attendance.base_deduction_per_day)
        paid = np.where(heads.start_month <= m, monthly, 0.0)
        self.records.earned += paid
        self._pay(m, "base_pay", P, paid)

    def monthly(self, P, m: int) -> None:
        """Employees' pension contributions for cadres in post (exit subsidies: `rulebook/exit_subsidy.py`)."""
        if self.has("policy.employee_pension"):
            self.pay_employee_pension(P, m)

    def pay_employee_pension(self, P, m: int) -> None:
        """城镇企业职工基本养老保险: the fiscal part booked, the cadre's own part noted."""
        model, heads, ep = self.model, self._heads(), P.policy.employee_pension
        base, performance, _ = self.standard(P)
        contribution_base = employee_pension.contribution_base((base + performance) / 12.0, ep.base_lower, ep.base_upper, ep.base_source)
        fiscal, own = employee_pension.contributions(contribution_base, ep.employer_rate, ep.individual_rate, ep.fiscal_share_of_individual)
        in_post = heads.start_month <= m
        model.ledger.book(m, "employee_pension", ep.payer, heads.township[in_post], heads.role[in_post], fiscal[in_post], heads.id[in_post])
        model.result.note(model, "pension_own_contributions", float(own[in_post].sum()))

    # ---- quarterly ----------------------------------------------------------------------
    def quarterly(self, P, m: int) -> None:
        """季评价: grade the quarter's mean monthly score; its coefficient pays the quarterly part of performance pay."""
        if not self.has("policy.quarterly_evaluation"):
            return
        heads, q = self._heads(), P.policy.quarterly_evaluation
        months = np.clip(m + 1 - np.maximum(heads.start_month, m - 2), 0, 3)
        mean = np.divide(heads.quarter_score, months, out=np.zeros(len(heads)), where=months > 0)
        grade = cadre_pay.quarter_grade(mean, months > 0, q.threshold_basic, q.threshold_qualified, q.threshold_excellent)
        self.records.quarter_grade = grade
        self.records.low_quarters = cadre_exit.low_quarter_streak(self.records.low_quarters, grade)
        _, performance, _ = self.standard(P)
        amount = cadre_pay.quarterly_pay(performance, q.performance_share, cadre_pay.by_grade(grade, q.coefficients), months)
        self.records.earned += amount
        self._pay(m, "quarterly_pay", P, amount, due=m + q.payment_lag_months)
        self.model.result.note(self.model, "quarters_unqualified", float((grade == UNQUALIFIED).sum()))

    # ---- yearly -------------------------------------------------------------------------
    def pay_performance(self, P, m: int) -> None:
        """年考核: the annual part of performance pay by grade (after the review), then the income floor if guaranteed."""
        heads = self._heads()
        _, performance, floor = self.standard(P)
        quarterly_share = P.policy.quarterly_evaluation.performance_share if self.has("policy.quarterly_evaluation") else 0.0
        coefficient = pay.performance_coefficient(heads.grade, heads.role, P)
        amount = cadre_pay.annual_performance(performance, quarterly_share, coefficient, heads.months_scored)
        self.records.earned += amount
        self._pay(m, "performance_pay", P, amount, due=m + P.policy.performance.payment_lag_months)
        if P.policy.cadre_pay.guarantee_floor:
            topup = cadre_pay.floor_topup(self.records.earned, floor, heads.months_scored)
            self._pay(m, "base_pay", P, topup)
            self.records.earned += topup
        self.note_pay(heads, floor)
        self.records.earned[:] = 0.0

    def note_pay(self, heads, floor: np.ndarray) -> None:
        """The year's distribution of pay earned by cadres in post all year, and how many fell below their floor."""
        model, full_year = self.model, heads.months_scored >= 12
        earned = self.records.earned[full_year]
        if earned.size:
            for name, q in (("pay_earned_p10", 10), ("pay_earned_median", 50), ("pay_earned_p90", 90)):
                model.result.note(model, name, float(np.percentile(earned, q)))
        model.result.note(model, "below_income_floor", float((earned < floor[full_year] - 0.005).sum()))

    def yearly(self, P, m: int) -> None:
        """Training of cadres not yet trained this term; the year's rewards."""
        if self.has("policy.cadre_rewards"):
            self.reward(P, m)
        if self.has("policy.training"):
            self.train(P, m)

    def reward(self, P, m: int) -> None:
        """村集体经济发展奖励 + 表彰奖励, paid with the year's performance pay (after the review)."""
        model, heads, r = self.model, self._heads(), P.policy.cadre_rewards
        villages = model.world.villages
        rng = model.streams.rng("cadre_rewards", model.year)
        growth_noise, honour_draws = rng.standard_normal(len(villages)), rng.random(len(heads))
        service = satisfaction.village_service(model.slots.fraction, heads.village, len(villages))
        growth = cadre_rewards.collective_growth(service, reference_fraction(P), r.collective_growth_base, r.collective_growth_effect,
                                                 r.collective_growth_sd, growth_noise)
        sharing = roles.among(heads.role, r.collective_reward_roles) & (heads.months_scored > 0)
        cadres = np.bincount(heads.village[sharing], minlength=len(villages))
        per_cadre = cadre_rewards.collective_reward(self.collective_income, growth, r.collective_reward_min_growth, r.collective_reward_share,
                                                    cadres, r.collective_reward_cap)
        self.collective_income = self.collective_income * np.maximum(1.0 + growth, 0.0)
        due = m + P.policy.performance.payment_lag_months
        ledger = model.ledger
        paid = sharing & (per_cadre[heads.village] > 0)
        ledger.schedule(due, "collective_economy_reward", r.collective_reward_payer, heads.township[paid], heads.role[paid],
                        per_cadre[heads.village][paid], heads.id[paid])
        honoured = cadre_rewards.honoured(honour_draws, heads.grade, r.honour_chance, roles.among(heads.role, r.honour_roles))
        ledger.schedule(due, "honour_reward", r.honour_payer, heads.township[honoured], heads.role[honoured],
                        np.full(int(honoured.sum()), float(r.honour_amount)), heads.id[honoured])
        model.result.note(model, "collective_income_mean", float(self.collective_income.mean()))
        model.result.note(model, "villages_collective_reward", float((per_cadre > 0).sum()))
        model.result.note(model, "honours", float(honoured.sum()))

    def train(self, P, m: int) -> None:
        """Training of cadres not yet trained this term."""
        model, heads, tp = self.model, self._heads(), P.policy.training
        t = P.behaviour.turnover
        term = training.term_start(model.year, t.next_election_year, t.election_cycle)
        due = training.due(self.records.trained_term, term, heads.months_scored > 0)
        self.records.trained_term[due] = term
        model.ledger.book(m, "training", tp.payer, heads.township, heads.role, due * tp.cost_per_cadre, heads.id)
        model.result.note(model, "trained", float(due.sum()))

    def removals(self) -> np.ndarray:
        """能上能下: cadres removed this year after consecutive unqualified quarters."""
        heads = self._heads()
        if not self.has("policy.cadre_exit"):
            return np.zeros(len(heads), bool)
        return cadre_exit.removed(self.records.low_quarters, self.model.params().policy.cadre_exit.remove_after_low_quarters)

    def record_exits(self, out: np.ndarray, punished: np.ndarray, low_streak: np.ndarray) -> None:
        """离任经济责任审计: audit everyone leaving; exits for cause or with findings get no exit subsidy.

        Call after the leavers were appended to the retirees table (same order: by slot).
        """
        model, P = self.model, self.model.params()
        if not self.has("policy.cadre_exit"):
            return
        for_cause = turnover.dismissed(punished, low_streak, P) | self.removals()
        draw = model.streams.rng("exit_audit", model.year).random(out.size)
        normal = cadre_exit.normal_exit(for_cause, draw, P.policy.cadre_exit.audit_finding_rate)
        model.world.retirees.left_normally[-int(out.sum()):] = normal[out]  # the rows just appended, by slot
        model.result.note(model, "removed_for_cause", float((out & for_cause).sum()))
        model.result.note(model, "audit_findings", float((out & ~for_cause & ~normal).sum()))
