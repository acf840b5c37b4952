"""Dynamic removal, exit audit and the exit living subsidy by years in office (RULES.md §C.3, §C.8)."""

from __future__ import annotations

import numpy as np

from .grades import NONE, UNQUALIFIED


def low_quarter_streak(streak: np.ndarray, grade: np.ndarray) -> np.ndarray:
    """Consecutive quarters graded unqualified: +1 on unqualified, 0 on a better grade, kept when not graded."""
    return np.where(grade == UNQUALIFIED, streak + 1, np.where(grade != NONE, 0, streak)).astype(streak.dtype)


def removed(streak: np.ndarray, limit: int) -> np.ndarray:
    """对工作不力…需调整岗位的,及时按程序进行调整: removal after `limit` low quarters in a row (0: never)."""
    return (streak >= limit) if limit > 0 else np.zeros(streak.shape, bool)


def normal_exit(for_cause: np.ndarray, audit_draw: np.ndarray, finding_rate: float) -> np.ndarray:
    """执行离任经济责任审计制度: an exit is normal unless it was for cause or the audit finds problems."""
    return ~for_cause & ~(audit_draw < finding_rate)


def exit_subsidy(age, years_served, years_since_eligible, normal, alive, per_year: float, min_years: float,
                 min_age: int, duration: int) -> np.ndarray:
    """根据任职年限按标准足额发放离任生活补贴: this month's subsidy = per year × whole years served, for life
    (or `duration` years) from `min_age`, to normal exits with at least `min_years` in office (`normal`: a flag, or
    the chance of a normal exit for an expected value)."""
    eligible = alive & (age >= min_age) & (years_served >= min_years)
    if duration > 0:
        eligible &= years_since_eligible < duration
    return np.where(eligible, per_year * np.floor(years_served + 1e-9), 0.0) * normal  # a chance of a normal exit weighs it
