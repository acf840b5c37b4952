"""What heads expect, on the effort grid, from the full-time cadres' rules and recruitment by score
(docs/model.md §Submodels: effort): the pricing helpers the rule components' `effort_setup` and `effort_grid`
terms use (`rulebook/attendance.py`, `cadre_pay.py`, `quarterly_evaluation.py`, `cadre_exit.py`, `cadre_rewards.py`,
`recruitment.py`), the context and block they fill (`GridContext`, `GridBlock`), and what the model holds that
they read (`Seen`).

Each helper computes money with the rule functions the model pays with: full-time cadres' standard pay and floors
(`rules/cadre_pay.py`), attendance deductions (`rules/attendance.py`, `behaviour/attendance.py`), the quarterly
evaluation and removal after unqualified quarters (`cadre_pay.quarter_grade`, `quarterly_pay`; `rules/cadre_exit.py`),
the exit subsidy forfeited by removal for cause (`cadre_exit.exit_subsidy`, `normal_exit`), the collective-economy
reward and honours (`rules/cadre_rewards.py`) and recruitment by score without stars (`rules/recruitment.py`'s
reading). Where a rule depends on a random quantity (a day's presence, a quarter's scores, a village's growth), its
expectation is the rule averaged over that quantity's distribution: the binomial of days present, or
equal-probability points of a normal.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np
from scipy.special import ndtri
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
    record: dict | None = None  # each head's record of ratings (rules/history.py RECORD), where a rule keeps it
    statuses: np.ndarray | None = None  # the statuses each head holds, a bit per row of policy.statuses' list
    barred_until: np.ndarray | None = None  # the last year each head is barred from rating (policy.situations)

    def rows(self, part: slice) -> "Seen":
        """The per-slot arrays restricted to a block of rows (village arrays kept whole)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in ("base", "performance", "floor", "low_quarters", "awards", "statuses", "barred_until"):
            if values[name] is not None:
                values[name] = values[name][part]
        if self.record is not None:
            values["record"] = {name: column[part] for name, column in self.record.items()}
        return Seen(**values)


def seen(model, P) -> Seen:
    """Collect what the terms read from the model's declared state (CountyModel.choose_effort): the full-time cadres'
    pay standard, the streak of unqualified quarters (`low_quarters`), villages' collective income, awards held, the
    record of ratings (`record`), the statuses held; None
    where the rule that keeps it is not in force."""
    base = performance = floor = None
    if model.config.has("policy.cadre_pay"):
        base, performance, floor = cadre_pay.standard(model.world.heads.role, P, model.config, model.year)
    quarters = getattr(model.slots, "low_quarters", None)  # declared by QuarterlyEvaluation
    low_quarters = None if quarters is None else quarters.copy()
    income = next((village_income() for village_income in model.rulebook.hooks("village_income")), None)
    places = int(model.config.value("policy.recruitment.annual_places", model.year + 1)) if model.config.has("policy.recruitment") else 0
    awards = model.slots.award_points if model.config.has("policy.star_points") else None
    record = next(({k: v.copy() for k, v in kept().items()} for kept in model.rulebook.hooks("record")), None)
    statuses, barred = (getattr(model.slots, name, None) for name in ("statuses", "barred_until"))  # Statuses', Situations'
    return Seen(base, performance, floor, low_quarters, awards, income, places, record,
                *(None if held is None else held.copy() for held in (statuses, barred)))


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


@dataclass
class GridContext:
    """What the components' terms on the effort grid share for one call of the best response (`effort_setup` fills
    it, in catalogue order): the grid, the attendance's expectations on it, the shift of the expected annual score."""

    P: object
    active: object
    seen: Seen
    grid: np.ndarray
    score_shift: np.ndarray  # grid: added to the expected annual score (attendance deductions)
    nodes: np.ndarray = field(default_factory=lambda: normal_nodes())
    kept: np.ndarray | None = None  # grid: expected share of base pay kept after attendance deductions
    short_mean: np.ndarray | None = None  # grid: mean days short a month
    short_var: np.ndarray | None = None  # grid: their variance
    extra: dict = field(default_factory=dict)  # a component's own shared quantities, by its name


@dataclass
class GridBlock:
    """One block of heads on the effort grid, as the components' `effort_grid` terms see and fill it."""

    heads: object
    part: slice
    share: np.ndarray  # grid × heads: performance share at each effort
    mean: np.ndarray  # grid × heads: expected annual score
    noise: float
    rows: Seen  # the block's declared state
    grade_money: np.ndarray  # 4 grades × grid × heads: expected money by grade, which a term may add to
    flat: np.ndarray | None = None  # grid × heads: money that does not depend on the annual grade
    quarterly: np.ndarray | None = None  # grid × heads: expected quarterly pay over the year
    low: np.ndarray | None = None  # grid × heads: chance of an unqualified quarter
    removal: np.ndarray | None = None  # grid × heads: chance of removal at the year's end (the post lost)

    def add(self, term: np.ndarray) -> None:
        """Add money that does not depend on the annual grade."""
        self.flat = _add(self.flat, term)


def attendance_shift(heads, kept_short, P) -> np.ndarray:
    """The shift of the expected annual score at each effort by its days short: the belief line absorbed the deductions
    at last year's efforts, so the score moves by the quantitative weight × points per day × (days short at e − their
    mean last year)."""
    graded = heads.grade >= 0
    _, short_now, _ = attendance_on_grid(heads.effort[graded].astype(np.float64), P) if graded.any() else (None, np.zeros(1), None)
    weight = P.policy.assessment.quantitative_weight * P.policy.attendance.score_deduction_per_day
    return -weight * (kept_short - float(short_now.mean()))


def quarterly_on_grid(ctx: GridContext, share: np.ndarray, rows: Seen) -> tuple[np.ndarray, np.ndarray]:
    """Expected quarterly pay over the year, and the chance of an unqualified quarter (grid × heads).

    A quarter's mean monthly score is normal: full marks × performance share − points per day × days
    short, with the monthly category noise and the days-short variance, over 3 months.
    """
    P, q = ctx.P, ctx.P.policy.quarterly_evaluation
    points = np.asarray(P.policy.assessment.category_points, dtype=np.float64)
    mean = points.sum() * share
    variance = (P.behaviour.performance.category_noise ** 2) * float((points ** 2).sum())
    if ctx.short_mean is not None:
        d = P.policy.attendance.score_deduction_per_day
        mean = mean - d * ctx.short_mean[:, None]
        variance = variance + d ** 2 * ctx.short_var[:, None]
    score = mean[None] + np.sqrt(variance / 3.0) * ctx.nodes.reshape(-1, *([1] * mean.ndim))
    grade = cadre_pay.quarter_grade(score, np.ones(score.shape, bool), q.threshold_basic, q.threshold_qualified, q.threshold_excellent)
    coefficient = cadre_pay.by_grade(grade, q.coefficients).mean(axis=0)
    pay = 4 * cadre_pay.quarterly_pay(rows.performance[None, :], q.performance_share, coefficient, 3)
    return pay, (grade == UNQUALIFIED).mean(axis=0)


def removal_chance(low: np.ndarray, rows: Seen, limit: int) -> np.ndarray | None:
    """Chance of removal at the year's end (`cadre_exit.removed`: the streak of unqualified quarters reaches the
    limit): the year's last `limit` quarters unqualified, or all four after enough of them last year."""
    if limit <= 0:
        return None
    possible = rows.low_quarters + 4 >= limit
    return low ** min(limit, 4) * possible[None, :]


def collective_reward_on_grid(ctx: GridContext, shared, heads, part: slice, share: np.ndarray) -> np.ndarray:
    """Expected 村集体经济发展奖励 for each head (grid × heads): its village's growth with this head at each effort and
    the others at last year's performance, averaged over the growth noise (`shared`: the villages' totals)."""
    P, r = ctx.P, ctx.P.policy.cadre_rewards
    village = heads.village
    others = shared.village_total[village] - shared.fraction[part]
    service = (others[None, :] + share) / np.maximum(shared.village_rows[village], 1)[None, :]
    shape = (ctx.nodes.size, *share.shape)
    noise = np.broadcast_to(ctx.nodes.reshape(-1, 1, 1), shape)
    growth = cadre_rewards.collective_growth(service[None], reference_fraction(P), r.collective_growth_base, r.collective_growth_effect,
                                             r.collective_growth_sd, noise)
    income = np.broadcast_to(ctx.seen.collective_income[village], shape)
    cadres = np.broadcast_to(shared.village_sharing[village], shape)
    each = cadre_rewards.collective_reward(income, growth, cadres=cadres, **cadre_rewards.reward_terms(r))
    return each.mean(axis=0) * shared.sharing[part][None, :]


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
