"""Party members: monthly points for duties and service, and the reserve from which successors come."""

from __future__ import annotations

import numpy as np

from simtoolkit import jit
from simtoolkit.rules.grouping import rank_within
from simtoolkit.world.synthesis import MEMBER_CATEGORIES


def category_codes(letters) -> np.ndarray:
    """Category codes (A = 0 … F = 5) of category letters."""
    return np.array([MEMBER_CATEGORIES.index(c) for c in letters], dtype=np.int8)


def in_categories(category, letters) -> np.ndarray:
    """Whether each member's category is one of `letters`: `np.isin(category, category_codes(letters))` by table lookup."""
    if category.dtype != np.int8:
        return np.isin(category, category_codes(letters))
    table = np.zeros(256, bool)  # every int8 value, read as its byte
    table[category_codes(letters).view(np.uint8)] = True
    return table[category.view(np.uint8)]


def monthly_points(category, ability, noise, P, service=None) -> np.ndarray:
    """A month's points: the duty points of the category, plus service that grows with ability, plus noise, at least 0.

    Computed in float32 and in place: a country holds tens of millions of members. `service`: the first
    two terms (`service_points`) when already known.
    """
    points = service_points(category, ability, P) if service is None else service.copy()
    points += np.float32(P.behaviour.members.points_noise) * noise
    return np.maximum(points, np.float32(0.0), out=points)


def service_points(category, ability, P) -> np.ndarray:
    """The duty points of each member's category plus service that grows with ability: a month's points before noise."""
    m = P.behaviour.members
    points = np.asarray(m.duty_points, dtype=np.float32)[category]
    points += np.float32(m.ability_points) * ability
    return points


BLOCK = 1 << 16  # members per block of the numpy path
_service = [(None, None, None, None)]  # the last (P, ability, category, service_points): they change only at successions and new years


def accrue_points(points, category, ability, noise, P) -> None:
    """Add a month's `monthly_points` to `points` in place (float32 columns): numba in one pass when available, else numpy.

    Both give the bits of `points += monthly_points(category, ability, noise, P)`. numpy reuses last
    month's `service_points` while the parameters, the `ability` column (fixed for a run: the same array,
    never changed in place) and every category are the same, and works in blocks of `BLOCK` members so
    its temporaries stay in cache (a country has 30 million members).
    """
    kernel = jit.compiled(accrue_rows) if points.dtype == ability.dtype == noise.dtype == np.float32 else None
    if kernel is None:
        known_P, known_ability, known_category, service = _service[0]
        if not (known_P is P and known_ability is ability and np.array_equal(known_category, category)):
            service = service_points(category, ability, P)
            _service[0] = (P, ability, category.copy(), service)
        if points.size <= BLOCK:
            points += monthly_points(category, ability, noise, P, service)
            return
        for lo in range(0, points.size, BLOCK):
            block = slice(lo, lo + BLOCK)
            points[block] += monthly_points(category[block], ability[block], noise[block], P, service[block])
        return
    m = P.behaviour.members
    kernel(points, category, ability, noise, np.asarray(m.duty_points, dtype=np.float32),
           np.float32(m.ability_points), np.float32(m.points_noise))


def accrue_rows(points, category, ability, noise, duty, ability_points, points_noise):
    """The per-member step of `accrue_points`, written for numba: `monthly_points`' float32 operations in its order."""
    for i in range(points.size):
        p = duty[category[i]] + ability_points * ability[i]
        p = p + points_noise * noise[i]
        points[i] += np.float32(0.0) if p < np.float32(0.0) else p  # np.maximum(p, 0): NaN and −0.0 pass


def voters(members, n_villages: int, P) -> np.ndarray:
    """Members of each village who vote in the democratic evaluation."""
    votes = in_categories(members.category, P.behaviour.members.voting_categories)
    return np.bincount(members.village[votes], minlength=n_villages)


def reserve(members, year: int, n_villages: int, P, villages=None) -> tuple[np.ndarray, np.ndarray]:
    """The reserve: each village's best young members by points (villages × places of member rows, -1 empty), and its size.

    `villages`: only these villages' reserves are wanted (the succession needs those with a vacancy);
    the others are left empty, and the members of other villages are not looked at.
    """
    m = P.behaviour.members
    if villages is None:
        rows = np.arange(len(members))
    else:
        wanted = np.zeros(n_villages, bool)
        wanted[villages] = True
        rows = np.flatnonzero(wanted[members.village])
    eligible = in_categories(members.category[rows], m.reserve_categories) & (year - members.birth_year[rows] <= m.reserve_max_age)
    rows = rows[eligible]
    village = members.village[rows]
    # among the eligible rows alone, ranks are those the eligible rows get when every row is ranked with `eligible` as the mask
    rank = rank_within(village, [members.points[rows]], members.id[rows])
    chosen = rank < m.reserve_size
    table = np.full((n_villages, max(m.reserve_size, 1)), -1, np.int64)
    table[village[chosen], rank[chosen]] = rows[chosen]
    return table, np.bincount(village[chosen], minlength=n_villages)


def pick_successors(table, size, vacant_village, vacancy_ids, draw) -> np.ndarray:
    """The member row succeeding each vacancy (−1: the reserve is empty or used up).

    A vacancy draws one reserve member at random; a second vacancy in the same village takes the next one.
    """
    order = rank_within(vacant_village, [], vacancy_ids)  # 0 for the first vacancy in a village, 1 for the next …
    n = size[vacant_village]
    pick = (np.floor(draw * n).astype(np.int64) + order) % np.maximum(n, 1)
    return np.where(order < n, table[vacant_village, pick], -1)
