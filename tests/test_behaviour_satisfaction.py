"""Household satisfaction (behaviour/satisfaction.py): service quality of the heads and grid visits."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from simtoolkit.behaviour import satisfaction


def _params():
    return SimpleNamespace(behaviour=SimpleNamespace(
        satisfaction=SimpleNamespace(base=0.8, service_effect=1.5, adjustment_rate=0.2, grid_visit_rate=0.8, visit_effect=0.1),
        heads=SimpleNamespace(effort_initial=0.6)))


def test_visit_chance_follows_the_heads_effort():
    # 004: 网格员每月对每户走访. Usual rate 80 % at effort 0.6: effort 0.3 → 0.8 × 0.5 = 0.4; effort 0.9 → 1.2 → capped at 1
    assert satisfaction.visit_chance(np.array([0.3, 0.6, 0.9]), _params()).tolist() == pytest.approx([0.4, 0.8, 1.0])


def test_satisfaction_moves_towards_service_and_visits():
    # village service 0.82 vs reference 0.80: target 0.8 + 1.5 × 0.02 = 0.83; a visited household +0.1 × (1 − 0.8) = +0.02
    # → 0.85, an unvisited one −0.1 × 0.8 = −0.08 → 0.75. From 0.8, a fifth of the way: 0.8 + 0.2 × 0.05 = 0.81 and
    # 0.8 + 0.2 × (−0.05) = 0.79
    new = satisfaction.update(np.array([0.8, 0.8], np.float32), np.array([0, 0]), np.array([0.82]), 0.80,
                              np.array([True, False]), _params())
    assert new.tolist() == pytest.approx([0.81, 0.79], abs=1e-6)


class _Draws:
    """A stand-in generator whose 64-bit outputs are given (four 16-bit visit draws each)."""

    def __init__(self, words):
        self.bit_generator = SimpleNamespace(random_raw=lambda n: np.array(words[:n], dtype=np.uint64))


def test_a_visit_is_a_draw_below_the_villages_threshold():
    # chance 0.5 → 0.5 × 65,536 = 32,768 of the 65,536 draw values mean "visited": draws 0 and 32,767 are
    # visits, 32,768 and 65,535 are not. The word 0xFFFF_8000_7FFF_0000 holds the draws 0, 32,767, 32,768,
    # 65,535 (little-endian 16-bit parts).
    rng = _Draws([0xFFFF_8000_7FFF_0000])
    seen = satisfaction.visited(rng, np.zeros(4, np.int32), np.array([0.5]))
    assert seen.tolist() == [True, True, False, False]


def test_chances_zero_and_one_mean_never_and_always():
    # threshold 0: no draw is below it; threshold 65,536: every draw (at most 65,535) is below it
    assert satisfaction.visit_thresholds(np.array([0.0, 1.0])).tolist() == [0, 65536]
    rng = np.random.default_rng(3)
    seen = satisfaction.visited(rng, np.repeat(np.array([0, 1], np.int32), 1000), np.array([0.0, 1.0]))
    assert not seen[:1000].any() and seen[1000:].all()


@pytest.mark.parametrize("compiled", [False, True])
def test_update_rows_is_update_with_the_visits_drawn(compiled, monkeypatch):
    # update_rows draws visits and moves households in one pass; it must give the bits of the reference
    # `update` fed with the same visits, with numba (when installed) and with the numpy twin alike.
    if compiled:
        pytest.importorskip("numba")
    monkeypatch.setattr(satisfaction.jit, "compiled", lambda kernel: satisfaction.jit.numba_kernel(kernel) if compiled else None)
    n, villages = 100_003, 7  # not a multiple of the numpy twin's block, nor of four draws per word
    village = np.sort(np.random.default_rng(1).integers(0, villages, n)).astype(np.int32)
    start = np.random.default_rng(2).random(n).astype(np.float32)
    chance, service = np.linspace(0.0, 1.0, villages), np.linspace(0.7, 0.9, villages)
    expected = satisfaction.update(start, village, service, 0.8, satisfaction.visited(np.random.default_rng(9), village, chance), _params())
    moved = start.copy()
    satisfaction.update_rows(moved, village, np.random.default_rng(9), satisfaction.moves(chance, service, 0.8, _params()))
    assert np.array_equal(moved, expected)


def test_moves_gather_each_village_column_it_is_given(monkeypatch):
    # The numpy twin keeps the per-household gathers of the last village column; another column (a burn-in's copy
    # of the world, or households of other villages) gets its own. Village 0 always visited (chance 1), village 1
    # never (chance 0): households in village 0 move towards the visited target, in village 1 towards the other.
    monkeypatch.setattr(satisfaction.jit, "compiled", lambda kernel: None)
    step = satisfaction.moves(np.array([1.0, 0.0]), np.array([0.8, 0.8]), 0.8, _params())
    seen, unseen = satisfaction.village_targets(np.array([0.8, 0.8]), 0.8, _params())
    for village in (np.array([0, 0, 1], np.int32), np.array([1, 0, 1], np.int32)):
        moved = np.full(3, 0.5, np.float32)
        satisfaction.update_rows(moved, village, np.random.default_rng(4), step)
        expected = satisfaction.update(np.full(3, 0.5, np.float32), village, np.array([0.8, 0.8]), 0.8, village == 0, _params())
        assert np.array_equal(moved, expected) and seen[0] != unseen[1]


def test_a_run_is_the_same_with_and_without_numba(monkeypatch):
    # The compiled kernel is a speed-up only: a Qingxu run gives the same ledger and stars either way.
    pytest.importorskip("numba")
    from pathlib import Path

    from simtoolkit.model import CountyModel
    from simtoolkit.scenario import load_scenario

    scenario = load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "qingxu.toml")
    runs = []
    for compiled in (satisfaction.jit.numba_kernel, lambda kernel: None):
        monkeypatch.setattr(satisfaction.jit, "compiled", compiled)
        model = CountyModel(scenario, replication=1, years=2)
        model.run()
        runs.append((model.ledger.yearly.copy(), model.world.heads.stars.copy(), model.world.households.satisfaction.copy()))
    assert all(np.array_equal(a, b) for a, b in zip(*runs))


def test_village_means_of_sorted_rows_are_the_sums_by_village():
    # villages 0..3, rows sorted: village 0 has 0.2 and 0.4 → 0.3; village 1 none → 0; village 2 has 0.9 → 0.9;
    # village 3 has 0.5, 0.5, 0.8 → 0.6. Unsorted rows (the same households shuffled) give the same means.
    village = np.array([0, 0, 2, 3, 3, 3], np.int32)
    values = np.array([0.2, 0.4, 0.9, 0.5, 0.5, 0.8], np.float32)
    expected = [0.3, 0.0, 0.9, 0.6]
    assert satisfaction.village_mean(values, village, 4).tolist() == pytest.approx(expected, abs=1e-7)
    order = np.array([5, 2, 0, 3, 1, 4])
    assert satisfaction.village_mean(values[order], village[order], 4).tolist() == pytest.approx(expected, abs=1e-7)
    # a trailing village with no rows (5 villages, the last empty) is 0, not the last row's value
    assert satisfaction.village_mean(values, village, 5)[4] == 0.0
