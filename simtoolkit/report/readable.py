"""Result tables as a non-coder reads them in a notebook: codes replaced by their labels, column names in words,
money with thousands separators, no index."""

from __future__ import annotations

import numbers

import pandas as pd
from pandas.io.formats.style import Styler

from simtoolkit.report.vocabulary import parameter, pick, term, value, word

WORDS = {
    "metric": ("指标", "metric"), "parameter": ("参数", "parameter"), "base": ("原方案", "base"), "reform": ("改革", "reform"),
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


def readable(frame: pd.DataFrame, digits: int = 2) -> Styler:
    """Any table of numbers as a reader expects it: thousands separators, `digits` decimals (none for whole
    numbers), no index."""
    def shown(value) -> str:
        if value is None or (isinstance(value, float) and value != value):
            return ""
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            return str(value)
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.{digits}f}"

    return frame.style.format(shown).hide(axis="index")


def changed_parameters(base, reform, lang: str) -> Styler:
    """The parameters a reform changes: label, the base's value and the reform's, with units and codes by their labels."""
    schema = base.schema
    rows = [{pick(WORDS, "parameter", lang): schema.params[k].label(lang),
             pick(WORDS, "base", lang): value(schema.params[k], base.raw(k), lang) if k in base.values else "—",
             pick(WORDS, "reform", lang): value(schema.params[k], reform.raw(k), lang)}
            for k in reform.values if k not in base.values or reform.raw(k) != base.raw(k)]
    return pd.DataFrame(rows).style.hide(axis="index")


def stars_by_township(stars: pd.DataFrame, lang: str) -> Styler:
    """Rated heads per year, township and star level (`Ensemble.stars`), summed over roles: star levels across."""
    table = stars.groupby(["year", "township", "stars"])["mean"].sum().unstack("stars", fill_value=0.0)
    table.columns = [word("stars", lang, n=int(n)) for n in table.columns]
    table = table.reset_index().rename(columns={"year": word("year", lang), "township": word("township", lang)})
    return readable(table, digits=1)
