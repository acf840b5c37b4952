"""How raters and voters see a head: organisation scores and democratic votes."""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr
from scipy.stats import binom


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
    """Vote counts per answer for each head (heads × 4), from three uniforms of its own per head slot: the voters split
    between the two better and the two worse answers, then each pair within itself, each split the binomial quantile
    of its uniform. A multinomial draw would use a varying number of uniforms per head, so a change in one head's
    chances would move the votes of every head after it (not common random numbers)."""
    p = probabilities / probabilities.sum(axis=1, keepdims=True)
    u = rng.random((len(voters), 3))
    n = voters.astype(np.int64)
    top = p[:, 0] + p[:, 1]
    better = split(u[:, 0], n, top)
    within = split(np.concatenate([u[:, 1], u[:, 2]]), np.concatenate([better, n - better]),
                   np.concatenate([_share(p[:, 0], top), _share(p[:, 2], 1.0 - top)]))
    first, third = within[: n.size], within[n.size:]
    return np.stack([first, better - first, third, n - better - third], axis=1)


def split(u: np.ndarray, n: np.ndarray, share: np.ndarray) -> np.ndarray:
    """How many of `n` fall on one side, chance `share` each: the binomial quantile of the uniform `u`."""
    # the distribution's own quantile function, without the public ppf's argument checks (a tenth of a county run's
    # time): the shares are within [0, 1] and the counts whole; a uniform of exactly 0 gives 0 either way
    return np.maximum(binom._ppf(u, n, share), 0).astype(np.int64)


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """`part` / `whole` within [0, 1] (0 where the whole is 0)."""
    return np.clip(np.divide(part, whole, out=np.zeros_like(part), where=whole > 0), 0.0, 1.0)
