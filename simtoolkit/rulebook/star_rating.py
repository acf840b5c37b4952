"""星级评定 (RULES.md §A.1–A.4, A.7, A.8 star award; Yuncheng's 科学设星 §B): the yearly rating of heads.

初评 for heads rated the first time, 年度动态调整 for the rest, removal triggers, the senior addition, the
three-level review, and the star award for stars gained, paid after the review. The same rules on next year's
outcomes tell the effort choice what the stars of each outcome are worth (`effort_outcomes`).
"""

from __future__ import annotations

from functools import partial

import numpy as np

from simtoolkit.behaviour import effort
from simtoolkit.rules import cadre_pay, eligibility, incentives, star_points, stars
from simtoolkit.rules import roles
from simtoolkit.rules.grades import EXCELLENT

from .component import Component


class StarRating(Component):
    """The yearly star rating of heads in post long enough, with its award."""

    order = 90
    requires = ("policy.stars",)
    reads = ("policy.review", "policy.star_points", "policy.performance", "policy.rating_cycle")
    moments = ("rating",)
    items = ("star_award",)
    head_columns = {"stars": 0, "rated": False}  # a new holder has no stars and awaits a first rating
    state = {"award_points": ("int64", 0),  # 科学设星: awards won so far (policy.star_points)
             "rated_now": ("bool", None)}  # rated in this year's rating, read by mentoring

    def __init__(self, model):
        super().__init__(model)
        if model.config.has("policy.star_points"):
            heads = model.world.heads
            model.slots.award_points = star_points.prior_awards(model.config, heads.start_month,
                                                                model.streams.rng("awards", model.start_year - 1))

    def rating(self, P, m: int) -> None:
        """Rate, review and pay the award for stars gained (after the payment lag)."""
        model, slots = self.model, self.model.slots
        heads, s = model.world.heads, P.policy.stars
        due, reset = stars.in_cycle(model.year, P)
        rated = eligibility.eligible(heads.start_month, m, s.min_months_in_post) & roles.among(heads.role, roles.HEAD_ROLES) & due
        for barred in model.rulebook.hooks("rating_barred"):  # heads a component bars from this year's rating
            rated = rated & ~barred(P)
        first = rated & ~heads.rated
        anew = first | (rated & reset)  # rated as at an initial rating: the first time, or at a cycle's reset
        removed = stars.removal(heads.grade, slots.negatives, slots.punished, s.removed_low_grade, s.removed_negative, s.removed_punishment)
        for more in model.rulebook.hooks("star_removal"):  # triggers other components declare (a removal blocks a gain)
            removed = removed + more(P)
        tenure = eligibility.months_in_post(heads.start_month, m)
        senior = stars.senior_addition(rated, heads.grade, tenure, heads.score, heads.id, 12 * s.senior_years, s.senior_bonus, s.senior_quota)
        initial = stars.initial(heads.grade, removed, senior, s.maximum,
                                (s.initial_stars_excellent, s.initial_stars_qualified, s.initial_stars_basic, s.initial_stars_unqualified))
        dynamic = stars.adjusted(stars.dynamic(heads.stars, heads.grade, removed, senior, s.maximum, (s.added_excellent, s.added_qualified)),
                                 initial, removed, s.get("yearly_reading", "increment"))
        proposed = np.where(anew, initial, dynamic)
        if model.config.has("policy.star_points"):  # 科学设星: base stars from grade, years-in-post and award points
            sp = P.policy.star_points
            slots.award_points += star_points.draw_awards(model.streams.rng("awards", model.year).random(len(heads)), heads.grade, sp.award_chance)
            proposed = star_points.propose(heads.grade, tenure, slots.award_points, heads.stars, anew, removed, senior, sp, s.maximum)
        for formula in model.rulebook.hooks("star_proposal"):  # a county's own formula (star_formula.py) replaces them
            proposed = formula(P, m, proposed, anew)
        previous = np.where(first, 0, heads.stars)
        if model.config.has("policy.review"):
            rng = model.streams.rng("review", model.year)
            objection, veto = rng.random(len(heads)), rng.random(len(heads))
            proposed = stars.review(previous, proposed, objection, veto, P.policy.review.objection_rate, P.policy.review.county_veto_rate)
        new = np.where(rated, proposed, heads.stars).astype(np.int8)
        entitled = roles.among(heads.role, s.award_roles) & rated
        award = incentives.star_award(new.astype(np.int64) - previous, s.award_per_star, entitled)
        model.ledger.schedule(m + P.policy.performance.payment_lag_months, "star_award", s.award_payer,
                              heads.township, heads.role, award, heads.id)
        heads.stars, heads.rated = new, heads.rated | rated
        slots.rated_now = rated

    # ---- the same rule on next year's outcomes, for the effort choice ----------------------------------------------
    def effort_outcomes(self, money, prospect, extra, situations, losses, P) -> np.ndarray:
        """What each outcome of next year is worth with its stars (heads × outcomes): `money` (the outcome's pay) plus
        the award for stars gained and the value of the stars held (each component's `star_value`), through the review,
        and the other components' `effort_money` under the stars of each outcome — weighted over an award next year
        (科学设星) or the long-record addition where they may come; `situations`' money lost is appended to `losses`."""
        base = prospect(None, None)
        heads, month, s, has = base.heads, base.month, P.policy.stars, base.active
        due, reset = stars.in_cycle(base.year, P)  # next year: a rating in the cycle, and whether it starts afresh
        eligible_next = eligibility.eligible(heads.start_month, month + 12, s.min_months_in_post) & due
        if base.seen is not None and base.seen.barred_until is not None:  # barred from next year's rating by a situation
            eligible_next = eligible_next & (base.seen.barred_until < base.year)
        levels = np.zeros((len(heads), 1), np.int64) + np.arange(s.maximum + 1)
        by_stars = np.zeros(levels.shape)
        for star_value in self.model.rulebook.hooks("star_value"):  # pension, retirement subsidy, township post
            by_stars += star_value(levels, base, P)
        worth = partial(star_outcomes, by_stars=by_stars, role=heads.role, P=P, has=has)
        formulas = self.model.rulebook.hooks("star_proposal_outcomes")  # a county's own formula (star_formula.py)
        adjust = partial(formulas[0], P=P, base=base) if formulas else None
        if has("policy.star_points") and base.seen is not None and base.seen.awards is not None:  # an award next year, with its chance
            held, previous = stars_from_points(heads, eligible_next, base.seen.awards, month, P, base.outcomes, reset, adjust)
            chance = cadre_pay.by_grade(base.grade, P.policy.star_points.award_chance)[None, :]
            money = money + (1.0 - chance) * worth(held[0], previous) + chance * worth(held[1], previous)
            if extra:
                money += (1.0 - chance) * effort.priced(extra, prospect(held[0], previous), P) + chance * effort.priced(
                    extra, prospect(held[1], previous), P)
            return money
        held, previous = stars_next(heads, eligible_next, P, base.outcomes, adjust=adjust, reset=reset)
        if situations:  # priced without the long-record addition (a removal blocks it)
            price = partial(worth, previous=previous)
            remove = partial(stars_next_removed, heads, eligible_next, P, base.outcomes, adjust=adjust, reset=reset)
            losses += [loss(prospect(held, previous, price_stars=price, remove=remove), P) for loss in situations]
        chance = senior_chance(heads, base.everyone, month, P)
        if chance.any():  # the long-record addition, strictly limited (RULES.md §A.4)
            won, _ = stars_next(heads, eligible_next, P, base.outcomes, s.senior_bonus, adjust=adjust, reset=reset)
            money = money + (1.0 - chance)[:, None] * worth(held, previous) + chance[:, None] * worth(won, previous)
            if extra:
                money += (1.0 - chance)[:, None] * effort.priced(extra, prospect(held, previous), P) + chance[:, None] * effort.priced(
                    extra, prospect(won, previous), P)
            return money
        money = money + worth(held, previous)
        return money + effort.priced(extra, prospect(held, previous), P) if extra else money


def star_outcomes(held, previous, by_stars, role, P, has) -> np.ndarray:
    """The star money of each outcome: the award for stars gained and the value of the stars held, an increase
    standing only through the review (heads × outcomes)."""
    s = P.policy.stars
    row = (s.maximum + 1) * np.arange(held.shape[0])[:, None]
    value, value_previous = by_stars.ravel()[row + held], by_stars.ravel()[row + previous]
    award = s.award_per_star * effort.among(role, s.award_roles)[:, None] * np.maximum(held - previous, 0)
    passed = 1.0
    if has("policy.review"):
        passed = (1.0 - P.policy.review.objection_rate) * (1.0 - P.policy.review.county_veto_rate)
    return np.where(held > previous, passed * (award + value) + (1.0 - passed) * value_previous, value)


def stars_next(heads, eligible_next, P, outcomes, senior: int = 0, removed_more: int = 0, adjust=None,
               reset: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Stars after next year's rating for each outcome (heads × outcomes), and the stars they start from; `senior`:
    the long-record addition (满10年以上且实绩特别突出) won in the excellent outcomes; `adjust`: a county's own formula
    on the grid (`star_proposal_outcomes`), as the model's rating applies it (`star_proposal`); `reset`: next year's
    rating re-rates every head from scratch (policy.rating_cycle)."""
    s = P.policy.stars
    triggers = (s.removed_low_grade, s.removed_negative, s.removed_punishment)
    per_grade = (s.initial_stars_excellent, s.initial_stars_qualified, s.initial_stars_basic, s.initial_stars_unqualified)
    added = (s.added_excellent, s.added_qualified)
    reading = s.get("yearly_reading", "increment")
    removed, initial, dynamic = effort.memo(("stars", triggers, per_grade, added, s.maximum, senior, removed_more, reading, outcomes.names),
                                            lambda: star_tables(outcomes, triggers, per_grade, added, s.maximum, senior, removed_more, reading))
    dynamic = dynamic[heads.stars]
    first = (eligible_next & ~heads.rated)[:, None]
    anew = first | (eligible_next[:, None] & reset)  # as the rating's `anew`
    new = np.where(anew, initial[None, :], dynamic)
    if adjust is not None:
        new = adjust(new, anew)
    previous = np.where(first, 0, heads.stars[:, None])
    return np.where(eligible_next[:, None], new, heads.stars[:, None]), previous


def stars_next_removed(heads, eligible_next, P, outcomes, k: int, adjust=None, reset: bool = False) -> np.ndarray:
    """Stars after next year's rating for each outcome had a further trigger removed `k` stars (heads × outcomes)."""
    return stars_next(heads, eligible_next, P, outcomes, removed_more=k, adjust=adjust, reset=reset)[0]


def star_tables(outcomes, triggers, per_grade, added, maximum: int, senior: int = 0, removed_more: int = 0,
                reading: str = "increment") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stars removed in each outcome (`effort.Outcomes`), the stars of a first rating in each, and the stars after
    the dynamic adjustment from each number of stars held (stars 0..maximum × outcomes), with the long-record
    addition `senior` in the excellent outcomes, `removed_more` stars removed by a further trigger, under the
    `reading` of the yearly adjustment (`stars.adjusted`): the rating's own rules on the outcome grid."""
    grade, negative, punished = outcomes.grade, outcomes.event("negative"), outcomes.event("punished")
    removed = stars.removal(grade, negative, punished, *triggers) + removed_more
    held = np.arange(maximum + 1)[:, None]
    bonus = senior * (grade == EXCELLENT) if senior else 0
    initial = stars.initial(grade, removed, bonus, maximum, per_grade)
    return (removed, initial, stars.adjusted(stars.dynamic(held, grade[None, :], removed[None, :], bonus, maximum, added),
                                             initial[None, :], removed[None, :], reading))


def senior_chance(heads, everyone, month: int, P) -> np.ndarray:
    """Each head's chance of the long-record addition if excellent next year: with enough years in post by then, the
    cap's places (a share of those rated, county-wide) over last year's excellent heads who would qualify
    (`stars.senior_addition`)."""
    s = P.policy.stars
    places = np.floor(everyone.rated.sum() * s.senior_quota + 1e-9)
    if places <= 0 or s.senior_bonus <= 0:
        return np.zeros(heads.start_month.shape)
    qualify = eligibility.months_in_post(everyone.start_month, month + 12) >= 12 * s.senior_years
    rivals = max(int((qualify & (everyone.grade == EXCELLENT)).sum()), 1)
    long_record = eligibility.months_in_post(heads.start_month, month + 12) >= 12 * s.senior_years
    return long_record * min(1.0, places / rivals)


def stars_from_points(heads, eligible_next, awards, month: int, P, outcomes, reset: bool = False,
                      adjust=None) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
    """Stars after next year's rating in the points mode (`star_points.propose`) for each outcome, without and
    with an award next year (each heads × outcomes), and the stars they start from; `reset` and `adjust` (a county's
    own formula) as in `stars_next`."""
    s, sp = P.policy.stars, P.policy.star_points
    grade = outcomes.grade
    removed = stars.removal(grade, outcomes.event("negative"), outcomes.event("punished"), s.removed_low_grade, s.removed_negative, s.removed_punishment)
    shape = (len(heads), grade.size)
    first = np.broadcast_to((eligible_next & ~heads.rated)[:, None], shape)
    anew = np.broadcast_to((eligible_next & (~heads.rated | reset))[:, None], shape)
    tenure = np.broadcast_to(eligibility.months_in_post(heads.start_month, month + 12)[:, None], shape)
    flat = [np.broadcast_to(a, shape).ravel() for a in (grade[None, :], tenure, heads.stars[:, None], anew, removed[None, :])]
    held = []
    for extra in (0, 1):
        won = np.broadcast_to((awards + extra)[:, None], shape).ravel()
        new = star_points.propose(flat[0], flat[1], won, flat[2], flat[3], flat[4], 0, sp, s.maximum).reshape(shape)
        if adjust is not None:
            new = adjust(new, anew)
        held.append(np.where(eligible_next[:, None], new, heads.stars[:, None]).astype(np.int64))
    return (held[0], held[1]), np.where(first, 0, heads.stars[:, None]).astype(np.int64)
