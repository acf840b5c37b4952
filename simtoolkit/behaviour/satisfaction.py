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


def village_mean(satisfaction, household_village, n_villages: int) -> np.ndarray:
    """Mean satisfaction of each village's households."""
    total = np.bincount(household_village, weights=satisfaction, minlength=n_villages)
    count = np.bincount(household_village, minlength=n_villages)
    return np.divide(total, count, out=np.zeros(n_villages), where=count > 0)
