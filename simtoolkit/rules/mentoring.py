"""Two-mentor-one pairing after the initial rating (定帮带, RULES.md §A.5)."""

from __future__ import annotations

import numpy as np


def mentees(stars: np.ndarray, rated: np.ndarray) -> np.ndarray:
    """与不定星级村社书记全部“2带1”结成对子: every rated head without a star is paired."""
    return rated & (stars == 0)


def mentors_available(stars: np.ndarray, township: np.ndarray, min_stars: int, n_townships: int) -> np.ndarray:
    """How many heads with at least `min_stars` stars each township has (the township leader adds one)."""
    return np.bincount(township[stars >= min_stars], minlength=n_townships)
