"""Effort as a best response to the incentives in force (DESIGN.md §5, docs/model.md §Submodels: effort).

Each year every head compares effort levels on a grid over 0..1 and keeps the one with the highest
expected money plus intrinsic value minus a convex cost. Money is what the rules pay for next
year's outcome — performance pay by grade, the star award for stars gained, the present value of
the pension and retirement top-ups per star, the township-referenced pay and the chance of a
township post for high-star heads, and keeping the post (dismissal after punishment or repeated
low grades). Outcomes are a tournament against last year's scores: the head expects its annual
score from its own performance through last year's score-on-performance line, with last year's
residual spread as noise, and meets last year's excellent cut-off under the grade quota.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr

from simtoolkit.rules import eligibility, grades, pay, stars
from simtoolkit.rules.grouping import count_by, rank_within
from simtoolkit.world import roles

from . import events, performance, turnover

# The outcomes a head weighs: 4 grades × (no / some negative situation) × (not / punished).
OUTCOME_GRADE = np.repeat(np.arange(4), 4)
OUTCOME_NEGATIVE = np.tile(np.repeat([0, 1], 2), 4)
OUTCOME_PUNISHED = np.tile([False, True], 8)
LAST_AGE = 110  # ages beyond the last row of any life table add nothing to an annuity
CHUNK = 8192  # heads per block of the best response: bounds memory (grid × heads × outcomes), changes no result


@dataclass(frozen=True)
class Belief:
    """What heads read off last year's scores: score ≈ intercept + slope × 100·performance, ± noise."""

    intercept: float
    slope: float
    noise: float


def read_belief(fraction: np.ndarray, score: np.ndarray, graded: np.ndarray, noise_min: float) -> Belief:
    """The least-squares line of last year's annual scores on performance share, and its residual spread."""
    x, y = 100.0 * fraction[graded], score[graded].astype(np.float64)
    if x.size < 3 or x.var() <= 0.0:
        return Belief(float(y.mean() - x.mean()) if x.size else 0.0, 1.0, noise_min)
    slope = float(np.cov(x, y, bias=True)[0, 1] / x.var())
    intercept = float(y.mean() - slope * x.mean())
    return Belief(intercept, slope, max(float(np.std(y - intercept - slope * x)), noise_min))


def excellent_cutoff(score, graded, group, ids, quota_share: float, threshold: float) -> np.ndarray:
    """Each head's bar for "excellent": last year's lowest score within its group's quota, at least the threshold."""
    n_groups = int(group.max()) + 1 if group.size else 0
    quota = grades.excellent_quota(count_by(group, graded, n_groups), quota_share)
    rank = rank_within(group, [score], ids, graded)
    at_quota = graded & (rank == quota[group] - 1)
    cut = np.full(n_groups, np.inf)  # a group with no excellent place: nobody can be excellent
    cut[group[at_quota]] = score[at_quota]
    return np.maximum(cut, threshold)[group]


def grade_probabilities(mean, noise: float, cut_excellent, qualified: float, basic: float) -> np.ndarray:
    """Chances of excellent, qualified, basically qualified, unqualified (last axis) for a normal score."""
    above_excellent = ndtr((mean - cut_excellent) / noise)
    above_qualified = np.maximum(ndtr((mean - qualified) / noise), above_excellent)
    above_basic = ndtr((mean - basic) / noise)
    return np.stack([above_excellent, above_qualified - above_excellent, above_basic - above_qualified, 1.0 - above_basic], axis=-1)


def outcome_probabilities(grade_p, negative_p, punished_p) -> np.ndarray:
    """Chance of each of the 16 outcomes (last axis), events independent of the grade."""
    neg = np.where(OUTCOME_NEGATIVE == 1, negative_p[..., None], 1.0 - negative_p[..., None])
    pun = np.where(OUTCOME_PUNISHED, punished_p[..., None], 1.0 - punished_p[..., None])
    return grade_p[..., OUTCOME_GRADE] * neg * pun


def in_post_annuities(age, P) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Discounted years in post from next year (all, and after next year), and the years left in post.

    A head stays until the year it reaches the leaving age; elections remove it at the yearly
    average of the election loss rate.
    """
    t, delta = P.behaviour.turnover, 1.0 / (1.0 + P.behaviour.effort.discount_rate)
    stay = 1.0 - t.election_loss_rate / t.election_cycle
    remaining = np.maximum(t.retirement_age - (age + 1), 0) + 1  # the rating next year counts
    k = np.arange(1, int(remaining.max(initial=1)) + 1)
    weight = np.where(k[None, :] <= remaining[:, None], delta ** k * stay ** (k - 1), 0.0)
    return weight.sum(axis=1), weight[:, 1:].sum(axis=1), remaining


def retirement_annuity(age, sex, remaining, P) -> np.ndarray:
    """Discounted, survival-weighted years of retirement subsidy after leaving the post."""
    r, delta = P.policy.retirement, 1.0 / (1.0 + P.behaviour.effort.discount_rate)
    k = np.arange(1, LAST_AGE + 1)
    ages = np.minimum(age[:, None] + k[None, :] - 1, LAST_AGE)
    q = turnover.mortality(ages.ravel(), np.repeat(sex, k.size), P).reshape(ages.shape)
    survival = np.cumprod(1.0 - q, axis=1)
    first = np.maximum(remaining + 1, r.min_age - age)[:, None]
    paid = k[None, :] >= first
    if r.duration_years > 0:
        paid &= k[None, :] < first + r.duration_years
    return (paid * delta ** k * survival).sum(axis=1)


def star_money(stars_held, role, recruited, post_years, retirement_years, recruit_chance: float, P, active) -> np.ndarray:
    """Present value of holding `stars_held` (heads × outcomes) from next year: pension, retirement, township pay and post."""
    value = np.zeros(np.shape(stars_held))
    if active("policy.pension"):
        value += P.policy.pension.per_star * stars_held * post_years[:, None]
    if active("policy.retirement"):
        entitled = np.isin(role, roles.codes(P.policy.retirement.star_roles))
        value += 12 * P.policy.retirement.per_star_monthly * stars_held * (entitled * retirement_years)[:, None]
    if active("policy.recruitment"):
        rc = P.policy.recruitment
        candidate = (stars_held >= rc.min_stars) & (np.isin(role, roles.codes(rc.roles)) & ~recruited)[:, None]
        gap = np.maximum(rc.reference_pay - pay.annual_pay(role, P), 0.0)
        value += candidate * (gap * post_years + recruit_chance * P.behaviour.effort.recruitment_value)[:, None]
    return value


def recruitment_chance(heads, P) -> float:
    """A candidate's chance of one of this year's township places, from today's number of candidates."""
    rc = P.policy.recruitment
    n = int((np.isin(heads.role, roles.codes(rc.roles)) & (heads.stars >= rc.min_stars) & ~heads.recruited).sum())
    return min(1.0, rc.annual_places / max(n, 1))


def stars_next(heads, eligible_next, P) -> tuple[np.ndarray, np.ndarray]:
    """Stars after next year's rating for each outcome (heads × outcomes), and the stars they start from."""
    s = P.policy.stars
    removed = stars.removal(OUTCOME_GRADE, OUTCOME_NEGATIVE, OUTCOME_PUNISHED, s.removed_low_grade, s.removed_negative, s.removed_punishment)
    per_grade = (s.initial_stars_excellent, s.initial_stars_qualified, s.initial_stars_basic, s.initial_stars_unqualified)
    initial = stars.initial(OUTCOME_GRADE, removed, 0, s.maximum, per_grade)
    dynamic = stars.dynamic(heads.stars[:, None], OUTCOME_GRADE[None, :], removed[None, :], 0, s.maximum, (s.added_excellent, s.added_qualified))
    first = (eligible_next & ~heads.rated)[:, None]
    new = np.where(first, initial[None, :], dynamic)
    previous = np.where(first, 0, heads.stars[:, None])
    return np.where(eligible_next[:, None], new, heads.stars[:, None]), previous


def outcome_money(heads, low_streak, recruit_chance: float, year: int, month: int, P, active) -> np.ndarray:
    """What each outcome of next year is worth to each head, in present yuan (heads × outcomes)."""
    age = (year - heads.birth_year).astype(np.int64)
    post_years, after_years, remaining = in_post_annuities(age, P)
    annual = pay.annual_pay(heads.role, P)
    coefficient = pay.performance_coefficient(OUTCOME_GRADE[None, :], heads.role[:, None], P)
    money = annual[:, None] * P.policy.pay.performance_share * coefficient
    low = OUTCOME_GRADE[None, :] >= grades.BASIC
    t = P.behaviour.turnover
    dismissed = (OUTCOME_PUNISHED[None, :] & t.dismiss_on_punishment) | (low & (t.dismiss_after_low_grades > 0) & (low_streak + 1 >= t.dismiss_after_low_grades)[:, None])
    money += ~dismissed * (annual * after_years)[:, None]
    if not active("policy.stars"):
        return money
    retirement_years = np.zeros(len(heads))
    if active("policy.retirement"):
        served = eligibility.months_in_post(heads.start_month, month) / 12.0 + remaining
        retirement_years = (served >= P.policy.retirement.min_years_served) * retirement_annuity(age, heads.sex, remaining, P)
    eligible_next = eligibility.eligible(heads.start_month, month + 12, P.policy.stars.min_months_in_post)
    held, previous = stars_next(heads, eligible_next, P)
    value = star_money(held, heads.role, heads.recruited, post_years, retirement_years, recruit_chance, P, active)
    value_previous = star_money(previous, heads.role, heads.recruited, post_years, retirement_years, recruit_chance, P, active)
    s = P.policy.stars
    award = s.award_per_star * np.isin(heads.role, roles.codes(s.award_roles))[:, None] * np.maximum(held - previous, 0)
    passed = 1.0
    if active("policy.review"):
        passed = (1.0 - P.policy.review.objection_rate) * (1.0 - P.policy.review.county_veto_rate)
    return money + np.where(held > previous, passed * (award + value) + (1.0 - passed) * value_previous, value)


def event_chances(effort, P, active) -> tuple[np.ndarray, np.ndarray]:
    """Chance of at least one negative situation, and of punishment, at each effort."""
    e, initial = P.behaviour.events, P.behaviour.heads.effort_initial
    n_situations = P.policy.stars.negative_situations if active("policy.stars") else 0
    each = events.event_probability(e.negative_rate, effort, initial, e.effort_protection)
    return 1.0 - (1.0 - each) ** n_situations, events.event_probability(e.punishment_rate, effort, initial, e.effort_protection)


def best_response(heads, endowment, fraction, low_streak, year: int, month: int, P, active, chunk: int = CHUNK) -> np.ndarray:
    """Next year's effort of every head: the grid level with the highest expected money + intrinsic value − cost.

    `fraction` is last year's performance share per slot; slots graded last year (grade set) form
    the score distribution heads read; `active(group)` says which optional policy groups are in force.
    What all heads share (belief, cut-offs, recruitment chance) is read once; the rest runs in blocks of heads.
    """
    ef, g = P.behaviour.effort, P.policy.grades
    graded = heads.grade >= 0
    belief = read_belief(fraction, heads.score, graded, ef.score_noise_min)
    group = heads.township if g.quota_scope == "township" else np.zeros(len(heads), np.int32)
    cut = excellent_cutoff(heads.score, graded, group, heads.id, g.excellent_quota, g.threshold_excellent)
    chance = recruitment_chance(heads, P) if active("policy.recruitment") else 0.0
    chosen = np.empty(len(heads))
    for start in range(0, len(heads), chunk):
        part = slice(start, start + chunk)
        chosen[part] = respond(_rows(heads, part), endowment[part], cut[part], low_streak[part], belief, chance, year, month, P, active)
    return chosen


def _rows(table, part: slice):
    """The same table restricted to a block of rows."""
    return type(table)(**{name: None if col is None else col[part] for name, col in table.columns().items()})


def respond(heads, endowment, cut, low_streak, belief: Belief, recruit_chance: float, year: int, month: int, P, active) -> np.ndarray:
    """The best responses of a block of heads, given what they read off last year."""
    ef, g = P.behaviour.effort, P.policy.grades
    mentoring = np.where(heads.mentored_until >= year + 1, P.policy.mentoring.effect, 0.0) if active("policy.mentoring") else 0.0
    effort = np.linspace(0.0, 1.0, ef.grid_points)[:, None]
    share = performance.latent_fraction(heads.ability[None, :], effort, endowment[None, :], mentoring, P)
    mean = belief.intercept + belief.slope * 100.0 * share
    grade_p = grade_probabilities(mean, belief.noise, cut[None, :], g.threshold_qualified, g.threshold_basic)
    negative_p, punished_p = event_chances(np.broadcast_to(effort, share.shape), P, active)
    money = (outcome_probabilities(grade_p, negative_p, punished_p) * outcome_money(heads, low_streak, recruit_chance, year, month, P, active)[None]).sum(axis=-1)
    return choose(effort[:, 0], money, ef.intrinsic_value + heads.motivation, ef.cost_scale, ef.cost_power)


def choose(effort, money, intrinsic, cost_scale: float, cost_power: float) -> np.ndarray:
    """The effort level (grid × heads money) maximising money + intrinsic value × effort − cost × effort^power."""
    e = effort[:, None]
    utility = money + np.asarray(intrinsic)[None, :] * e - cost_scale * e ** cost_power
    return effort[np.argmax(utility, axis=0)]
