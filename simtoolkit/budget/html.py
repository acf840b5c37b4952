"""The budget report as one self-contained HTML page: tables and figures (base64 PNG), no external reference."""

from __future__ import annotations

import base64
import html
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from simtoolkit.budget.report import Block
from simtoolkit.budget.figures import png_bytes

STYLE = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; display: block; max-width: 100%; overflow-x: auto; }
body { max-width: 1400px; }  /* a laptop screen: wide grids scroll inside their box, the page does not */
th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; vertical-align: top; }
td:first-child { min-width: 8em; } td { max-width: 40em; }  /* labels stay readable, long sources wrap */
th { background: #ddebf7; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; } h2 { border-bottom: 2px solid #ddebf7; }
"""


def _cell(value, name: str, block: Block) -> str:
    """One table cell, numbers formatted like the workbook."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "<td></td>"
    if name in block.percent:
        return f'<td class="num">{value:.2%}</td>'
    if name in block.yuan or name in block.wan:
        return f'<td class="num">{value:,.2f}</td>'
    if isinstance(value, float):
        return f'<td class="num">{value:,.1f}</td>'
    return f"<td>{html.escape(str(value))}</td>"


def table_html(block: Block) -> str:
    """A block as an HTML table with its title."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in block.frame.columns)
    rows = "".join("<tr>" + "".join(_cell(v, c, block) for c, v in zip(block.frame.columns, values)) + "</tr>"
                   for values in block.frame.itertuples(index=False))
    title = f"<h3>{html.escape(block.title)}</h3>" if block.title else ""
    return f"{title}<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def figure_html(fig: Figure) -> str:
    """A figure embedded as a base64 PNG."""
    data = base64.b64encode(png_bytes(fig)).decode("ascii")
    return f'<figure><img alt="" src="data:image/png;base64,{data}"></figure>'


def write_html(title: str, sheets: list[tuple[str, list[Block]]], figs: list[Figure], path: Path, lang: str) -> None:
    """Write the page: title, figures, then every sheet's tables."""
    parts = [f"<!DOCTYPE html><html lang=\"{'zh-CN' if lang == 'zh' else 'en'}\"><head><meta charset=\"utf-8\">",
             f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body><h1>{html.escape(title)}</h1>"]
    parts += [figure_html(f) for f in figs]
    for name, blocks in sheets:
        parts.append(f"<h2>{html.escape(name)}</h2>")
        parts += [table_html(b) for b in blocks]
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
