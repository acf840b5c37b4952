"""Gaoyang's thousand-point assessment (千分制考核) of village committees and their members (RULES.md §E.1).

A unit (a committee, or one member) gets the quantitative blocks' points times the share it
achieved (以工作定量), the qualitative items' points times the share it was judged to deserve
(以评价定性), plus the bonus list and minus the deduction list (points per occurrence, counted
up to each line's most occurrences). Grades use the thresholds and the excellent cap of
`rules.grades`; basically qualified and unqualified committees enter rectification.
"""

from __future__ import annotations

import numpy as np

from . import grades


def column(rows: list[dict], name: str) -> np.ndarray:
    """One column of a table parameter as a float array."""
    return np.array([row[name] for row in rows], dtype=np.float64)


def section_points(shares: np.ndarray, line_points: np.ndarray) -> np.ndarray:
    """Points of a section (units × lines): each line's points times the share achieved, summed."""
    return np.clip(shares, 0.0, 1.0) @ line_points


def listed_points(counts: np.ndarray, points_each: np.ndarray, max_times: np.ndarray) -> np.ndarray:
    """Points of a bonus or deduction list (units × lines): occurrences up to each line's maximum × points."""
    return np.minimum(counts, max_times[None, :]) @ points_each


def total(quantitative, qualitative, bonus, deduction) -> np.ndarray:
    """定量考核分 + 定性考核分 + bonus − deductions, never below zero."""
    return np.maximum(quantitative + qualitative + bonus - deduction, 0.0)


def grade(score: np.ndarray, quantitative: np.ndarray, ids: np.ndarray, tp) -> np.ndarray:
    """Grades county-wide: thresholds, and excellent for the best within the cap (ties by quantitative score, id)."""
    everyone = np.ones(score.size, bool)
    thresholds = (tp.threshold_basic, tp.threshold_qualified, tp.threshold_excellent)
    return grades.grade(score, quantitative, everyone, np.zeros(score.size, np.int64), ids, thresholds, tp.excellent_share)


def weak(grade_codes: np.ndarray) -> np.ndarray:
    """基本合格和不合格: the committees that enter the weak-branch rectification."""
    return grade_codes >= grades.BASIC


def rewards(grade_codes: np.ndarray, amount: float) -> np.ndarray:
    """The reward each unit receives: `amount` when graded excellent."""
    return np.where(grade_codes == grades.EXCELLENT, amount, 0.0)


def is_assessment_month(calendar_month: int, per_year: int) -> bool:
    """每年两次: June and December; once a year: December only."""
    return calendar_month == 11 or (per_year == 2 and calendar_month == 5)
