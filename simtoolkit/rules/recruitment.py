"""Recruitment of high-star secretaries into township posts, and referenced pay for the rest (RULES.md §A.8 political)."""

from __future__ import annotations

import numpy as np

from .grouping import rank_within


def candidates(stars, role_ok, recruited, min_stars: int) -> np.ndarray:
    """对星级较高…的村社党组织书记: heads of eligible roles with at least `min_stars`, not yet recruited."""
    return role_ok & (stars >= min_stars) & ~recruited


def recruit(candidate, age, score, ids, max_age: int, places: int) -> np.ndarray:
    """一届内优先通过专项招聘纳入乡街事业编: the best-scoring candidates under the age limit, up to the places."""
    fit = candidate & (age <= max_age)
    rank = rank_within(np.zeros(ids.size, np.int64), [score], ids, fit)
    return fit & (rank < places)


def referenced_topup(candidate, recruited_now, annual_pay, reference_pay: float) -> np.ndarray:
    """不宜纳入的参照乡街事业编待遇落实岗位报酬: yearly top-up to the reference pay for candidates not recruited."""
    return np.where(candidate & ~recruited_now, np.maximum(reference_pay - annual_pay, 0.0), 0.0)
