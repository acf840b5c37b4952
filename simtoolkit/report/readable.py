"""Result tables as a non-coder reads them in a notebook: codes replaced by their labels, column names in words,
money with thousands separators, no index."""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from simtoolkit.report.vocabulary import parameter, pick, term

WORDS = {
    "metric": ("指标", "metric"), "base": ("原方案", "base"), "reform": ("改革", "reform"),
    "difference": ("差值", "difference"), "low": ("区间下限", "band low"), "high": ("区间上限", "band high"),
    "reps": ("重复次数", "replications"), "total_mean": ("全期总成本(元)均值", "total cost (yuan), mean"),
    "total_low": ("下限", "low"), "total_high": ("上限", "high"), "fiscal_mean": ("全期财政支出(元)均值", "fiscal cost (yuan), mean"),
}


def differences(horizon: pd.DataFrame, lang: str, moved_only: bool = True) -> Styler:
    """A comparison's rows (`Comparison.horizon` or `.table`): metric by its label, base, reform and the paired
    difference with its band; by default only the metrics that moved in some replication."""
    rows = horizon[(horizon["diff_low"] != 0) | (horizon["diff_high"] != 0)] if moved_only else horizon
    table = pd.DataFrame({pick(WORDS, "metric", lang): [term(m, lang) for m in rows["metric"]]})
    for column, key in (("base_mean", "base"), ("reform_mean", "reform"), ("diff_mean", "difference"),
                        ("diff_low", "low"), ("diff_high", "high")):
        table[pick(WORDS, key, lang)] = rows[column].to_numpy()
    return table.style.format("{:,.1f}", subset=list(table.columns[1:])).hide(axis="index")


def sweep_summary(summary: pd.DataFrame, keys: list[str], lang: str) -> Styler:
    """A sweep's points (`SweepResult.summary`): swept parameters by their labels, costs with separators."""
    table = summary.rename(columns={k: parameter(k, lang) for k in keys} | {k: pick(WORDS, k, lang) for k in WORDS if k in summary})
    money = [pick(WORDS, k, lang) for k in ("total_mean", "total_low", "total_high", "fiscal_mean") if k in summary]
    return table.style.format("{:,.0f}", subset=money).hide(axis="index")
