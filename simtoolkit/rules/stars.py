"""Stars: initial rating, yearly dynamic adjustment, removal triggers, the long-record addition (RULES.md §A.2–4)."""

from __future__ import annotations

import numpy as np

from .grades import BASIC, EXCELLENT, NONE, QUALIFIED, UNQUALIFIED
from .grouping import rank_within


def by_grade(grades: np.ndarray, excellent: int, qualified: int, basic: int, unqualified: int) -> np.ndarray:
    """A per-grade amount looked up for each head (0 where no grade)."""
    table = np.array([excellent, qualified, basic, unqualified, 0], dtype=np.int64)
    return table[np.where(grades == NONE, 4, grades)]


def removal(grades, negatives, punished, low_grade: int, negative: int, punishment: int) -> np.ndarray:
    """减星: stars removed by the three triggers — grade basically qualified or lower, any negative situation, punishment."""
    low = (grades == BASIC) | (grades == UNQUALIFIED)
    return low * low_grade + (negatives > 0) * negative + punished * punishment


def senior_addition(rated, grades, months_in_post, score, ids, senior_months: float, bonus: int, quota_share: float) -> np.ndarray:
    """满10年以上且实绩特别突出增星: heads graded excellent with ≥ `senior_months` in post, best scores first, capped."""
    candidate = rated & (grades == EXCELLENT) & (months_in_post >= senior_months)
    cap = int(np.floor(rated.sum() * quota_share + 1e-9))
    rank = rank_within(np.zeros(ids.size, np.int64), [score], ids, candidate)
    return (candidate & (rank < cap)) * bonus


def clip_stars(stars: np.ndarray, maximum: int) -> np.ndarray:
    """Stars stay within [0, maximum]."""
    return np.clip(stars, 0, maximum).astype(np.int8)


def initial(grades, removed, senior, maximum: int, per_grade: tuple[int, int, int, int]) -> np.ndarray:
    """初次评定: stars from the grade, plus the long-record addition, minus removals, within [0, max]."""
    return clip_stars(by_grade(grades, *per_grade) + senior - removed, maximum)


def dynamic(stars, grades, removed, senior, maximum: int, added: tuple[int, int]) -> np.ndarray:
    """年度动态调整: removals when a trigger fires; otherwise additions for the grade (and the long-record addition)."""
    excellent, qualified = added
    gain = np.where(grades == EXCELLENT, excellent, np.where(grades == QUALIFIED, qualified, 0)) + senior
    change = np.where(removed > 0, -removed, gain)
    return clip_stars(stars.astype(np.int64) + change, maximum)


def review(previous, proposed, objection_draw, veto_draw, objection_rate: float, veto_rate: float) -> np.ndarray:
    """三级联动: an increase stands only if no objection is upheld in the village and the county does not veto it.

    Draws are uniforms over head slots; a stopped increase leaves the previous stars (decreases always stand).
    """
    increase = proposed > previous
    stopped = increase & ((objection_draw < objection_rate) | (veto_draw < veto_rate))
    return np.where(stopped, previous, proposed).astype(np.int8)


# How the yearly adjustment reads the source, which says only 初次评定与年度动态调整相结合…以星级考核为主要依据:
# "increment": the year's grade adds its stars to those held (a qualified grade adds none, so a head at 0 stars stays
# there however it is graded); "floor": the same, but a year without a removal trigger leaves a head no lower than the
# stars its grade gives at an initial rating (a trigger still removes from the stars held and blocks every gain).
READINGS = ("increment", "floor")


def adjusted(dynamic_stars: np.ndarray, initial_stars: np.ndarray, removed: np.ndarray, reading: str) -> np.ndarray:
    """The yearly adjustment under a reading of the source (`READINGS`): the dynamic stars, floored under "floor" by the
    stars an initial rating would give in a year without a removal trigger."""
    if reading != "floor":
        return dynamic_stars
    return np.where(removed > 0, dynamic_stars, np.maximum(dynamic_stars, initial_stars)).astype(dynamic_stars.dtype)


def in_cycle(year: int, P) -> tuple[bool, bool]:
    """评定周期 (policy.rating_cycle): whether `year` has a rating — its rating year and every `every_years` years
    before and after — and whether that rating re-rates every head from scratch; every year, no reset, without one."""
    if not P.has("policy.rating_cycle"):
        return True, False
    c = P.policy.rating_cycle
    return (year - c.get("rating_year", P.run.start_year)) % c.every_years == 0, bool(c.get("reset", False))
