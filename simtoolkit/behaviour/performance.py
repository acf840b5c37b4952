"""Monthly performance: where ability, effort, the village and mentoring enter the quantitative score."""

from __future__ import annotations

import numpy as np


def latent_fraction(ability, effort, endowment, mentoring, P) -> np.ndarray:
    """A head's expected share of full marks: base + (ability + effort + endowment + mentoring) / full marks."""
    perf = P.behaviour.performance
    full = float(np.sum(P.policy.assessment.category_points))
    points = ability + perf.effort_effect * effort + perf.endowment_effect * endowment + mentoring
    return perf.base_fraction + points / full


def category_scores(fraction: np.ndarray, noise: np.ndarray, P) -> np.ndarray:
    """One month's category scores (heads × categories): full marks × clipped (share + noise)."""
    points = np.asarray(P.policy.assessment.category_points, dtype=np.float64)
    share = np.clip(fraction[:, None] + P.behaviour.performance.category_noise * noise, 0.0, 1.0)
    return share * points[None, :]


def reference_fraction(P) -> float:
    """The share of full marks of an average head (ability 0, average village) at the initial effort."""
    return float(latent_fraction(0.0, P.behaviour.heads.effort_initial, 0.0, 0.0, P))
