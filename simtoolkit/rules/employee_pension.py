"""Urban employees' basic pension insurance for full-time cadres (RULES.md §C.6): base, rates, fiscal share."""

from __future__ import annotations

import numpy as np


def contribution_base(monthly_pay: np.ndarray, lower: float, upper: float, source: str) -> np.ndarray:
    """The monthly contribution base: own pay within [lower, upper], or the lower limit for everyone."""
    if source == "lower_limit":
        return np.full(np.shape(monthly_pay), float(lower))
    return np.clip(monthly_pay, lower, upper)


def contributions(base: np.ndarray, employer_rate: float, individual_rate: float, fiscal_share: float) -> tuple[np.ndarray, np.ndarray]:
    """购买城镇企业职工基本养老保险: (fiscal part = employer + budget's share of the individual part, cadre's own part)."""
    individual = base * individual_rate
    return base * employer_rate + fiscal_share * individual, (1.0 - fiscal_share) * individual
