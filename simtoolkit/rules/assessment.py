"""The annual star assessment (双评年考, RULES.md §A.6): quantitative, organisation, democratic."""

from __future__ import annotations

import numpy as np


def monthly_total(category_scores: np.ndarray) -> np.ndarray:
    """A month's quantitative total: the sum of the category scores (heads × categories)."""
    return category_scores.sum(axis=1)


def annual_quantitative(month_scores: np.ndarray, months_scored: np.ndarray) -> np.ndarray:
    """以12个月的月评分总分平均为量化考核得分: the mean of the monthly totals scored (0 if none)."""
    return np.divide(month_scores, months_scored, out=np.zeros_like(month_scores, dtype=np.float64), where=months_scored > 0)


def organisation_score(rater_scores: np.ndarray) -> np.ndarray:
    """进行平均为组织评价得分: the mean of the township raters' scores (heads × raters)."""
    return rater_scores.mean(axis=1)


def vote_score(votes: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Mean points of the votes cast (heads × answers); a head with no votes scores 0."""
    cast = votes.sum(axis=1)
    return np.divide(votes @ points, cast, out=np.zeros(votes.shape[0]), where=cast > 0)


def democratic_score(group_votes: list[np.ndarray], points: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """党员和村民代表及普通群众参与测评: the weighted mean of each voter group's mean points.

    A group that cast no votes for a head is left out and the other weights rescaled.
    """
    scores = np.stack([vote_score(v, points) for v in group_votes], axis=1)
    present = np.stack([v.sum(axis=1) > 0 for v in group_votes], axis=1)
    w = present * weights
    total = w.sum(axis=1)
    return np.divide((scores * w).sum(axis=1), total, out=np.zeros(scores.shape[0]), where=total > 0)


def weighted_score(quantitative, organisation, democratic, weights) -> np.ndarray:
    """在年考核得分基础上形成年度考核得分: the weighted sum of the three parts (weights as fractions)."""
    wq, wo, wd = weights
    return wq * quantitative + wo * organisation + wd * democratic
