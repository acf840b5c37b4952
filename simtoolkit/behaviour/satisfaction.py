"""Household satisfaction follows the service of the village's heads."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from simtoolkit import jit


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


VISIT_LEVELS = 1 << 16  # a visit chance is applied as a multiple of 1/65,536 (error below 1e-5)
BLOCK = 1 << 16  # households per block of the numpy twin: its temporaries stay in cache (speed only)


def visit_draws(rng, n: int) -> np.ndarray:
    """n uniform 16-bit integers from `rng` (four per 64-bit output: a quarter of a float's cost)."""
    # the parts follow the machine's byte order: little-endian on x86-64 and ARM, so the same draws on both
    return rng.bit_generator.random_raw(-(-n // 4)).view(np.uint16)[:n]


def visit_thresholds(chance: np.ndarray) -> np.ndarray:
    """Each village's chance as a count of the 65,536 draw values that mean "visited"."""
    return np.rint(np.asarray(chance, dtype=np.float64) * VISIT_LEVELS).astype(np.int32)


def visited(rng, village: np.ndarray, chance: np.ndarray) -> np.ndarray:
    """Which households get a visit this month (the draws `update_rows` makes, in the same order)."""
    return visit_draws(rng, village.size) < visit_thresholds(chance)[village]


@dataclass(frozen=True)
class Moves:
    """What a month's update of household rows needs: villages' two targets, visit thresholds, the rate."""

    table: np.ndarray  # village v: [2v] target when not visited, [2v + 1] when visited
    threshold: np.ndarray  # `visit_thresholds` of the villages' chances
    rate: float
    _rows: list = field(default_factory=list, compare=False, repr=False)  # `by_household`'s last (village, columns)

    def by_household(self, village: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each household's threshold and place in `table` (2v), worked out once for the months these moves last."""
        # households never change village, so the gathers are kept for the same village column (the same array)
        if not (self._rows and self._rows[0] is village):
            self._rows[:] = [village, (self.threshold[village], 2 * village)]
        return self._rows[1]


def moves(chance, service, reference_service, P) -> Moves:
    """The `Moves` for villages' visit chances and service (fixed while heads' effort is)."""
    seen, unseen = village_targets(service, reference_service, P)
    return Moves(np.stack([unseen, seen], axis=1).ravel(), visit_thresholds(chance), float(P.behaviour.satisfaction.adjustment_rate))


def update_rows(satisfaction, village, rng, step: Moves) -> None:
    """`update` in place for one row per household, drawing this month's visits from `rng`.

    A household is visited when its draw is below its village's threshold (`visited`). Targets are
    clipped once per village, not per household; the float64 steps and float32 result are those of
    `update`. numba runs the per-household step when available (`simtoolkit.jit`), else numpy in
    blocks; both give the same bits.
    """
    draw, kernel = visit_draws(rng, satisfaction.size), jit.compiled(move_rows)
    if kernel is not None:
        kernel(satisfaction, village, draw, step.threshold, step.table, step.rate)
    else:
        move_rows_numpy(satisfaction, draw, *step.by_household(village), step.table, step.rate)


def move_rows(satisfaction, village, draw, threshold, table, rate):
    """The per-household step of `update_rows`, written for numba: one pass, no branch, no temporaries."""
    for i in range(satisfaction.size):
        v = village[i]
        target = table[2 * v + (draw[i] < threshold[v])]
        current = np.float64(satisfaction[i])
        satisfaction[i] = np.float32((target - current) * rate + current)


def move_rows_numpy(satisfaction, draw, threshold, index, table, rate) -> None:
    """`move_rows` in numpy from each household's threshold and table index (`Moves.by_household`), block by block.

    The same float64 operations in the same order, so the same bits; the float32 satisfaction is widened once,
    exactly, instead of in each of the two operations reading it. (Each household's two targets picked by np.where
    were faster on warm caches, but read 16 more bytes a household each month: no faster in a run.)
    """
    for lo in range(0, satisfaction.size, BLOCK):
        block = slice(lo, lo + BLOCK)
        current = satisfaction[block].astype(np.float64)
        target = table[index[block] + (draw[block] < threshold[block])]
        target -= current
        target *= rate
        target += current
        satisfaction[block] = target


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
    if size is None and household_village.size and np.all(household_village[1:] >= household_village[:-1]):
        total, count = segment_sums(satisfaction, household_village, n_villages)
    else:
        if size is not None:
            satisfaction = satisfaction * size
        total = np.bincount(household_village, weights=satisfaction, minlength=n_villages)
        count = np.bincount(household_village, weights=size, minlength=n_villages)
    return np.divide(total, count, out=np.zeros(n_villages), where=count > 0)


def segment_sums(values, sorted_village, n_villages: int) -> tuple[np.ndarray, np.ndarray]:
    """Float64 sums and row counts of each village's rows, the rows sorted by village (a third of bincount's time)."""
    bounds = np.searchsorted(sorted_village, np.arange(n_villages + 1))
    count = np.diff(bounds)
    sums = np.add.reduceat(values, np.minimum(bounds[:-1], values.size - 1), dtype=np.float64)
    return np.where(count > 0, sums, 0.0), count
