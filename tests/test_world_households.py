"""Households dealt into grids (world/synthesis.py) are built without a sort: the same rows as dealing and sorting."""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.world.synthesis import _grid_households, _households
from simtoolkit.world.tables import Villages


def _villages(households, grids) -> Villages:
    n = len(households)
    return Villages(id=np.arange(n, dtype=np.int32), township=np.zeros(n, np.int32), community=np.zeros(n, bool),
                    endowment=np.zeros(n, np.float32), households=np.asarray(households, np.int32),
                    grids=np.asarray(grids, np.int32), members=np.zeros(n, np.int32))


def _dealt_and_sorted(v: Villages) -> tuple[np.ndarray, np.ndarray]:
    """The original build: household k of a village goes to its grid k mod n, then all rows are sorted by grid."""
    counts = v.households.astype(np.int64)
    village = np.repeat(v.id, counts)
    position = np.arange(village.size) - np.repeat(np.cumsum(counts) - counts, counts)
    grid = np.repeat(np.cumsum(v.grids) - v.grids, counts) + position % np.repeat(v.grids, counts)
    order = np.argsort(grid, kind="stable")
    return village[order].astype(np.int32), grid[order].astype(np.int32)


def test_households_are_dealt_round_robin_into_grids():
    # village 0: 5 households, 2 grids → grids 0, 1, 0, 1, 0 → grid 0 has 3, grid 1 has 2;
    # village 1: 2 households, 3 grids (2, 3, 4) → grid 4 stays empty
    h = _households(_villages([5, 2], [2, 3]), grid_size_max=3)
    assert h.village.tolist() == [0, 0, 0, 0, 0, 1, 1] and h.grid.tolist() == [0, 0, 0, 1, 1, 2, 3]
    assert _grid_households(_villages([5, 2], [2, 3]), grid_size_max=3).size.tolist() == [3, 2, 1, 1, 0]


@pytest.mark.parametrize("seed", range(5))
def test_same_rows_as_dealing_and_sorting(seed):
    rng = np.random.default_rng(seed)
    households = rng.integers(0, 400, 50)
    grids = np.maximum(1, -(-households // rng.integers(5, 60)))
    v = _villages(households, grids)
    village, grid = _dealt_and_sorted(v)
    h = _households(v, grid_size_max=60)
    assert h.village.dtype == village.dtype and np.array_equal(h.village, village)
    assert h.grid.dtype == grid.dtype and np.array_equal(h.grid, grid)
    assert np.array_equal(np.bincount(grid, minlength=int(grids.sum())), _grid_households(v, 60).size)
