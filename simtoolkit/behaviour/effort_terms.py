"""Incentives beyond Qingxu's that the effort choice weighs (docs/model.md §Submodels: effort).

Each term is behind its optional group and computes money with the rule functions the model pays
with: full-time cadres' standard pay and floors (`rules/cadre_pay.py`), attendance deductions
(`rules/attendance.py`, `behaviour/attendance.py`), the quarterly evaluation and removal after
unqualified quarters (`cadre_pay.quarter_grade`, `quarterly_pay`; `rules/cadre_exit.py`), the exit
subsidy forfeited by removal for cause (`cadre_exit.exit_subsidy`, `normal_exit`), the
collective-economy reward and honours (`rules/cadre_rewards.py`) and recruitment by score without
stars (`rules/recruitment.py`'s reading). Where a rule depends on a random quantity (a day's
presence, a quarter's scores, a village's growth), its expectation is the rule averaged over that
quantity's distribution: the binomial of days present, or equal-probability points of a normal.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from scipy.special import ndtr, ndtri
from scipy.stats import binom

from simtoolkit.behaviour import attendance as presence
from simtoolkit.behaviour.performance import reference_fraction
from simtoolkit.rules import attendance, cadre_exit, cadre_pay, cadre_rewards, recruitment
from simtoolkit.rules.grades import UNQUALIFIED
from simtoolkit.rules import roles

NODES = 16  # equal-probability points of a normal noise over which rule functions are averaged (numerical, not behaviour)


def normal_nodes(k: int = NODES) -> np.ndarray:
    """The k equal-probability points (quantiles at (i + ½)/k) of a standard normal."""
    return ndtri((np.arange(k) + 0.5) / k)


@dataclass(frozen=True)
class Seen:
    """What the model holds about each slot (or village) that the terms read; None where a mechanism is off."""

    base: np.ndarray | None = None  # standard yearly base pay (policy.cadre_pay)
    performance: np.ndarray | None = None  # standard yearly performance pay, raised to the floor
    floor: np.ndarray | None = None  # yearly income floor
    low_quarters: np.ndarray | None = None  # consecutive unqualified quarters so far
    awards: np.ndarray | None = None  # awards held (policy.star_points)
    collective_income: np.ndarray | None = None  # per village (policy.cadre_rewards)
    places: int = 0  # recruitment places next year

    def rows(self, part: slice) -> "Seen":
        """The per-slot arrays restricted to a block of rows (village arrays kept whole)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in ("base", "performance", "floor", "low_quarters", "awards"):
            if values[name] is not None:
                values[name] = values[name][part]
        return Seen(**values)


FULL_TIME = ("policy.attendance", "policy.cadre_pay", "policy.quarterly_evaluation", "policy.employee_pension",
             "policy.cadre_exit", "policy.training", "policy.cadre_rewards")  # the full-time cadres' rules (RULES.md §C)


def seen(model, P) -> Seen:
    """Collect what the terms read from the model's declared state (CountyModel.choose_effort): the full-time cadres'
    pay standard, the streak of unqualified quarters (`low_quarters`), villages' collective income, awards held."""
    base = performance = floor = low_quarters = income = None
    if any(model.config.has(g) for g in FULL_TIME):
        if model.config.has("policy.cadre_pay"):
            base, performance, floor = cadre_pay.standard(model.world.heads.role, P, model.config, model.year)
        quarters = getattr(model.slots, "low_quarters", None)
        low_quarters = np.zeros(len(model.world.heads), np.int16) if quarters is None else quarters.copy()
        income = next((village_income() for village_income in model.rulebook.hooks("village_income")), None)
    places = int(model.config.value("policy.recruitment.annual_places", model.year + 1)) if model.config.has("policy.recruitment") else 0
    awards = model.slots.award_points if model.config.has("policy.star_points") else None
    return Seen(base, performance, floor, low_quarters, awards, income, places)


def attendance_on_grid(effort: np.ndarray, P) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """At each effort: the expected share of base pay kept after deductions, and the mean and variance of
    days short a month — over the binomial of days present (`presence_chance`, `days_short`, `base_after_deduction`)."""
    a, b = P.policy.attendance, P.behaviour.attendance
    chance = presence.presence_chance(effort, P.behaviour.heads.effort_initial, b.presence_rate, b.effort_effect)
    days = np.arange(a.duty_days + 1)
    pmf = binom.pmf(days[None, :], a.duty_days, np.ravel(chance)[:, None])
    short = attendance.days_short(days, a.required_days)
    kept = attendance.base_after_deduction(np.ones(days.size), short, a.base_deduction_per_day)
    mean = pmf @ short
    shape = np.shape(effort)
    return (pmf @ kept).reshape(shape), mean.reshape(shape), (pmf @ short ** 2 - mean ** 2).reshape(shape)


def in_force(active) -> bool:
    """Whether any term here applies."""
    return any(active(g) for g in ("policy.cadre_pay", "policy.attendance", "policy.cadre_rewards")) or (
        active("policy.recruitment") and not active("policy.stars"))


class Terms:
    """The grid × heads terms of one call of the best response, with what all heads share read once."""

    def __init__(self, heads, fraction, year: int, grid: np.ndarray, seen_: Seen, belief, P, active):
        self.P, self.active, self.seen, self.grid = P, active, seen_, grid
        self.nodes = normal_nodes()
        self.kept = self.short_mean = self.short_var = None
        self.score_shift = np.zeros(grid.size)
        if active("policy.attendance"):
            self.kept, self.short_mean, self.short_var = attendance_on_grid(grid, P)
            # the belief line absorbed the deductions at last year's efforts: a head's expected annual score
            # moves by the quantitative weight × points per day × (days short at e − their mean last year)
            graded = heads.grade >= 0
            _, short_now, _ = attendance_on_grid(heads.effort[graded].astype(np.float64), P) if graded.any() else (None, np.zeros(1), None)
            weight = P.policy.assessment.quantitative_weight * P.policy.attendance.score_deduction_per_day
            self.score_shift = -weight * (self.short_mean - float(short_now.mean()))
        if active("policy.cadre_rewards"):
            village, n = heads.village, int(heads.village.max(initial=-1)) + 1
            r = P.policy.cadre_rewards
            self.village_total = np.bincount(village, weights=fraction, minlength=n)
            self.village_rows = np.bincount(village, minlength=n)
            self.sharing = roles.among(heads.role, r.collective_reward_roles)
            self.village_sharing = np.bincount(village[self.sharing], minlength=n)
            self.fraction = fraction
        self.bar, self.thinning = -np.inf, 1.0
        if active("policy.recruitment") and not active("policy.stars"):
            self.candidate = recruitment_candidates(heads, year, P)
            candidate = self.candidate & (heads.grade >= 0)
            self.bar = recruitment_bar(heads.score, candidate, seen_.places)
            # each candidate compares its own score with the bar; over all candidates the chances, at last
            # year's performance, should add up to the places: thinned so they do, when they add up to more
            reach = ndtr((belief.intercept + belief.slope * 100.0 * fraction[candidate] - self.bar) / belief.noise).sum()
            self.thinning = min(1.0, seen_.places / reach) if reach > 0 else 1.0

    def apply(self, heads, part: slice, share, mean, noise: float, rows: Seen, by_grade: np.ndarray, annual_by_grade) -> tuple:
        """Add the grade-dependent terms to `by_grade` (grades × grid × heads) in place; return the money that does
        not depend on the annual grade (grid × heads, or None) and the chance of removal (grid × heads, or None)."""
        P, active = self.P, self.active
        flat = removal = None
        if rows.performance is not None:  # full-time cadres (policy.cadre_pay): base after deductions, quarterly pay
            flat = rows.base[None, :] * (self.kept[:, None] if self.kept is not None else 1.0)
            if active("policy.quarterly_evaluation"):
                quarterly, low = self.quarterly(share, rows)
                flat = flat + quarterly
                removal = self.removal(low, rows)
            if P.policy.cadre_pay.guarantee_floor:  # the year-end top-up: marginal pay is zero where the floor binds
                for g in range(4):
                    by_grade[g] += cadre_pay.floor_topup(flat + annual_by_grade[None, :, g], rows.floor[None, :], 12)
        if active("policy.cadre_rewards") and self.seen.collective_income is not None:
            flat = _add(flat, self.collective_reward(heads, part, share))
        if np.isfinite(self.bar) and rows.places > 0:  # a township post for the best scores (no stars needed)
            chance = self.thinning * ndtr((mean - self.bar) / noise) * self.candidate[part][None, :]
            flat = _add(flat, chance * P.behaviour.effort.recruitment_value)
        return flat, removal

    def quarterly(self, share: np.ndarray, rows: Seen) -> tuple[np.ndarray, np.ndarray]:
        """Expected quarterly pay over the year, and the chance of an unqualified quarter (grid × heads).

        A quarter's mean monthly score is normal: full marks × performance share − points per day × days
        short, with the monthly category noise and the days-short variance, over 3 months.
        """
        P, q = self.P, self.P.policy.quarterly_evaluation
        points = np.asarray(P.policy.assessment.category_points, dtype=np.float64)
        mean = points.sum() * share
        variance = (P.behaviour.performance.category_noise ** 2) * float((points ** 2).sum())
        if self.short_mean is not None:
            d = P.policy.attendance.score_deduction_per_day
            mean = mean - d * self.short_mean[:, None]
            variance = variance + d ** 2 * self.short_var[:, None]
        score = mean[None] + np.sqrt(variance / 3.0) * self.nodes.reshape(-1, *([1] * mean.ndim))
        grade = cadre_pay.quarter_grade(score, np.ones(score.shape, bool), q.threshold_basic, q.threshold_qualified, q.threshold_excellent)
        coefficient = cadre_pay.by_grade(grade, q.coefficients).mean(axis=0)
        pay = 4 * cadre_pay.quarterly_pay(rows.performance[None, :], q.performance_share, coefficient, 3)
        return pay, (grade == UNQUALIFIED).mean(axis=0)

    def removal(self, low: np.ndarray, rows: Seen) -> np.ndarray | None:
        """Chance of removal at the year's end (`cadre_exit.removed`: the streak of unqualified quarters reaches
        the limit): the year's last `limit` quarters unqualified, or all four after enough of them last year."""
        if not self.active("policy.cadre_exit"):
            return None
        limit = self.P.policy.cadre_exit.remove_after_low_quarters
        if limit <= 0:
            return None
        possible = rows.low_quarters + 4 >= limit
        return low ** min(limit, 4) * possible[None, :]

    def collective_reward(self, heads, part: slice, share: np.ndarray) -> np.ndarray:
        """Expected 村集体经济发展奖励 for each head (grid × heads): its village's growth with this head at each
        effort and the others at last year's performance, averaged over the growth noise."""
        P, r = self.P, self.P.policy.cadre_rewards
        village = heads.village
        others = self.village_total[village] - self.fraction[part]
        service = (others[None, :] + share) / np.maximum(self.village_rows[village], 1)[None, :]
        shape = (self.nodes.size, *share.shape)
        noise = np.broadcast_to(self.nodes.reshape(-1, 1, 1), shape)
        growth = cadre_rewards.collective_growth(service[None], reference_fraction(P), r.collective_growth_base, r.collective_growth_effect,
                                                 r.collective_growth_sd, noise)
        income = np.broadcast_to(self.seen.collective_income[village], shape)
        cadres = np.broadcast_to(self.village_sharing[village], shape)
        each = cadre_rewards.collective_reward(income, growth, r.collective_reward_min_growth, r.collective_reward_share, cadres,
                                               r.collective_reward_cap)
        return each.mean(axis=0) * self.sharing[part][None, :]


def exit_subsidy_kept(served: np.ndarray, leaving: np.ndarray, P) -> np.ndarray:
    """离任生活补贴 a cadre keeps unless removed for cause (`policy.cadre_exit`), in present yuan (heads).

    `served`: years in office so far; `leaving` (heads × k = 1, 2, …): the chance of leaving at the end of year k
    from now × the discounted, survival-weighted years of subsidy from then (`effort._exit_tables`). The monthly
    subsidy of an exit after k more years is the rule's (`cadre_exit.exit_subsidy`: per year × whole years in
    office, nothing below `subsidy_min_years`), its age, survival and duration conditions being those of the
    annuity; 12 months a year; an exit not for cause is normal unless the audit finds problems (`normal_exit`).
    """
    ce = P.policy.cadre_exit
    at_exit = served[:, None] + np.arange(1, leaving.shape[1] + 1)[None, :]
    monthly = cadre_exit.exit_subsidy(ce.subsidy_min_age, at_exit, 0, True, True, ce.subsidy_per_year_served, ce.subsidy_min_years,
                                      ce.subsidy_min_age, ce.subsidy_duration_years)
    return 12 * (1.0 - ce.audit_finding_rate) * (leaving * monthly).sum(axis=1)


def honour_money(grade: np.ndarray, role: np.ndarray, P) -> np.ndarray:
    """表彰奖励 expected in each outcome: the chance for the grade × (money + value), eligible roles."""
    r = P.policy.cadre_rewards
    return cadre_pay.by_grade(grade[None, :], r.honour_chance) * (r.honour_amount + r.honour_value) * roles.among(role, r.honour_roles)[:, None]


def _add(total, term):
    """total + term, where total may still be None."""
    return term if total is None else total + term


def recruitment_candidates(heads, year: int, P) -> np.ndarray:
    """Who can be recruited next year (`recruitment.candidates` and the age limit of `recruitment.recruit`)."""
    rc = P.policy.recruitment
    return recruitment.candidates(heads.stars, roles.among(heads.role, rc.roles), heads.recruited, rc.min_stars) & (
        year + 1 - heads.birth_year <= rc.max_age)


def recruitment_bar(score: np.ndarray, candidate: np.ndarray, places: int) -> float:
    """The score a candidate had to beat last year for one of `places`: the places-th best candidate score."""
    if places <= 0 or not candidate.any():
        return -np.inf
    ordered = np.sort(score[candidate].astype(np.float64))[::-1]
    return float(ordered[min(places, ordered.size) - 1])
