"""Readable terminal tables of a run: star distribution and cost per item and year, with bands."""

from __future__ import annotations

import pandas as pd

from simtoolkit.ledger import label
from simtoolkit.report.labels import word
from simtoolkit.report.tables import band


def _cell(mean: float, low: float, high: float, digits: int) -> str:
    """'mean [low, high]' with the given decimals."""
    return f"{mean:,.{digits}f} [{low:,.{digits}f}, {high:,.{digits}f}]"


def stars_text(stars: pd.DataFrame, lang: str, level: float) -> str:
    """Rated heads per star level and year, summed over townships and roles."""
    b = band(stars, ["year", "stars"], "count", level)
    b["cell"] = [_cell(m, lo, hi, 1) for m, lo, hi in zip(b["mean"], b["low"], b["high"])]
    table = b.pivot(index="year", columns="stars", values="cell")
    table.columns = [word("stars", lang, n=n) for n in table.columns]
    table.index.name = word("year", lang)
    return word("stars_title", lang, level=round(level * 100)) + "\n" + table.to_string()


def costs_text(costs: pd.DataFrame, lang: str, level: float, reps: int) -> str:
    """Mean yuan per item and year over replications, and the yearly total with its band."""
    frame = costs.assign(yuan=costs["fen"] / 100)
    by_item = band(frame, ["year", "item"], "yuan", level, reps)
    table = by_item.pivot(index="year", columns="item", values="mean").fillna(0.0)
    table = table[[i for i in dict.fromkeys(by_item["item"])]]
    table.columns = [label(i, lang) for i in table.columns]
    total = band(frame, ["year"], "yuan", level, reps).set_index("year")
    table[word("total", lang)] = [_cell(m, lo, hi, 0) for m, lo, hi in zip(total["mean"], total["low"], total["high"])]
    table.index.name = word("year", lang)
    formatted = table.to_string(float_format=lambda v: f"{v:,.0f}")
    return word("costs_title", lang, level=round(level * 100)) + "\n" + formatted
