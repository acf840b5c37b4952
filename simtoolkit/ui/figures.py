"""The dashboard's figures as PNG bytes (matplotlib without pyplot, so they render in a worker thread)."""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure

from simtoolkit.ledger import items, label
from simtoolkit.report.fonts import register as chinese_font
from simtoolkit.ui.summary import Summary
from simtoolkit.ui.words import word

WAN = 10_000  # yuan in one 万元 (a unit of display)
SIZE, DPI = (5.2, 3.4), 90


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    return buffer.getvalue()


def _figure(title: str, lang: str):
    """A figure with one axes, titled, Chinese font set."""
    chinese_font()
    fig = Figure(figsize=SIZE)
    ax = fig.add_subplot()
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(word("year", lang))
    ax.grid(alpha=0.3)
    return fig, ax


def stars_figure(summary: Summary, lang: str, level: float) -> bytes:
    """Rated heads per star level and year: mean line and band."""
    fig, ax = _figure(word("stars_figure", lang) + f" · {word('band', lang, level=round(level * 100))}", lang)
    if summary.stars.empty:
        ax.text(0.5, 0.5, word("no_stars", lang), ha="center", va="center", transform=ax.transAxes)
        return png(fig)
    for stars, rows in summary.stars.groupby("stars"):
        if rows["high"].max() == 0:
            continue
        line, = ax.plot(rows["year"], rows["mean"], marker="o", ms=3, label=word("stars", lang, n=stars))
        ax.fill_between(rows["year"], rows["low"], rows["high"], color=line.get_color(), alpha=0.2)
    ax.set_ylabel(word("heads", lang))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=8, ncols=2)
    return png(fig)


def costs_figure(summary: Summary, lang: str) -> bytes:
    """Mean yuan per item and year, stacked bars in 万元."""
    fig, ax = _figure(word("costs_figure", lang), lang)
    table = summary.costs.pivot(index="year", columns="item", values="mean").fillna(0.0) / WAN
    table = table[[i.code for i in items() if i.code in table.columns]]  # the vocabulary's report order
    bottom = np.zeros(len(table))
    for item in table.columns:
        ax.bar(table.index, table[item], bottom=bottom, label=label(item, lang))
        bottom += table[item].to_numpy()
    ax.set_ylabel(word("wan_yuan", lang))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=7, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.16))
    return png(fig)


def difference_figure(summary: Summary, lang: str, level: float) -> bytes:
    """Yearly cost difference against the baseline: mean and band, in 万元."""
    fig, ax = _figure(word("difference_figure", lang), lang)
    d = summary.difference
    line, = ax.plot(d["year"], d["mean"] / WAN, marker="o", ms=3, label=word("mean", lang))
    ax.fill_between(d["year"], d["low"] / WAN, d["high"] / WAN, color=line.get_color(), alpha=0.25,
                    label=word("band", lang, level=round(level * 100)))
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_ylabel(word("wan_yuan", lang))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=8)
    return png(fig)
