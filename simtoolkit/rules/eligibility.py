"""Who takes part in the star rating (RULES.md §A.1)."""

from __future__ import annotations

import numpy as np


def months_in_post(start_month: np.ndarray, month: int) -> np.ndarray:
    """Whole months in post at the end of `month` (0-based month index, month counted as served)."""
    return month + 1 - start_month


def months_served(start_month: np.ndarray, month: int, before_break: np.ndarray, break_months: np.ndarray,
                  bridged: int | None) -> np.ndarray:
    """任职年限连续计算: months in post, with the service before a break counted where the break lasted at most
    `bridged` months (None: a break always starts the count again)."""
    months = months_in_post(start_month, month)
    if bridged is None:
        return months
    return months + np.where((before_break > 0) & (break_months <= bridged), before_break, 0)


def eligible(start_month: np.ndarray, month: int, min_months: int) -> np.ndarray:
    """满一年条件才能参与星级初评: in post for at least `min_months` months at the rating."""
    return months_in_post(start_month, month) >= min_months
