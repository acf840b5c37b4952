"""Rewards for village cadres beyond pay (RULES.md §C.7): collective-economy growth and honours.

建立村(社区)专职干部“绩效奖励+村集体经济发展奖励+表彰奖励+政策激励”机制 — performance rewards are
the performance pay (`cadre_pay`), policy incentives the recruitment into township posts
(`recruitment`); this module holds the other two, in a form any county can parameterise.
A village's collective income is a minimal quantity (docs/model.md, assumption): it starts by
resource endowment and grows each year with the mean performance of the village's cadres.
"""

from __future__ import annotations

import numpy as np

from .star_points import draw_awards


def collective_income_start(endowment: np.ndarray, mean: float, spread: float) -> np.ndarray:
    """Each village's collective income at the start: log-normal around `mean` by standardised endowment.

    income = mean × exp(spread × z − spread² / 2), z the village's endowment in standard deviations,
    so the average over villages stays near `mean`.
    """
    sd = float(endowment.std())
    z = (endowment - endowment.mean()) / sd if sd > 0 else np.zeros(endowment.shape)
    return mean * np.exp(spread * z - spread ** 2 / 2.0)


def collective_growth(service: np.ndarray, reference: float, base: float, effect: float, sd: float, noise: np.ndarray) -> np.ndarray:
    """A village's yearly growth rate: base + effect × (cadres' mean performance share − reference) + sd × noise."""
    return base + effect * (service - reference) + sd * noise


def collective_reward(income: np.ndarray, growth: np.ndarray, min_growth: float, share: float, cadres: np.ndarray, cap: float) -> np.ndarray:
    """村集体经济发展奖励 per cadre of each village: where the income grew by at least `min_growth`,
    `share` of the increase split among the village's cadres, at most `cap` each (0 elsewhere)."""
    increase = income * growth
    each = np.divide(share * np.maximum(increase, 0.0), cadres, out=np.zeros(income.shape), where=cadres > 0)
    return np.where((growth >= min_growth) & (cadres > 0), np.minimum(each, cap), 0.0)


def honoured(draws: np.ndarray, grades: np.ndarray, chance_by_grade, eligible: np.ndarray) -> np.ndarray:
    """表彰奖励: who is honoured this year — a uniform draw under the chance for the year's grade, eligible roles only."""
    return draw_awards(draws, grades, chance_by_grade) & eligible
