"""Household satisfaction follows the service of the village's heads."""

from __future__ import annotations

import numpy as np


def village_service(fraction: np.ndarray, village: np.ndarray, n_villages: int) -> np.ndarray:
    """Mean performance share of each village's heads (service quality)."""
    total = np.bincount(village, weights=fraction, minlength=n_villages)
    count = np.bincount(village, minlength=n_villages)
    return np.divide(total, count, out=np.zeros(n_villages), where=count > 0)


def update(satisfaction, household_village, service, mean_service, P) -> np.ndarray:
    """Move each household's satisfaction part of the way towards its village's target."""
    s = P.behaviour.satisfaction
    target = np.clip(s.base + s.service_effect * (service - mean_service), 0.0, 1.0)
    return (satisfaction + s.adjustment_rate * (target[household_village] - satisfaction)).astype(np.float32)


def village_mean(satisfaction, household_village, n_villages: int) -> np.ndarray:
    """Mean satisfaction of each village's households."""
    total = np.bincount(household_village, weights=satisfaction, minlength=n_villages)
    count = np.bincount(household_village, minlength=n_villages)
    return np.divide(total, count, out=np.zeros(n_villages), where=count > 0)
