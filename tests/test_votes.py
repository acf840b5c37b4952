"""Democratic votes (RULES.md §A.6 民主测评: party members, villager representatives and villagers vote) as common
random numbers: each head's votes come from three uniforms of its own slot, so a change in one head's chances moves
no other head's votes (DESIGN.md §4; found by the classroom, issue 23)."""

from __future__ import annotations

import numpy as np

from scipy.stats import binom

from simtoolkit.behaviour.evaluation import group_votes, split, votes


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


def test_split_is_the_quantile_function_exactly():
    # split checks a guess against the binomial cdf instead of asking the quantile function for every count; it
    # must give the quantile function's count everywhere: random uniforms, counts and shares, with shares of 0, 1,
    # 1e-300 and 1 − 1e-12, uniforms of 0, and uniforms exactly at a cdf value (where the check leaves it to the
    # quantile function)
    rng = np.random.default_rng(11)
    size = 200_000
    n = rng.integers(0, 60, size)
    share = rng.random(size) ** rng.choice([0.25, 1.0, 4.0], size)
    u = rng.random(size)
    share[:1000], share[1000:2000], share[2000:3000], share[3000:4000] = 0.0, 1.0, 1e-300, 1.0 - 1e-12
    u[4000:5000] = 0.0
    u[5000:6000] = binom._cdf(rng.integers(0, n[5000:6000] + 1), n[5000:6000], share[5000:6000])
    expected = np.maximum(binom._ppf(u, n, share), 0).astype(np.int64)
    assert np.array_equal(split(u, n, share), expected)


def test_group_votes_are_each_groups_votes_in_turn():
    # the three voter groups' votes worked out together are those of `votes` called group after group on one stream
    p = probabilities(40, 2)
    groups = [np.arange(40) % 7, np.full(40, 25), np.random.default_rng(4).integers(0, 35, 40)]
    rng = np.random.default_rng(8)
    one_by_one = [votes(rng, voters, p) for voters in groups]
    together = group_votes(np.random.default_rng(8), groups, p)
    assert all(np.array_equal(a, b) for a, b in zip(one_by_one, together, strict=True))


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
