"""The columns a county's written conditions read (docs/cookbook.md, "Names in star conditions"): at the year's rating
and on the effort choice's outcomes of next year — one place for the star formula, the statuses and any block with
conditions. Not a component: the components in force call it."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import satisfaction
from simtoolkit.rules import eligibility, history
from simtoolkit.rules.grades import EXCELLENT, QUALIFIED, BASIC, UNQUALIFIED


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


def record_of(model) -> dict:
    """Each head's record of ratings (History's, in force with any block that has conditions)."""
    return model.rulebook.hooks("record")[0]()


def village_satisfaction(model, heads) -> np.ndarray:
    """Each head's villagers' mean satisfaction (`heads`: the table, or a block of its rows)."""
    w = model.world
    village = satisfaction.village_mean(w.households.satisfaction, w.households.village, len(w.villages), w.households.size)
    return village[heads.village]


def years_in_post(heads, month: int, P) -> np.ndarray:
    """Years in post at the end of `month`, across a break where the county counts it as continuous
    (policy.tenure_continuity)."""
    bridged = P.policy.tenure_continuity.bridged_break_months if P.has("policy.tenure_continuity") else None
    return eligibility.months_served(heads.start_month, month, heads.service_before_break, heads.break_months, bridged) / 12.0


# condition name → the hook of the rule that keeps it per village (0 without that rule: refused at load then)
VILLAGE_HOOKS = {"collective_income": "village_income", "income_growth": "village_growth",  # policy.cadre_rewards
                 "branch_stars": "village_stars"}  # policy.branch_rating: the level its last rating gave


def village_economy(model, heads) -> dict:
    """Each head's village's collective income and its growth this year (policy.cadre_rewards' declared quantity), and
    the level its party organisation was last rated at (policy.branch_rating: last year's, at the heads' rating),
    read through their keepers' hooks."""
    n = len(model.world.villages)
    return {name: next((kept() for kept in model.rulebook.hooks(hook)), np.zeros(n))[heads.village] for name, hook in VILLAGE_HOOKS.items()}


def at_rating(model, m: int, held: np.ndarray, P) -> dict:
    """The columns at this year's rating (per head): score, grade, the stars `held` before it, years in post,
    satisfaction, the village's collective income and growth, and the record with this year's grade in it
    (`history.seen`)."""
    heads = model.world.heads
    return {"score": heads.score, "grade": heads.grade, "previous_stars": held.astype(np.int64),
            "years_in_post": years_in_post(heads, m, P), "satisfaction": village_satisfaction(model, heads),
            **village_economy(model, heads), **history.seen(record_of(model), heads.grade)}


def on_outcomes(model, base, P) -> dict:
    """The same columns on next year's outcomes (heads × outcomes): the outcome's grade, this year's score moved into
    its band (`outcome_score`), the stars held now, years in post at next year's rating, today's satisfaction and
    village income, the record as it will be (this year's grade become last year's)."""
    heads, grade = base.heads, base.grade[None, :]
    return {"score": outcome_score(heads.score[:, None], grade, P), "grade": grade,
            "previous_stars": heads.stars.astype(np.int64)[:, None], "years_in_post": years_in_post(heads, base.month + 12, P)[:, None],
            "satisfaction": village_satisfaction(model, heads)[:, None],
            **{name: value[:, None] for name, value in village_economy(model, heads).items()},
            **history.seen({name: value[:, None] for name, value in base.seen.record.items()}, grade)}

