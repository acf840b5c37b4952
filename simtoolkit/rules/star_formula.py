"""A county's own star formula (docs/cookbook.md): stars from score bands, a grade table and years in post, then caps
and floors under written conditions. Pure and vectorised: every column may be heads or heads × outcomes."""

from __future__ import annotations

from functools import cache

import numpy as np

from simtoolkit.scenario.expressions import compile_expression

from .grades import NAMES as GRADE_NAMES
from .history import NAMES as HISTORY_NAMES

# The names a condition may use (the schema's `names` of policy.star_formula.limits.when say the same).
CONDITION_NAMES = ("score", "satisfaction", "years_in_post", "stars", "previous_stars", *GRADE_NAMES, *HISTORY_NAMES,
                   "collective_income", "income_growth",  # the village's, from policy.cadre_rewards
                   "branch_stars")  # its party organisation's level, from policy.branch_rating


def by_bands(value, rows, column: str) -> np.ndarray:
    """Stars of the band each value falls in: the last row whose `column` it reaches (rows rise, the first at 0)."""
    lows = np.array([r[column] for r in rows], float)
    stars = np.array([r["stars"] for r in rows], np.int64)
    return stars[np.maximum(np.searchsorted(lows, value, side="right") - 1, 0)]


def by_grade(grade, rows) -> np.ndarray:
    """Stars of each grade code by the table (no grade yet: 0)."""
    table = np.zeros(len(GRADE_NAMES) + 1, np.int64)  # the last place is grade code -1 (none)
    for r in rows:
        table[GRADE_NAMES.index(r["grade"])] = r["stars"]
    return table[grade]


def tenure_added(years, rows) -> np.ndarray:
    """Stars added for the highest threshold of years in post reached (not summed over thresholds); 0 below all."""
    if not rows:
        return np.zeros(np.shape(years), np.int64)
    lows = np.array([r["years"] for r in rows], float)
    stars = np.array([0] + [r["stars"] for r in rows], np.int64)
    return stars[np.searchsorted(lows, np.asarray(years) + 1e-9, side="right")]  # + 1e-9: 120 months are 10 years


def with_grades(columns: dict) -> dict:
    """The columns with a yes/no name for each grade (`excellent` … `unqualified`: this year's grade is that grade)."""
    grade = np.asarray(columns["grade"])
    return {**columns, **{name: grade == code for code, name in enumerate(GRADE_NAMES)}}


@cache
def condition(text: str):
    """A limit's condition, checked and compiled once."""
    return compile_expression(text, CONDITION_NAMES)


def added(stars, rows, columns: dict) -> np.ndarray:
    """Each addition in row order: its stars added (or taken, when negative) where its condition holds."""
    for r in rows:
        stars = stars + r["stars"] * condition(r["when"])({**columns, "stars": stars})
    return stars


def limited(stars, rows, columns: dict) -> np.ndarray:
    """Each limit in row order: at most / at least its stars where its condition holds."""
    for r in rows:
        holds = condition(r["when"])({**columns, "stars": stars})
        bound = np.minimum if r["bound"] == "at_most" else np.maximum
        stars = np.where(holds, bound(stars, r["stars"]), stars)
    return stars


def over_cycle(columns: dict, rows) -> np.ndarray:
    """Stars added for each year at each grade since the last rating (the yearly adjustment summed over a rating
    cycle): Σ over the grades of the table's stars × the years at that grade (`cycle_<grade>` of the record)."""
    return sum(r["stars"] * np.asarray(columns[f"cycle_{r['grade']}"], np.int64) for r in rows)


def formula(F, base, columns: dict, maximum: int) -> np.ndarray:
    """The formula's stars (0..maximum): the parts given summed — score bands, a grade table; without either, the stars
    held plus the cycle's stars when a cycle table is given (`over_cycle`), else the rating's own `base` stars — then
    tenure stars and the additions under conditions added, then the limits. `columns`: score, satisfaction,
    years_in_post, grade, previous_stars and the record's names (`history.NAMES`)."""
    score_bands, grade_stars, cycle_stars = F.get("score_bands"), F.get("grade_stars"), F.get("cycle_stars")
    stars = np.zeros(np.broadcast(columns["score"], columns["grade"]).shape, np.int64)
    if score_bands:
        stars = stars + by_bands(columns["score"], score_bands, "at_least")
    if grade_stars:
        stars = stars + by_grade(columns["grade"], grade_stars)
    if not (score_bands or grade_stars):
        stars = stars + np.asarray(columns["previous_stars"] if cycle_stars else base, np.int64)
    if cycle_stars:
        stars = stars + over_cycle(columns, cycle_stars)
    stars = stars + tenure_added(columns["years_in_post"], F.get("tenure_stars") or [])
    named = with_grades(columns)
    stars = added(stars, F.get("additions") or [], named)
    return np.clip(limited(stars, F.get("limits") or [], named), 0, maximum)
