"""Two-mentor-one pairing after the initial rating (定帮带, RULES.md §A.5)."""

from __future__ import annotations

import numpy as np

from .grouping import rank_within


def mentees(stars: np.ndarray, rated: np.ndarray) -> np.ndarray:
    """与不定星级村社书记全部“2带1”结成对子: every rated head without a star is paired."""
    return rated & (stars == 0)


def mentors_available(stars: np.ndarray, township: np.ndarray, min_stars: int, n_townships: int) -> np.ndarray:
    """二星级以上优秀村社书记: how many heads with at least `min_stars` stars each township has."""
    return np.bincount(township[stars >= min_stars], minlength=n_townships)


def paired(candidate, township, score, ids, places) -> np.ndarray:
    """The candidates paired where a township has fewer pairs' worth of mentors than mentees (`places` per township):
    the lowest annual scores first, ties by lower id."""
    if not (np.bincount(township[candidate], minlength=places.size) > places).any():
        return candidate  # mentors enough for everyone (the usual case): no ranking needed
    rank = rank_within(township, [-np.asarray(score, np.float64)], ids, candidate)
    return candidate & (rank < places[township])
