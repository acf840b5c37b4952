"""Democratic votes (RULES.md §A.6 民主测评: party members, villager representatives and villagers vote) as common
random numbers: each head's votes come from three uniforms of its own slot, so a change in one head's chances moves
no other head's votes (DESIGN.md §4; found by the classroom, issue 23)."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour.evaluation import split, votes


def probabilities(n: int, seed: int) -> np.ndarray:
    """Answer chances (heads × 4, best first) of `n` heads."""
    p = np.random.default_rng(seed).random((n, 4))
    return p / p.sum(axis=1, keepdims=True)


def test_split_is_the_binomial_quantile_by_hand():
    # 4 voters, chance 1/2 each: P(≤ 1) = 5/16, P(≤ 2) = 11/16, P(≤ 3) = 15/16 — a uniform of 0.30 gives 1, 0.32 gives 2,
    # 0.70 gives 3, 0.95 gives 4; nobody to split gives 0; chance 0 or 1 gives none or all
    u = np.array([0.30, 0.32, 0.70, 0.95, 0.5, 0.5, 0.5])
    n = np.array([4, 4, 4, 4, 0, 7, 7])
    share = np.array([0.5, 0.5, 0.5, 0.5, 0.5, 0.0, 1.0])
    assert split(u, n, share).tolist() == [1, 2, 3, 4, 0, 0, 7]


def test_a_change_in_one_heads_chances_moves_no_other_heads_votes():
    voters, p = np.full(50, 40), probabilities(50, 1)
    changed = p.copy()
    changed[7] = [0.97, 0.01, 0.01, 0.01]
    a = votes(np.random.default_rng(3), voters, p)
    b = votes(np.random.default_rng(3), voters, changed)
    others = np.arange(50) != 7
    assert np.array_equal(a[others], b[others]) and not np.array_equal(a[7], b[7])
    fewer = voters.copy()
    fewer[7] = 3  # fewer voters for one head: the same
    assert np.array_equal(votes(np.random.default_rng(3), fewer, p)[others], a[others])


def test_votes_add_up_and_follow_the_chances():
    # 2,000 heads of 60 voters: every head's four counts add up to its voters; the mean count of each answer is within
    # 0.5 of 60 × its chance (the standard error of a mean over 2,000 heads is below 0.11; the largest gap measured
    # over seeds 1-5 was 0.14); the first answer's variance is about 60 × 0.1 × 0.9 = 5.4 (measured 5.2-5.6)
    p = np.tile([0.1, 0.4, 0.3, 0.2], (2000, 1))
    counts = votes(np.random.default_rng(5), np.full(2000, 60), p)
    assert (counts.sum(axis=1) == 60).all() and (counts >= 0).all()
    assert np.abs(counts.mean(axis=0) - 60 * p[0]).max() < 0.5
    assert counts[:, 0].var() > 60 * 0.1 * 0.9 * 0.8  # a binomial's spread, not a rounding of the mean
