"""星级评定 (RULES.md §A.1–A.4, A.7, A.8 star award; Yuncheng's 科学设星 §B): the yearly rating of heads.

初评 for heads rated the first time, 年度动态调整 for the rest, removal triggers, the senior addition, the
three-level review, and the star award for stars gained, paid after the review.
"""

from __future__ import annotations

import numpy as np

from simtoolkit.rules import eligibility, incentives, star_points, stars
from simtoolkit.rules import roles

from .component import Component


class StarRating(Component):
    """The yearly star rating of heads in post long enough, with its award."""

    order = 90
    requires = ("policy.stars",)
    reads = ("policy.review", "policy.star_points", "policy.performance")
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
        rated = eligibility.eligible(heads.start_month, m, s.min_months_in_post) & roles.among(heads.role, roles.HEAD_ROLES)
        first = rated & ~heads.rated
        removed = stars.removal(heads.grade, slots.negatives, slots.punished, s.removed_low_grade, s.removed_negative, s.removed_punishment)
        for more in model.rulebook.hooks("star_removal"):  # triggers other components declare (a removal blocks a gain)
            removed = removed + more(P)
        tenure = eligibility.months_in_post(heads.start_month, m)
        senior = stars.senior_addition(rated, heads.grade, tenure, heads.score, heads.id, 12 * s.senior_years, s.senior_bonus, s.senior_quota)
        initial = stars.initial(heads.grade, removed, senior, s.maximum,
                                (s.initial_stars_excellent, s.initial_stars_qualified, s.initial_stars_basic, s.initial_stars_unqualified))
        dynamic = stars.adjusted(stars.dynamic(heads.stars, heads.grade, removed, senior, s.maximum, (s.added_excellent, s.added_qualified)),
                                 initial, removed, s.get("yearly_reading", "increment"))
        proposed = np.where(first, initial, dynamic)
        if model.config.has("policy.star_points"):  # 科学设星: base stars from grade, years-in-post and award points
            sp = P.policy.star_points
            slots.award_points += star_points.draw_awards(model.streams.rng("awards", model.year).random(len(heads)), heads.grade, sp.award_chance)
            proposed = star_points.propose(heads.grade, tenure, slots.award_points, heads.stars, first, removed, senior, sp, s.maximum)
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
