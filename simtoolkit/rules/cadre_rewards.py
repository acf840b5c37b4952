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


def collective_reward(income: np.ndarray, growth: np.ndarray, min_growth: float, share: float, cadres: np.ndarray, cap: float,
                      bands=None, brackets=None) -> np.ndarray:
    """村集体经济发展奖励 per cadre of each village: where the income grew by at least `min_growth`, `share` of the
    increase (or the progressive `brackets`' shares of its parts) — at most the `bands`' amount for the year's income,
    for the village's cadres together — split among the village's cadres, at most `cap` each (0 elsewhere; nothing when
    the income fell)."""
    increase = income * growth
    pot = share * np.maximum(increase, 0.0) if not brackets else progressive(np.maximum(increase, 0.0), brackets)
    if bands:
        pot = np.minimum(pot, band_most(income * np.maximum(1.0 + growth, 0.0), bands))
    each = np.divide(pot, cadres, out=np.zeros(income.shape), where=cadres > 0)
    return np.where((growth >= min_growth) & (cadres > 0), np.minimum(each, cap), 0.0)


def reward_terms(r) -> dict:
    """The reward's parameters from its group (`policy.cadre_rewards`): the optional ones absent are no cap, no
    bands and no brackets. The model and the effort choice both pay through `collective_reward(..., **terms)`."""
    return {"min_growth": r.collective_reward_min_growth, "share": r.collective_reward_share,
            "cap": r.get("collective_reward_cap", np.inf), "bands": r.get("collective_reward_bands"),
            "brackets": r.get("collective_reward_brackets")}


def band_most(income: np.ndarray, rows) -> np.ndarray:
    """The most paid for a year's income by the band it falls in: each row from above its `income_over` up to and
    including the next row's (柞水: 3至10万元(含10万元)); an income at or below the first row's is in the first."""
    over = np.array([r["income_over"] for r in rows], float)
    most = np.array([r["most"] for r in rows], float)
    return most[np.maximum(np.searchsorted(over, income, side="left") - 1, 0)]


def progressive(increase: np.ndarray, rows) -> np.ndarray:
    """Progressive shares of an increase: each row's `rate` (percent) on the part of the increase above its
    `increase_over` up to the next row's (as brackets of a tax), summed."""
    over = np.array([r["increase_over"] for r in rows], float)
    rate = np.array([r["rate"] for r in rows], float) / 100.0
    top = np.append(over[1:], np.inf)
    part = np.clip(np.asarray(increase)[..., None] - over, 0.0, top - over)
    return part @ rate


def honoured(draws: np.ndarray, grades: np.ndarray, chance_by_grade, eligible: np.ndarray) -> np.ndarray:
    """表彰奖励: who is honoured this year — a uniform draw under the chance for the year's grade, eligible roles only."""
    return draw_awards(draws, grades, chance_by_grade) & eligible
