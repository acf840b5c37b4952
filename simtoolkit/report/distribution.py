"""The annual grade distribution (and pay earned, where recorded) as a terminal table: what a scenario without stars shows."""

from __future__ import annotations

import pandas as pd

from simtoolkit.report.tables import band
from simtoolkit.report.terminal import frame_text
from simtoolkit.report.vocabulary import indicator, word
from simtoolkit.rules.grades import NAMES

TITLE = ("考核等次分布(人数){pay},均值 [{level}%区间]", "Annual grades (cadres){pay}, mean [{level}% band]")
PAY_TITLE = ("及实得报酬(元)", " and pay earned (yuan)")
PAY = ("pay_earned_p10", "pay_earned_median", "pay_earned_p90")


def grades_text(indicators: pd.DataFrame, lang: str, level: float, columns: int | None = None) -> str:
    """Cadres per annual grade and year (and the pay-earned percentiles when recorded), mean and band over replications; "" when none."""
    labels = [f"grade_{n}" for n in NAMES] + list(PAY)
    rows = indicators[indicators["indicator"].isin(labels)]
    if rows.empty:
        return ""
    b = band(rows, ["year", "indicator"], "value", level)
    b["cell"] = [f"{m:,.0f} [{lo:,.0f}, {hi:,.0f}]" for m, lo, hi in zip(b["mean"], b["low"], b["high"])]
    table = b.pivot(index="year", columns="indicator", values="cell")
    table = table[[k for k in labels if k in table.columns]]
    pick = 0 if lang == "zh" else 1
    table.columns = [indicator(k, lang) for k in table.columns]
    table.index.name = word("year", lang)
    pay = PAY_TITLE[pick] if rows["indicator"].isin(PAY).any() else ""
    return TITLE[pick].format(level=round(level * 100), pay=pay) + "\n" + frame_text(table, columns)
