"""How raters and voters see a head: organisation scores and democratic votes."""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr


def rater_scores(fraction: np.ndarray, noise: np.ndarray, P) -> np.ndarray:
    """Each township rater scores the head's true share of full marks with noise (heads × raters), out of 100."""
    share = np.clip(fraction[:, None] + P.behaviour.performance.rater_noise * noise, 0.0, 1.0)
    return 100.0 * share


def answer_probabilities(opinion: np.ndarray, P) -> np.ndarray:
    """Ordered-probit shares of the four answers, best first (heads × 4)."""
    cut = np.asarray(P.behaviour.voting.cutoffs, dtype=np.float64)
    sd = P.behaviour.voting.opinion_noise
    below = ndtr((cut[None, :] - opinion[:, None]) / sd)  # P(opinion < each cut)
    cdf = np.concatenate([np.zeros((opinion.size, 1)), below, np.ones((opinion.size, 1))], axis=1)
    low_to_high = np.diff(cdf, axis=1)
    return low_to_high[:, ::-1]


def opinion(satisfaction: np.ndarray, fraction: np.ndarray, reference: float, P) -> np.ndarray:
    """A voter group's mean opinion of a head: village satisfaction plus the head's performance above the reference."""
    return satisfaction + P.behaviour.voting.performance_weight * (fraction - reference)


def votes(rng: np.random.Generator, voters: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
    """Vote counts per answer for each head (heads × 4), drawn for every head slot."""
    p = probabilities / probabilities.sum(axis=1, keepdims=True)
    return rng.multinomial(voters.astype(np.int64), p)
