"""Star-linked money: awards, pension top-up, retirement subsidy (RULES.md §A.8)."""

from __future__ import annotations

import numpy as np


def star_award(stars_gained: np.ndarray, per_star: float, entitled: np.ndarray) -> np.ndarray:
    """初评定星及年度动态增星均按照1000元/星标准予以奖励: award for stars gained, to entitled roles."""
    return np.maximum(stars_gained, 0) * per_star * entitled


def pension_contribution(stars: np.ndarray, base: float, per_star: float) -> np.ndarray:
    """在原有县财政缴纳标准基础上,每增加一个星级每年补助50元: yearly contribution per head."""
    return base + per_star * stars


def retirement_subsidy(age, years_served, years_since_eligible, stars_at_exit, star_entitled, P) -> tuple[np.ndarray, np.ndarray]:
    """补贴标准每月每星增加15元: this month's (standard, star top-up) per retiree; zero where not eligible."""
    ret = P.policy.retirement
    eligible = (age >= ret.min_age) & (years_served >= ret.min_years_served)
    if ret.duration_years > 0:
        eligible &= years_since_eligible < ret.duration_years
    standard = np.where(eligible, ret.standard_monthly, 0.0)
    topup = np.where(eligible & star_entitled, ret.per_star_monthly * stars_at_exit, 0.0)
    return standard, topup
