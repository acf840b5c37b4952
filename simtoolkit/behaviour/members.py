"""Party members: monthly points for duties and service, and the reserve from which successors come."""

from __future__ import annotations

import numpy as np

from simtoolkit.rules.grouping import rank_within
from simtoolkit.world.synthesis import MEMBER_CATEGORIES


def category_codes(letters) -> np.ndarray:
    """Category codes (A = 0 … F = 5) of category letters."""
    return np.array([MEMBER_CATEGORIES.index(c) for c in letters], dtype=np.int8)


def monthly_points(category, ability, noise, P) -> np.ndarray:
    """A month's points: the duty points of the category, plus service that grows with ability, plus noise, at least 0.

    Computed in float32 and in place: a country holds tens of millions of members.
    """
    m = P.behaviour.members
    points = np.asarray(m.duty_points, dtype=np.float32)[category]
    points += np.float32(m.ability_points) * ability
    points += np.float32(m.points_noise) * noise
    return np.maximum(points, np.float32(0.0), out=points)


def voters(members, n_villages: int, P) -> np.ndarray:
    """Members of each village who vote in the democratic evaluation."""
    votes = np.isin(members.category, category_codes(P.behaviour.members.voting_categories))
    return np.bincount(members.village[votes], minlength=n_villages)


def reserve(members, year: int, n_villages: int, P) -> tuple[np.ndarray, np.ndarray]:
    """The reserve: each village's best young members by points (villages × places of member rows, -1 empty), and its size."""
    m = P.behaviour.members
    eligible = np.isin(members.category, category_codes(m.reserve_categories)) & (year - members.birth_year <= m.reserve_max_age)
    rank = rank_within(members.village, [members.points], members.id, eligible)
    chosen = eligible & (rank < m.reserve_size)
    table = np.full((n_villages, max(m.reserve_size, 1)), -1, np.int64)
    table[members.village[chosen], rank[chosen]] = np.flatnonzero(chosen)
    return table, np.bincount(members.village[chosen], minlength=n_villages)


def pick_successors(table, size, vacant_village, vacancy_ids, draw) -> np.ndarray:
    """The member row succeeding each vacancy (−1: the reserve is empty or used up).

    A vacancy draws one reserve member at random; a second vacancy in the same village takes the next one.
    """
    order = rank_within(vacant_village, [], vacancy_ids)  # 0 for the first vacancy in a village, 1 for the next …
    n = size[vacant_village]
    pick = (np.floor(draw * n).astype(np.int64) + order) % np.maximum(n, 1)
    return np.where(order < n, table[vacant_village, pick], -1)
