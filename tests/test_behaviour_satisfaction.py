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
