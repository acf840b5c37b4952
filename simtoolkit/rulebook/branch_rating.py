"""村党组织星级评定 (organisation ratings; 博罗 2017's 星级名村): each village's party organisation gets a star level a
year, from its heads' stars or annual score, and the village a one-off award for each level first reached, paying only
the difference over the best level already paid (policy.branch_rating). The award is the village's, not a head's: the
effort choice does not weigh it (docs/cookbook.md, Recipe 7)."""

from __future__ import annotations

import numpy as np

from simtoolkit.rules import roles
from simtoolkit.rules.branch_rating import award_due, branch_stars, stars_of_score

from .component import Component


class BranchRating(Component):
    """Each village's organisation level after the heads' rating, and the award for a level above any paid before."""

    order = 95  # after the heads' star rating (90): head_stars reads this year's stars
    requires = ("policy.branch_rating", "policy.stars")
    reads = ("policy.performance",)
    moments = ("rating",)
    items = ("branch_star_award",)
    indicators = ("branch_stars_mean", "villages_branch_award")

    def __init__(self, model):
        super().__init__(model)
        n = len(model.world.villages)
        self.stars = np.zeros(n, np.int64)  # each village's level this year
        self.best = np.zeros(n, np.int64)  # the best level paid so far (kept when the level falls)

    def village_stars(self) -> np.ndarray:
        """Each village's organisation level this year."""
        return self.stars

    def rating(self, P, m: int) -> None:
        """This year's levels; the award for a level above the best paid, booked to the village (after the payment lag)."""
        b, heads, villages = P.policy.branch_rating, self.model.world.heads, self.model.world.villages
        counted = roles.among(heads.role, b.roles) & (heads.months_scored > 0)
        value = heads.stars if b.basis == "head_stars" else stars_of_score(heads.score, b.score_bands)
        self.stars = branch_stars(value, heads.village, counted, len(villages))
        due = award_due(self.stars, self.best, b.awards)
        self.best = np.maximum(self.best, self.stars)
        paid = np.flatnonzero(due > 0)
        self.model.ledger.schedule(m + P.policy.performance.payment_lag_months, "branch_star_award", b.payer,
                                   villages.township[paid], roles.code("village"), due[paid])
        self.note("branch_stars_mean", float(self.stars.mean()) if len(villages) else 0.0)
        self.note("villages_branch_award", float(paid.size))
