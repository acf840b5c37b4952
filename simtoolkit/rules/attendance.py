"""Attendance (坐班) and daily duty (值班), RULES.md §C.2: days short of the monthly requirement cost pay and score."""

from __future__ import annotations

import numpy as np


def days_short(days: np.ndarray, required: float) -> np.ndarray:
    """每人每月在村上班时间不得少于22天: days missing from the requirement (0 when met)."""
    return np.maximum(required - days, 0.0)


def base_after_deduction(monthly_base: np.ndarray, short: np.ndarray, share_per_day: float) -> np.ndarray:
    """The month's base pay less a share per day short, never below zero."""
    return monthly_base * np.clip(1.0 - share_per_day * short, 0.0, 1.0)


def score_after_deduction(total: np.ndarray, short: np.ndarray, points_per_day: float) -> np.ndarray:
    """The month's quantitative total less points per day short, never below zero."""
    return np.maximum(total - points_per_day * short, 0.0)


def duty_covered(present: np.ndarray, village: np.ndarray, n_villages: int) -> np.ndarray:
    """每天必须有人值班: villages × days, True where at least one of the village's cadres was present."""
    days = present.shape[1]
    cell = village.astype(np.int64)[:, None] * days + np.arange(days)[None, :]
    counts = np.bincount(cell[present], minlength=n_villages * days)
    return counts.reshape(n_villages, days) > 0
