"""Readable terminal tables: aligned by display width (a Chinese character takes two columns) and cut into
blocks that fit the terminal, the row labels repeated in each block; the run's stars and costs, and the
lines every experiment prints, in one language per run."""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence

import pandas as pd
from wcwidth import wcswidth

from simtoolkit.ledger import payers
from simtoolkit.report.tables import band
from simtoolkit.report.vocabulary import pick, term

WORDS = {
    "stars_title": ("星级分布(参评主干人数,均值 [{level}%区间])", "Star distribution (rated heads, mean [{level}% band])"),
    "costs_title": ("各项支出(元,均值 [{level}%区间])", "Cost by item (yuan, mean [{level}% band])"),
    "fiscal_part": ("其中财政资金", "of which fiscal"),
    "nonfiscal_part": ("其中非财政资金", "of which non-fiscal"),
    "replications": ("重复 {reps} 次;种子 {seed};{years} 年", "{reps} replications, seed {seed}, {years} years"),
    "outstanding": ("模拟期末已决定未支付:{yuan} 元", "decided but unpaid at the end of the horizon: {yuan} yuan"),
    "outcome": ("共 {total} 次重复:新运行 {ran} 次,沿用已有结果 {reused} 次", "{total} replications: {ran} run, {reused} reused from earlier runs"),
    "failed": (",失败 {n} 次(见 failures.csv)", ", {n} FAILED (see failures.csv)"),
}
GAP = "  "  # between columns


def word(key: str, lang: str, **fmt) -> str:
    """A word of the terminal tables."""
    return pick(WORDS, key, lang, **fmt)


def width() -> int:
    """The terminal's width in columns (COLUMNS when set; 100 when the output is no terminal)."""
    return shutil.get_terminal_size((100, 24)).columns


def display_width(text: str) -> int:
    """Columns `text` takes on a terminal (two for a Chinese character)."""
    return max(wcswidth(text), len(text))  # wcswidth is -1 for control characters; none are expected


def _wrap(text: str, limit: int) -> list[str]:
    """`text` cut into as few lines of at most `limit` columns as it needs, of widths as even as can be, at spaces
    where it has them, else between characters."""
    needed = -(-display_width(text) // max(limit, 1))
    target = -(-display_width(text) // needed)  # the even width; widened while the pieces need more lines
    while True:
        lines = _fill(text, target)
        if len(lines) <= needed or target >= limit:
            return lines
        target += 1


def _fill(text: str, limit: int) -> list[str]:
    """`text` cut greedily into lines of at most `limit` columns (a piece wider than that stands alone)."""
    pieces, sep = (text.split(" "), " ") if " " in text else (list(text), "")
    lines, line = [], ""
    for piece in pieces:
        joined = line + sep + piece if line else piece
        if line and display_width(joined) > limit:
            lines.append(line)
            line = piece
        else:
            line = joined
    return lines + [line]


def prose(text: str, columns: int | None = None) -> str:
    """A sentence folded into lines of at most `columns` display columns: between Chinese characters, at spaces
    between other words (a word is never split)."""
    columns = columns or width()
    lines, line = [], ""
    for token in re.findall(r"[\x21-\x7e]+| +|.", text):
        if line and display_width(line + token) > columns:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    return "\n".join(lines + [line])


def _pad(text: str, size: int, right: bool) -> str:
    """`text` padded with spaces to `size` display columns."""
    fill = " " * (size - display_width(text))
    return fill + text if right else text + fill


def table_text(header: Sequence[str], rows: Sequence[Sequence[str]], columns: int | None = None, keep: int = 1) -> str:
    """Rows under a header, the first `keep` columns left-aligned and repeated in every block, the others
    right-aligned; blocks of columns separated by a blank line, each at most `columns` wide."""
    columns = columns or width()
    cells = [[str(c) for c in r] for r in rows]
    data = [max([display_width(r[j]) for r in cells], default=0) for j in range(len(header))]
    # a header is kept whole (a split label reads as two words) unless even alone beside the row labels it cannot fit
    room = max(columns - sum(data[:keep]) - len(GAP) * keep, 1)
    sizes = [max(d, min(display_width(h), max(d, room))) for h, d in zip(header, data)]
    heads = [_wrap(h, s) for h, s in zip(header, sizes)]
    sizes = [max(d, *(display_width(x) for x in h)) for d, h in zip(data, heads)]  # as wide as what it holds
    fixed = list(range(keep))
    blocks, block, used = [], [], sum(sizes[:keep]) + len(GAP) * (keep - 1)
    for j in range(keep, len(header)):
        if block and used + len(GAP) + sizes[j] > columns:
            blocks.append(block)
            block, used = [], sum(sizes[:keep]) + len(GAP) * (keep - 1)
        block.append(j)
        used += len(GAP) + sizes[j]
    blocks.append(block)
    out = []
    for block in blocks:
        shown = fixed + block
        depth = max(len(heads[j]) for j in shown)
        for line in range(depth):
            # headers sit at the bottom of their cell, over the values
            parts = [heads[j][line - depth + len(heads[j])] if line >= depth - len(heads[j]) else "" for j in shown]
            out.append(GAP.join(_pad(p, sizes[j], j >= keep) for p, j in zip(parts, shown)).rstrip())
        out += [GAP.join(_pad(r[j], sizes[j], j >= keep) for j in shown).rstrip() for r in cells]
        out.append("")
    return "\n".join(out[:-1])


def frame_text(table: pd.DataFrame, columns: int | None = None) -> str:
    """A table whose index holds the row labels, as `table_text`."""
    header = [str(table.index.name or "")] + [str(c) for c in table.columns]
    rows = [[str(i), *row] for i, row in zip(table.index, table.astype(str).itertuples(index=False))]
    return table_text(header, rows, columns)


def records_text(frame: pd.DataFrame, columns: int | None = None, number: str = ",.2f") -> str:
    """A frame's rows under its column names, numbers in the `number` format (thousands separators, two decimals)."""
    rows = [[format(v, number) if isinstance(v, float) else str(v) for v in r] for r in frame.itertuples(index=False)]
    return table_text([str(c) for c in frame.columns], rows, columns)


def _cell(mean: float, low: float, high: float, digits: int) -> str:
    """'mean [low, high]' with the given decimals."""
    return f"{mean:,.{digits}f} [{low:,.{digits}f}, {high:,.{digits}f}]"


def stars_text(stars: pd.DataFrame, lang: str, level: float, columns: int | None = None) -> str:
    """Rated heads per star level and year, summed over townships and roles."""
    b = band(stars, ["year", "stars"], "count", level)
    b["cell"] = [_cell(m, lo, hi, 1) for m, lo, hi in zip(b["mean"], b["low"], b["high"])]
    table = b.pivot(index="year", columns="stars", values="cell")
    table.columns = [pick(WORDS, "stars", lang, n=n) for n in table.columns]
    table.index.name = pick(WORDS, "year", lang)
    return word("stars_title", lang, level=round(level * 100)) + "\n" + frame_text(table, columns)


def costs_text(costs: pd.DataFrame, lang: str, level: float, reps: int, columns: int | None = None) -> str:
    """Mean yuan per item and year over replications, and the yearly total with its band."""
    frame = costs.assign(yuan=costs["fen"] / 100)
    by_item = band(frame, ["year", "item"], "yuan", level, reps)
    table = by_item.pivot(index="year", columns="item", values="mean").fillna(0.0)
    table = table[[i for i in dict.fromkeys(by_item["item"])]]
    table = table.map(lambda v: f"{v:,.0f}")
    table.columns = [term(i, lang) for i in table.columns]
    for key, part in (("total", frame), *fiscal_parts(frame)):
        total = band(part, ["year"], "yuan", level, reps).set_index("year").reindex(table.index, fill_value=0.0)
        table[pick(WORDS, key, lang)] = [_cell(m, lo, hi, 0) for m, lo, hi in zip(total["mean"], total["low"], total["high"])]
    table.index.name = pick(WORDS, "year", lang)
    return word("costs_title", lang, level=round(level * 100)) + "\n" + frame_text(table, columns)


def fiscal_parts(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The rows paid by public budgets and by other payers (whether a payer is fiscal: ledger/items.toml)."""
    fiscal = frame["payer"].isin([p.code for p in payers() if p.fiscal])
    return [("fiscal_part", frame[fiscal]), ("nonfiscal_part", frame[~fiscal])]


def outcome_text(outcome, lang: str) -> str:
    """One line: how many replications ran, were reused, failed."""
    text = word("outcome", lang, total=sum(j.reps for j in outcome.jobs), ran=outcome.ran, reused=outcome.reused)
    return text + (word("failed", lang, n=len(outcome.failures)) if outcome.failures else "")
