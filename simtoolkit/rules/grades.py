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
