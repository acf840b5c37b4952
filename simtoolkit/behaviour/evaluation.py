"""How raters and voters see a head: organisation scores and democratic votes."""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr, ndtri
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
    return group_votes(rng, [voters], probabilities)[0]


def group_votes(rng: np.random.Generator, groups: list, probabilities: np.ndarray) -> list[np.ndarray]:
    """`votes` of each voter group in turn (the same heads and chances): the same uniforms, drawn group after group,
    and the same counts, with the groups' splits worked out together (a split's cost is mostly per call)."""
    u = np.concatenate([rng.random((len(voters), 3)) for voters in groups])
    p = np.tile(probabilities / probabilities.sum(axis=1, keepdims=True), (len(groups), 1))
    n = np.concatenate(groups).astype(np.int64)
    top = p[:, 0] + p[:, 1]
    better = split(u[:, 0], n, top)
    within = split(np.concatenate([u[:, 1], u[:, 2]]), np.concatenate([better, n - better]),
                   np.concatenate([_share(p[:, 0], top), _share(p[:, 2], 1.0 - top)]))
    first, third = within[: n.size], within[n.size:]
    return np.split(np.stack([first, better - first, third, n - better - third], axis=1), len(groups))


def split(u: np.ndarray, n: np.ndarray, share: np.ndarray) -> np.ndarray:
    """How many of `n` fall on one side, chance `share` each: the binomial quantile of the uniform `u`."""
    k = np.full(u.shape, -1, np.int64)
    plain = (n > 0) & (share > 0.0) & (share < 1.0) & (u > 0.0) & (u < 1.0)
    k[plain] = bracketed_quantile(u[plain], n[plain], share[plain])
    rest = k < 0
    if rest.any():
        # the distribution's own quantile function, without the public ppf's argument checks: the shares are
        # within [0, 1] and the counts whole; a uniform of exactly 0 gives 0 either way
        k[rest] = np.maximum(binom._ppf(u[rest], n[rest], share[rest]), 0)
    return k


MARGIN = 1e-12  # a uniform this close to a cumulative chance is left to the quantile function (its own rounding)
STEPS = 2  # steps of one from the guess before the quantile function is asked instead


def bracketed_quantile(u: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """The binomial quantile where it is plain, a third of the quantile function's cost; −1 where not settled.

    The quantile is the one count k with cdf(k − 1) < u ≤ cdf(k) on the distribution's own cdf (the quantile
    function's root-finding brackets the same cdf), so a guess is checked rather than searched for: a
    Cornish-Fisher guess (right ~97 % of the time for the votes), then steps of one. Only a bracket clear by
    `MARGIN` on both sides is kept, so floating-point rounding near a cdf value cannot make it differ.
    """
    z = ndtri(u)
    guess = n * p + np.sqrt(n * p * (1.0 - p)) * z + (z * z - 1.0) * (1.0 - 2.0 * p) / 6.0
    k = np.clip(np.ceil(guess - 0.5), 0, n)
    at, below = binom._cdf(k, n, p), np.where(k > 0, binom._cdf(k - 1.0, n, p), 0.0)
    for _ in range(STEPS):
        up, down = at < u, below >= u
        if up.any():  # cdf(k) short of u: one more
            k[up] += 1.0
            below[up], at[up] = at[up], binom._cdf(k[up], n[up], p[up])
        if down.any():  # cdf(k − 1) reaches u already: one fewer
            k[down] -= 1.0
            at[down], below[down] = below[down], np.where(k[down] > 0, binom._cdf(k[down] - 1.0, n[down], p[down]), 0.0)
    settled = (at - u >= MARGIN) & (u - below >= MARGIN)
    return np.where(settled, k, -1.0).astype(np.int64)


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """`part` / `whole` within [0, 1] (0 where the whole is 0)."""
    return np.clip(np.divide(part, whole, out=np.zeros_like(part), where=whole > 0), 0.0, 1.0)
