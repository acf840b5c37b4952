"""Training once per term for every cadre in post (RULES.md §C.9): who is due, and what it costs."""

from __future__ import annotations

import numpy as np


def term_start(year: int, next_election: int, cycle: int) -> int:
    """The latest election year at or before `year` (elections every `cycle` years from `next_election`)."""
    # floor division rounds towards the past on both sides of `next_election`
    return next_election + cycle * ((year - next_election) // cycle)


def due(trained_term: np.ndarray, term: int, in_post: np.ndarray) -> np.ndarray:
    """换届以来…全覆盖培训: cadres in post not yet trained in the current term."""
    return in_post & (trained_term < term)
