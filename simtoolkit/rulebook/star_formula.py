"""A county's own star formula (docs/cookbook.md): replaces the stars the rating proposes (`star_rating.py`) with
stars from score bands, a grade table and years in post, capped and floored under written conditions — in the model's
rating (`star_proposal`) and, through the same function, on the effort choice's outcomes (`star_proposal_outcomes`)."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import satisfaction
from simtoolkit.rules import eligibility
from simtoolkit.rules.grades import EXCELLENT, QUALIFIED, BASIC, UNQUALIFIED
from simtoolkit.rules.star_formula import formula

from .component import Component


def outcome_score(score, grade, P) -> np.ndarray:
    """A head's score in an outcome of next year: this year's score moved into the outcome grade's band of the
    grade thresholds (the effort choice's outcomes are grades, not scores; without thresholds, this year's score)."""
    g = P.policy.grades
    if not all(P.has(f"policy.grades.{k}") for k in ("threshold_basic", "threshold_qualified", "threshold_excellent")):
        return np.broadcast_to(score, np.broadcast(score, grade).shape)
    low = np.zeros(4)
    high = np.full(4, np.inf)
    low[[EXCELLENT, QUALIFIED, BASIC]] = g.threshold_excellent, g.threshold_qualified, g.threshold_basic
    high[[QUALIFIED, BASIC, UNQUALIFIED]] = g.threshold_excellent, g.threshold_qualified, g.threshold_basic
    return np.clip(score, low[grade], np.nextafter(high[grade], -np.inf))  # strictly below the next grade's threshold


class StarFormula(Component):
    """The stars of a county's own formula, in place of the rating's proposal (before the review and the award)."""

    order = 89  # declared before the rating; it acts through the rating's `star_proposal` hook
    requires = ("policy.star_formula", "policy.stars")

    def star_proposal(self, P, m: int, proposed: np.ndarray, first: np.ndarray) -> np.ndarray:
        """The formula's stars, from this year's score, grade, years in post and villagers' satisfaction: for every head,
        or only for heads rated the first time (`applies_to`; the others keep the rating's yearly adjustment)."""
        heads = self.model.world.heads
        columns = self._columns(heads, eligibility.months_in_post(heads.start_month, m))
        return self._stars(P, proposed, first, {**columns, "score": heads.score, "grade": heads.grade})

    def star_proposal_outcomes(self, proposed, first, P, base) -> np.ndarray:
        """The same formula on next year's outcomes (heads × outcomes): the outcome's grade, this year's score moved into
        its band (`outcome_score`), years in post at next year's rating, today's satisfaction."""
        heads, grade = base.heads, base.grade[None, :]
        per_head = self._columns(heads, eligibility.months_in_post(heads.start_month, base.month + 12))
        columns = {name: value[:, None] for name, value in per_head.items()}
        return self._stars(P, proposed, first, {**columns, "grade": grade, "score": outcome_score(heads.score[:, None], grade, P)})

    def _columns(self, heads, months: np.ndarray) -> dict:
        """The per-head columns besides score and grade: stars held, years in post, the villagers' satisfaction, the
        village's collective income and its growth this year."""
        w = self.model.world
        village = satisfaction.village_mean(w.households.satisfaction, w.households.village, len(w.villages), w.households.size)
        income, growth = (next((hook() for hook in self.model.rulebook.hooks(name)), np.zeros(len(w.villages)))
                          for name in ("village_income", "village_growth"))  # policy.cadre_rewards' (else refused at load)
        return {"previous_stars": heads.stars.astype(np.int64), "years_in_post": months / 12.0, "satisfaction": village[heads.village],
                "collective_income": income[heads.village], "income_growth": growth[heads.village]}

    @staticmethod
    def _stars(P, proposed, first, columns: dict) -> np.ndarray:
        """The formula's stars where it applies (every rating, or first ratings only), the rating's elsewhere."""
        stars = formula(P.policy.star_formula, proposed, columns, P.policy.stars.maximum)
        if P.policy.star_formula.get("applies_to", "every_rating") == "first_rating":
            return np.where(first, stars, proposed)
        return stars
