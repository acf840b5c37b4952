"""Days in the village: each cadre is present on a duty day with a chance that rises with effort."""

from __future__ import annotations

import numpy as np
from scipy.special import expit, logit


def presence_chance(effort: np.ndarray, effort_initial: float, rate: float, effect: float) -> np.ndarray:
    """Chance of being present on a day: `rate` at the initial effort, log-odds rising with effort."""
    rate = min(max(rate, 1e-9), 1.0 - 1e-9)
    return expit(logit(rate) + effect * (effort - effort_initial))


def present(draws: np.ndarray, chance: np.ndarray, in_post: np.ndarray) -> np.ndarray:
    """Cadres × days: present where the day's uniform draw falls under the cadre's chance (and in post)."""
    return (draws < chance[:, None]) & in_post[:, None]
