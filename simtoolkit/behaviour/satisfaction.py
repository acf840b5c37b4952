"""Household satisfaction follows the service of the village's heads."""

from __future__ import annotations

import numpy as np


def village_service(fraction: np.ndarray, village: np.ndarray, n_villages: int) -> np.ndarray:
    """Mean performance share of each village's heads (service quality)."""
    total = np.bincount(village, weights=fraction, minlength=n_villages)
    count = np.bincount(village, minlength=n_villages)
    return np.divide(total, count, out=np.zeros(n_villages), where=count > 0)


def visit_chance(village_effort: np.ndarray, P) -> np.ndarray:
    """Each village's monthly chance that a household gets its grid member's visit: the usual rate scaled by effort."""
    s = P.behaviour.satisfaction
    return np.clip(s.grid_visit_rate * village_effort / P.behaviour.heads.effort_initial, 0.0, 1.0)


def update(satisfaction, household_village, service, reference_service, visited, P) -> np.ndarray:
    """Move each household's satisfaction part of the way towards its target: service quality and this month's visit.

    The target is `base` when the village's service is at the reference level and the household
    was visited as often as usual; better service and a visit raise it.
    """
    s = P.behaviour.satisfaction
    village_target = s.base + s.service_effect * (service - reference_service)
    target = np.clip(village_target[household_village] + s.visit_effect * (visited - s.grid_visit_rate), 0.0, 1.0)
    return (satisfaction + s.adjustment_rate * (target - satisfaction)).astype(np.float32)


def village_targets(service, reference_service, P) -> tuple[np.ndarray, np.ndarray]:
    """Each village's two household targets of `update`: (visited this month, not visited)."""
    s = P.behaviour.satisfaction
    village_target = s.base + s.service_effect * (service - reference_service)
    seen = np.clip(village_target + s.visit_effect * (1.0 - s.grid_visit_rate), 0.0, 1.0)
    unseen = np.clip(village_target - s.visit_effect * s.grid_visit_rate, 0.0, 1.0)
    return seen, unseen


BLOCK = 1 << 15  # households per block: a block's temporaries stay in cache (speed only, results unchanged)


def update_in_blocks(satisfaction, village, pairs, rng, chance, service, reference_service, P) -> None:
    """`update` in place, block by block, with the same draws and the same float32 results.

    A household is visited when its uniform draw (drawn in order from `rng`, so blocks consume the
    stream exactly as one full-length draw would) is below its village's chance. Targets are
    clipped once per village, not per household, and picked from the villages × (not visited,
    visited) table at `pairs` (2 × village) + visited; the float64 steps are those of `update`.
    """
    seen, unseen = village_targets(service, reference_service, P)
    table, rate = np.stack([unseen, seen], axis=1).ravel(), P.behaviour.satisfaction.adjustment_rate
    for lo in range(0, satisfaction.size, BLOCK):
        block = slice(lo, lo + BLOCK)
        visited = rng.random(satisfaction[block].size) < chance[village[block]]
        target, current = table[pairs[block] + visited], satisfaction[block]
        np.subtract(target, current, out=target)
        target *= rate
        target += current
        current[...] = target


def update_grids(satisfaction, grid_village, size, visited, service, reference_service, P) -> np.ndarray:
    """`update` for grid rows: `visited` of a grid's `size` households had a visit; the row holds their mean.

    A household's target is one of two values (visited or not) and the move is linear, so the
    grid's mean moves exactly as the mean of its households would (docs/scale.md).
    """
    s = P.behaviour.satisfaction
    seen, unseen = village_targets(service, reference_service, P)
    share = visited / size
    target = seen[grid_village] * share + unseen[grid_village] * (1.0 - share)
    return (satisfaction + s.adjustment_rate * (target - satisfaction)).astype(np.float32)


def village_mean(satisfaction, household_village, n_villages: int, size=None) -> np.ndarray:
    """Mean satisfaction of each village's households (`size`: households each row stands for, None for one)."""
    if size is not None:
        satisfaction = satisfaction * size
    total = np.bincount(household_village, weights=satisfaction, minlength=n_villages)
    count = np.bincount(household_village, weights=size, minlength=n_villages)
    return np.divide(total, count, out=np.zeros(n_villages), where=count > 0)
