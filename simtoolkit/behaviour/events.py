"""Negative situations and discipline events: rare, and rarer with effort."""

from __future__ import annotations

import numpy as np
from scipy.special import expit, logit


def event_probability(base_rate: float, effort: np.ndarray, effort_initial: float, protection: float) -> np.ndarray:
    """Yearly chance of an event: `base_rate` at the initial effort, log-odds falling with effort."""
    if base_rate <= 0.0:
        return np.zeros(effort.shape)
    if base_rate >= 1.0:
        return np.ones(effort.shape)
    return expit(logit(base_rate) - protection * (effort - effort_initial))


def negative_situations(draws: np.ndarray, probability: np.ndarray) -> np.ndarray:
    """How many of the negative situations each head had (draws: heads × situations)."""
    return (draws < probability[:, None]).sum(axis=1)
