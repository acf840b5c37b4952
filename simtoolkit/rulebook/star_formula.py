"""A county's own star formula (docs/cookbook.md): replaces the stars the rating proposes (`star_rating.py`) with
stars from score bands, a grade table and years in post, capped and floored under written conditions — in the model's
rating (`star_proposal`) and, through the same function, on the effort choice's outcomes (`star_proposal_outcomes`)."""

from __future__ import annotations

import numpy as np

from simtoolkit.rules.star_formula import formula

from . import conditions
from .component import Component


class StarFormula(Component):
    """The stars of a county's own formula, in place of the rating's proposal (before the review and the award)."""

    order = 89  # declared before the rating; it acts through the rating's `star_proposal` hook
    requires = ("policy.star_formula", "policy.stars")
    reads = ("policy.tenure_continuity", "policy.grades")  # years in post across a break; the grade bands of outcomes

    def star_proposal(self, P, m: int, proposed: np.ndarray, first: np.ndarray) -> np.ndarray:
        """The formula's stars, from this year's score, grade, years in post, villagers' satisfaction and the record of
        ratings (`conditions.at_rating`): for every head, or only for heads rated the first time (`applies_to`; the
        others keep the rating's yearly adjustment)."""
        return self._stars(P, proposed, first, conditions.at_rating(self.model, m, self.model.world.heads.stars, P))

    def star_proposal_outcomes(self, proposed, first, P, base) -> np.ndarray:
        """The same formula on next year's outcomes (heads × outcomes, `conditions.on_outcomes`)."""
        return self._stars(P, proposed, first, conditions.on_outcomes(self.model, base, P))

    @staticmethod
    def _stars(P, proposed, first, columns: dict) -> np.ndarray:
        """The formula's stars where it applies (every rating, or first ratings only), the rating's elsewhere."""
        stars = formula(P.policy.star_formula, proposed, columns, P.policy.stars.maximum)
        if P.policy.star_formula.get("applies_to", "every_rating") == "first_rating":
            return np.where(first, stars, proposed)
        return stars
