"""Ranking within groups (townships, the county) on sorted keys, without loops over agents."""

from __future__ import annotations

import numpy as np


def rank_within(group: np.ndarray, keys_desc: list[np.ndarray], ids: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """0-based rank of each row within its group, best first by `keys_desc`, ties by lower id.

    Rows outside `mask` are ranked after every row inside it.
    """
    inside = np.ones(group.size, bool) if mask is None else mask
    # lexsort sorts by the last key first
    order = np.lexsort((ids, *[-k for k in reversed(keys_desc)], ~inside, group))
    sorted_group = group[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_group)) + 1]
    first_of_group = np.repeat(starts, np.diff(np.r_[starts, sorted_group.size]))
    rank = np.empty(group.size, np.int64)
    rank[order] = np.arange(group.size) - first_of_group
    return rank


def count_by(group: np.ndarray, mask: np.ndarray, n_groups: int) -> np.ndarray:
    """How many rows in `mask` each group has."""
    return np.bincount(group[mask], minlength=n_groups)
