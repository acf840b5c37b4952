"""The dashboard's figures: SVG text for the three live figures, PNG bytes (matplotlib) for the inspector's."""

from __future__ import annotations

import io

from matplotlib.figure import Figure

from simtoolkit.ledger import items
from simtoolkit.report.vocabulary import term
from simtoolkit.ui.summary import Summary
from simtoolkit.ui.svg import COLOURS, Chart
from simtoolkit.ui.words import word

WAN = 10_000  # yuan in one 万元 (a unit of display)
SIZE, DPI = (5.2, 3.4), 90  # the inspector's matplotlib figures


def svg(fig: Figure) -> str:
    """A matplotlib figure as inline SVG markup (sharp at any zoom, like the result charts)."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", dpi=DPI, bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # without the XML prolog and doctype: it sits inside the page


def stars_figure(summary: Summary, lang: str, level: float) -> str:
    """Rated heads per star level and year as stacked shares (a level of 170 heads no longer flattens the others),
    each segment with the band of its level's share over replications drawn as a whisker and told in its tooltip."""
    pct = round(level * 100)
    title = word("stars_figure", lang) + f" · {word('band', lang, level=pct)}"
    years = list(range(summary.difference["year"].min(), summary.difference["year"].max() + 1))
    stars, shares = summary.stars, summary.star_shares
    chart = Chart(title, word("share_percent", lang), years, [0.0, 100.0])
    if stars.empty or not stars["mean"].any():
        return chart.svg(note=word("no_stars", lang))
    shown = [lv for lv, rows in stars.groupby("stars") if rows["high"].max() > 0]
    counts = stars.set_index(["year", "stars"])
    for year, rows in shares[shares["stars"].isin(shown)].groupby("year"):
        bottom = 0.0
        for _, r in rows.sort_values("stars").iterrows():
            if not r["mean"] >= 0:  # nobody rated this year in any replication
                continue
            c = counts.loc[(year, r["stars"])]
            tip = (f'{word("stars", lang, n=int(r["stars"]))}: {c["mean"]:,.1f} [{c["low"]:,.1f}, {c["high"]:,.1f}] · '
                   f'{r["mean"]:.1f}% [{r["low"]:.1f}%, {r["high"]:.1f}%]')
            chart.bar(year, bottom, r["mean"], COLOURS[int(r["stars"]) % len(COLOURS)], tip)
            middle = bottom + r["mean"] / 2
            chart.whisker(year, middle - (r["mean"] - r["low"]), middle + (r["high"] - r["mean"]))
            bottom += r["mean"]
    for lv in shown:
        chart.key(word("stars", lang, n=int(lv)), COLOURS[int(lv) % len(COLOURS)])
    return chart.svg()


def costs_figure(summary: Summary, lang: str) -> str:
    """Mean yuan per item and year, stacked bars in 万元."""
    table = summary.costs.pivot(index="year", columns="item", values="mean").fillna(0.0) / WAN
    shared = [i.code for i in items()]
    table = table[[c for c in shared if c in table.columns] + [c for c in table.columns if c not in shared]]  # report order, own items last
    chart = Chart(word("costs_figure", lang), word("wan_yuan", lang), list(table.index), list(table.sum(axis=1)))
    for year, row in table.iterrows():
        bottom = 0.0
        for i, (item, value) in enumerate(row.items()):
            chart.bar(year, bottom, value, COLOURS[i % len(COLOURS)])
            bottom += value
    for i, item in enumerate(table.columns):
        chart.key(term(item, lang), COLOURS[i % len(COLOURS)])
    return chart.svg()


def difference_figure(summary: Summary, lang: str, level: float) -> str:
    """Yearly cost difference against the baseline: mean and band, in 万元."""
    d = summary.difference
    chart = Chart(word("difference_figure", lang), word("wan_yuan", lang), list(d["year"]),
                  list(d["low"] / WAN) + list(d["high"] / WAN))
    chart.band(d["year"], d["low"] / WAN, d["high"] / WAN, COLOURS[0], word("band", lang, level=round(level * 100)), 0.25)
    chart.line(d["year"], d["mean"] / WAN, COLOURS[0], word("mean", lang))
    return chart.svg()
