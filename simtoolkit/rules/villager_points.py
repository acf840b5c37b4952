"""Villager points (村(居)民积分制, RULES.md §E.4): positive, negative and veto lists, and redemption.

A household's points are its base plus the year's positive acts less its negative acts; a veto
clears its points and its redeemable balance until the annual review. Published points are
redeemable at the points supermarket every `redemption_months` at `point_value` yuan a point.
"""

from __future__ import annotations

import numpy as np


def net_points(positive_counts, negative_counts, positive_points, negative_points) -> tuple[np.ndarray, np.ndarray]:
    """(points gained, points lost) per household from its recorded acts (households × items)."""
    return positive_counts @ positive_points, negative_counts @ negative_points


def is_redemption_month(month: int, redemption_months: int) -> bool:
    """The shop opens after every `redemption_months` months of the run (3: each quarter's end)."""
    return (month + 1) % redemption_months == 0


def redeem(balance: np.ndarray, share: float, allowed: np.ndarray) -> np.ndarray:
    """Whole points each household spends: its share of the balance, rounded down; none when barred."""
    return np.where(allowed, np.floor(balance * share + 1e-9), 0.0)


def cost_by_village(redeemed: np.ndarray, village: np.ndarray, n_villages: int, point_value: float) -> np.ndarray:
    """Yuan each village's shop pays out: points redeemed there × value of a point."""
    return np.bincount(village, weights=redeemed, minlength=n_villages) * point_value
