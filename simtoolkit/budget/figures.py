"""Figures of the budget report, drawn from the report's own tables (so they reconcile with the ledger).

Each figure has a `*_data` function returning exactly the numbers it plots, and a function drawing
them on a matplotlib Figure (no pyplot state) with labels in Chinese or English.
"""

from __future__ import annotations

import io

import pandas as pd
from matplotlib.figure import Figure

from simtoolkit.budget.report import WAN, BudgetReport
from simtoolkit.budget.words import term, word
from simtoolkit.report.fonts import register

SIZE = (8, 4.5)
BAND_ALPHA = 0.25


def star_data(report: BudgetReport) -> pd.DataFrame:
    """year,stars,mean,low,high: rated heads per star level."""
    return report.stars


def cost_data(report: BudgetReport) -> pd.DataFrame:
    """year × item: mean yuan (columns in order of total cost)."""
    p = report.projection
    wide = p.by_item.pivot(index="year", columns="item", values="mean").fillna(0.0)
    return wide[list(p.shares["item"])]


def incremental_data(report: BudgetReport) -> pd.DataFrame | None:
    """year,mean,low,high: reform − baseline in yuan (None without a baseline)."""
    return report.projection.incremental


def cashflow_data(report: BudgetReport) -> pd.DataFrame:
    """year × basis: mean undiscounted liability cash flows in yuan after the projection."""
    flows = report.flows_end.groupby(["year", "basis"], as_index=False)["yuan"].sum()
    flows["yuan"] /= report.projection.reps
    return flows.pivot(index="year", columns="basis", values="yuan").fillna(0.0)


def _figure(title: str) -> tuple[Figure, object]:
    """A blank figure with the CJK font registered and a title."""
    register()
    fig = Figure(figsize=SIZE, layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title)
    ax.grid(alpha=0.3)
    return fig, ax


def star_figure(report: BudgetReport, lang: str) -> Figure:
    """Star distribution over time: one line per level with its band."""
    fig, ax = _figure(word("fig_stars", lang))
    for level, part in star_data(report).groupby("stars"):
        line, = ax.plot(part["year"], part["mean"], marker="o", label=word("star_level", lang, n=int(level)))
        ax.fill_between(part["year"], part["low"], part["high"], color=line.get_color(), alpha=BAND_ALPHA)
    ax.set_xticks(sorted(star_data(report)["year"].unique()))
    ax.set_xlabel(word("axis_year", lang))
    ax.set_ylabel(word("axis_heads", lang))
    ax.legend()
    return fig


def cost_figure(report: BudgetReport, lang: str) -> Figure:
    """Yearly cost stacked by item, in 万元."""
    fig, ax = _figure(word("fig_costs", lang))
    data = cost_data(report) / WAN
    bottom = pd.Series(0.0, index=data.index)
    for item in data.columns:
        ax.bar(data.index, data[item], bottom=bottom, label=term(item, lang))
        bottom += data[item]
    ax.set_xticks(list(data.index))
    ax.set_xlabel(word("axis_year", lang))
    ax.set_ylabel(word("axis_wan", lang))
    ax.legend(fontsize="small", ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.15))
    return fig


def incremental_figure(report: BudgetReport, lang: str) -> Figure | None:
    """Reform − baseline per year with its band, in 万元."""
    data = incremental_data(report)
    if data is None:
        return None
    fig, ax = _figure(word("fig_incremental", lang))
    line, = ax.plot(data["year"], data["mean"] / WAN, marker="o")
    ax.fill_between(data["year"], data["low"] / WAN, data["high"] / WAN, color=line.get_color(), alpha=BAND_ALPHA)
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.set_xticks(list(data["year"]))
    ax.set_xlabel(word("axis_year", lang))
    ax.set_ylabel(word("axis_wan", lang))
    return fig


def cashflow_figure(report: BudgetReport, lang: str) -> Figure:
    """Expected yearly liability payments (promised and accruing) until everyone has died, in 万元."""
    fig, ax = _figure(word("fig_cashflow", lang))
    data = cashflow_data(report) / WAN
    ax.stackplot(data.index, *[data[c] for c in data.columns], labels=[word(c, lang) for c in data.columns], alpha=0.8)
    ax.set_xlabel(word("axis_year", lang))
    ax.set_ylabel(word("axis_wan", lang))
    ax.legend()
    return fig


def figures(report: BudgetReport, lang: str) -> list[Figure]:
    """Every figure of the report, in order (the incremental one only with a baseline)."""
    drawn = [star_figure(report, lang), cost_figure(report, lang), incremental_figure(report, lang), cashflow_figure(report, lang)]
    return [f for f in drawn if f is not None]


def png_bytes(fig: Figure) -> bytes:
    """A figure as PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()
