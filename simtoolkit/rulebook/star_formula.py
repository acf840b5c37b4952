"""A county's own star formula (docs/cookbook.md): replaces the stars the rating proposes (`star_rating.py`) with
stars from score bands, a grade table and years in post, capped and floored under written conditions."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import satisfaction
from simtoolkit.rules import eligibility
from simtoolkit.rules.star_formula import formula

from .component import Component


class StarFormula(Component):
    """The stars of a county's own formula, in place of the rating's proposal (before the review and the award)."""

    order = 89  # declared before the rating; it acts through the rating's `star_proposal` hook
    requires = ("policy.star_formula", "policy.stars")

    def star_proposal(self, P, m: int, proposed: np.ndarray, first: np.ndarray) -> np.ndarray:
        """The formula's stars, from this year's score, grade, years in post and villagers' satisfaction: for every head,
        or only for heads rated the first time (`applies_to`; the others keep the rating's yearly adjustment)."""
        w = self.model.world
        heads = w.heads
        columns = {"score": heads.score, "grade": heads.grade, "previous_stars": heads.stars.astype(np.int64),
                   "years_in_post": eligibility.months_in_post(heads.start_month, m) / 12.0,
                   "satisfaction": satisfaction.village_mean(w.households.satisfaction, w.households.village,
                                                             len(w.villages), w.households.size)[heads.village]}
        stars = formula(P.policy.star_formula, proposed, columns, P.policy.stars.maximum)
        if P.policy.star_formula.get("applies_to", "every_rating") == "first_rating":
            return np.where(first, stars, proposed)
        return stars
