"""What next year's outcomes are worth to a head under Qingxu's rules, written head by head from the rules' words
(RULES.md §A.8, docs/model.md §Submodels: effort) — a reference for behaviour/effort.py that uses none of its helpers.

An outcome is a grade (0 excellent … 3 unqualified), whether some negative situation occurs, and whether the head is
punished: 16 in all, in the effort module's order. Money counts from next year, discounted by the effort discount
rate; a head stays in post to the year it reaches the leaving age, thinned each year by the yearly average chance of
losing an election.
"""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import turnover
from simtoolkit.rules import roles

GRADE = np.repeat(np.arange(4), 4)
NEGATIVE = np.tile(np.repeat([0, 1], 2), 4)
PUNISHED = np.tile([False, True], 8)
PAY_KEY = {"secretary_director": "annual_pay_secretary_director", "secretary": "annual_pay_other", "director": "annual_pay_other",
           "community_secretary": "annual_pay_community_secretary", "sent_secretary": "annual_pay_sent_secretary"}
GRADE_NAMES = ("excellent", "qualified", "basic", "unqualified")


def discount(P) -> float:
    """One year's discount factor."""
    return 1.0 / (1.0 + P.behaviour.effort.discount_rate)


def years_in_post(age: int, P) -> list[float]:
    """Weights of the years k = 1, 2, … from now in post: discounted, and thinned by the chance of having lost an
    election (the yearly average loss) in each year before; a head stays to the year it reaches the leaving age."""
    t = P.behaviour.turnover
    remaining = max(t.retirement_age - (age + 1), 0) + 1
    stay = 1.0 - t.election_loss_rate / t.election_cycle
    return [discount(P) ** k * stay ** (k - 1) for k in range(1, remaining + 1)]


def retirement_years(age: int, sex: int, P) -> float:
    """Discounted years of retirement subsidy, each weighted by the chance of being alive: paid from the year after
    leaving the post, not before the minimum age, for life or the scenario's number of years."""
    r = P.policy.retirement
    first = max(len(years_in_post(age, P)) + 1, r.min_age - age)
    k = np.arange(1, 111)
    alive = np.cumprod(1.0 - turnover.mortality(np.minimum(age + k - 1, 110), np.full(k.size, sex), P))
    paid = (k >= first) & ((k < first + r.duration_years) if r.duration_years > 0 else True)
    return float((paid * discount(P) ** k * alive).sum())


def stars_after_next_rating(held: int, rated: bool, eligible: bool, s) -> tuple[np.ndarray, np.ndarray]:
    """Stars after next year's rating in each outcome, and the stars before it: a first rating gives the grade's
    initial stars, later ones add the grade's stars — unless a trigger fires, which removes stars instead
    (low grade, any negative situation, punishment); within 0..maximum; under the "floor" reading a later rating
    without a trigger is never below the grade's initial stars. Not eligible: unchanged."""
    removed = (GRADE >= 2) * s.removed_low_grade + NEGATIVE * s.removed_negative + PUNISHED * s.removed_punishment
    initial = np.array([s.initial_stars_excellent, s.initial_stars_qualified, s.initial_stars_basic, s.initial_stars_unqualified])[GRADE]
    added = np.array([s.added_excellent, s.added_qualified, 0, 0])[GRADE]
    if not eligible:
        return np.full(16, held), np.full(16, held)
    if not rated:
        return np.clip(initial - removed, 0, s.maximum), np.zeros(16, int)
    later = held + np.where(removed > 0, -removed, added)
    if s.get("yearly_reading") == "floor":
        later = np.where(removed > 0, later, np.maximum(later, initial))
    return np.clip(later, 0, s.maximum), np.full(16, held)


def place_chance(heads, P) -> float:
    """A candidate's chance of a township place: the year's places over the heads in a listed role with at least
    `min_stars` stars not yet recruited, at most 1 (“一届内优先通过专项招聘纳入乡街事业编”)."""
    rc = P.policy.recruitment
    listed = np.isin(heads.role, [roles.code(r) for r in rc.roles])
    candidates = int((listed & (heads.stars >= rc.min_stars) & ~heads.recruited).sum())
    return min(1.0, rc.annual_places / max(candidates, 1))


def annual_pay(role: str, P) -> float:
    """The year's pay of a role."""
    return getattr(P.policy.pay, PAY_KEY[role])


def performance_pay(role: str, P) -> np.ndarray:
    """The performance part of pay in each outcome: the share × the coefficient of the grade, the reformed coefficients
    for the graded roles, the old ones for the others."""
    perf = P.policy.performance
    prefix = "" if role in perf.graded_roles else "other_"
    coefficient = np.array([getattr(perf, prefix + name) for name in GRADE_NAMES])[GRADE]
    return annual_pay(role, P) * P.policy.pay.performance_share * coefficient


def star_value(stars: np.ndarray, role: str, recruited: bool, age: int, retiring: float, recruit_chance: float, P, active) -> np.ndarray:
    """What holding `stars` from next year is worth: the pension top-up each year in post, the retirement top-up
    each month of retirement, and for candidates the referenced pay gap each year in post and the chance of a post."""
    in_post = sum(years_in_post(age, P))
    value = np.zeros(np.shape(stars))
    if active("policy.pension"):
        value = value + P.policy.pension.per_star * stars * in_post
    if active("policy.retirement") and role in P.policy.retirement.star_roles:
        value = value + 12 * P.policy.retirement.per_star_monthly * stars * retiring
    if active("policy.recruitment"):
        rc = P.policy.recruitment
        candidate = (stars >= rc.min_stars) & (role in rc.roles) & (not recruited)
        gap = max(rc.reference_pay - annual_pay(role, P), 0.0)
        value = value + candidate * (gap * in_post + recruit_chance * P.behaviour.effort.recruitment_value)
    return value


def outcome_money(heads, low_streak, recruit_chance: float, year: int, month: int, P, active) -> np.ndarray:
    """Each head's money in each of the 16 outcomes (heads × 16), one head at a time."""
    t, s = P.behaviour.turnover, P.policy.stars
    out = np.zeros((len(heads), 16))
    for i in range(len(heads)):
        role, age = roles.CODES[heads.role[i]], int(year - heads.birth_year[i])
        weights = years_in_post(age, P)
        money = performance_pay(role, P)
        dismissed = (PUNISHED & t.dismiss_on_punishment) | (
            (GRADE >= 2) & (t.dismiss_after_low_grades > 0) & (low_streak[i] + 1 >= t.dismiss_after_low_grades))
        money = money + ~dismissed * annual_pay(role, P) * sum(weights[1:])  # the post from the year after next
        if active("policy.stars"):
            served = (month + 1 - int(heads.start_month[i])) / 12.0 + len(weights)
            retiring = retirement_years(age, int(heads.sex[i]), P) if active("policy.retirement") and served >= P.policy.retirement.min_years_served else 0.0
            eligible = month + 12 + 1 - int(heads.start_month[i]) >= s.min_months_in_post
            held, previous = stars_after_next_rating(int(heads.stars[i]), bool(heads.rated[i]), eligible, s)
            value = star_value(held, role, bool(heads.recruited[i]), age, retiring, recruit_chance, P, active)
            before = star_value(previous, role, bool(heads.recruited[i]), age, retiring, recruit_chance, P, active)
            award = s.award_per_star * (role in s.award_roles) * np.maximum(held - previous, 0)
            passed = (1 - P.policy.review.objection_rate) * (1 - P.policy.review.county_veto_rate) if active("policy.review") else 1.0
            # an increase stands only through the review; stopped, the stars held before keep their value
            money = money + np.where(held > previous, passed * (award + value) + (1 - passed) * before, value)
        out[i] = money
    return out
