"""Annual grades with score thresholds and a cap on excellent (RULES.md §A.4, §A.6)."""

from __future__ import annotations

import numpy as np

from .grouping import count_by, rank_within

EXCELLENT, QUALIFIED, BASIC, UNQUALIFIED = 0, 1, 2, 3
NONE = -1
NAMES = ("excellent", "qualified", "basically_qualified", "unqualified")
LABELS_ZH = ("优秀", "合格", "基本合格", "不合格")


def grade_by_threshold(score: np.ndarray, basic: float, qualified: float) -> np.ndarray:
    """Qualified from `qualified` up, basically qualified from `basic`, else unqualified."""
    return np.where(score >= qualified, QUALIFIED, np.where(score >= basic, BASIC, UNQUALIFIED)).astype(np.int8)


def excellent_quota(n_rated: np.ndarray, share: float) -> np.ndarray:
    """严格把握考核优秀比例: the most excellent grades a group may give, floor(share × rated)."""
    # the small epsilon keeps e.g. 0.1 × 200 = 20 from flooring to 19 through binary rounding
    return np.floor(n_rated * share + 1e-9).astype(np.int64)


def grade(score, quantitative, rated, group, ids, thresholds, share) -> np.ndarray:
    """Grades of the rated heads (NONE for others).

    Excellent goes to the best-scoring rated heads at or above the excellent threshold, at most
    `excellent_quota` per group; ties at the cut are broken by the quantitative score, then by id.
    """
    basic, qualified, excellent_min = thresholds
    grades = np.where(rated, grade_by_threshold(score, basic, qualified), NONE).astype(np.int8)
    candidate = rated & (score >= excellent_min) & (grades == QUALIFIED)
    n_groups = int(group.max()) + 1 if group.size else 0
    quota = excellent_quota(count_by(group, rated, n_groups), share)
    rank = rank_within(group, [score, quantitative], ids, candidate)
    grades[candidate & (rank < quota[group])] = EXCELLENT
    return grades


def forced_places(n_rated: np.ndarray, shares) -> np.ndarray:
    """按比例定等: how far down the ranking each of the first three grades reaches in each group (groups × 3):
    floor(cumulative share × rated), so that no grade gets more than its share (3:5:2 of 7 heads: 2, 5, 7)."""
    cumulative = np.cumsum(np.asarray(shares, float))[:3]
    return np.floor(np.asarray(n_rated, float)[:, None] * cumulative[None, :] + 1e-9).astype(np.int64)


def forced(score, quantitative, rated, group, ids, shares) -> np.ndarray:
    """Grades of the rated heads cut by rank within each group, not by a score line (NONE for others): the best
    `forced_places` are excellent, the next qualified, and so on; ties by the quantitative score, then by id."""
    n_groups = int(group.max()) + 1 if group.size else 0
    places = forced_places(count_by(group, rated, n_groups), shares)
    rank = rank_within(group, [score, quantitative], ids, rated)
    below = (rank[:, None] >= places[group]).sum(axis=1)  # the grades whose places the rank is past
    return np.where(rated, below, NONE).astype(np.int8)


def shares_of(forced_distribution) -> tuple[float, ...]:
    """The four shares of a forced distribution (policy.forced_distribution), in grade order."""
    return tuple(getattr(forced_distribution, f"{name}_share") for name in NAMES)


def annual(score, quantitative, rated, group, ids, P) -> np.ndarray:
    """The year's grades: cut by rank under a forced distribution (policy.forced_distribution), else by the score
    thresholds with the cap on excellent (policy.grades)."""
    if P.has("policy.forced_distribution"):
        return forced(score, quantitative, rated, group, ids, shares_of(P.policy.forced_distribution))
    g = P.policy.grades
    return grade(score, quantitative, rated, group, ids, (g.threshold_basic, g.threshold_qualified, g.threshold_excellent), g.excellent_quota)
