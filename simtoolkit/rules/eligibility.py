"""Who takes part in the star rating (RULES.md §A.1)."""

from __future__ import annotations

import numpy as np


def months_in_post(start_month: np.ndarray, month: int) -> np.ndarray:
    """Whole months in post at the end of `month` (0-based month index, month counted as served)."""
    return month + 1 - start_month


def eligible(start_month: np.ndarray, month: int, min_months: int) -> np.ndarray:
    """满一年条件才能参与星级初评: in post for at least `min_months` months at the rating."""
    return months_in_post(start_month, month) >= min_months
