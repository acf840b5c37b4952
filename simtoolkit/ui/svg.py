"""Small SVG charts (lines with bands, stacked bars) written as text: the browser draws them.

The dashboard redraws three figures on every change, twice (preview, then all replications).
Rendering them with matplotlib cost about 0.35 CPU s a time in the kernel, competing with the
replications for the same cores; writing SVG text costs milliseconds, and the browser sets the
Chinese labels in its own fonts.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

# matplotlib's tab10 and tab20 colours (a display choice), so the look stays familiar
COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7")
WIDTH, HEIGHT = 470, 300  # pixels of the plotting figure (without a legend below it)
LEFT, RIGHT, TOP, BOTTOM = 62, 12, 30, 40  # margins around the axes, in pixels
FONT = "font-family:sans-serif"
LEGEND_ROW, LEGEND_COLUMNS = 16, 3  # pixels per legend row, legend columns below a chart


def ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About `count` round tick values (1, 2, 5 × 10^k apart) covering low..high."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return [0.0]
    if high <= low:
        low, high = low - 1, high + 1
    raw = (high - low) / count
    exponent = math.floor(math.log10(raw))
    step = next(m * 10**exponent for m in (1, 2, 5, 10) if m * 10**exponent >= raw)
    first = math.floor(low / step) * step
    return [first + i * step for i in range(int(math.ceil((high - first) / step - 1e-9)) + 1)]


def label_number(value: float, step: float) -> str:
    """A tick label with as many decimals as the step needs."""
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0
    return f"{value:,.{decimals}f}"


class Chart:
    """One axes over calendar years: call `band`, `line`, `bar`, then `svg()`."""

    def __init__(self, title: str, ylabel: str, years: Sequence[int], values: Sequence[float]):
        """`values`: every y the chart will show (sets the vertical range, which always includes 0)."""
        self.title, self.ylabel, self.years = title, ylabel, list(years)
        finite = [v for v in values if math.isfinite(v)]
        self.yticks = ticks(min(finite + [0.0]), max(finite + [0.0]))
        self.low, self.high = self.yticks[0], self.yticks[-1]
        self.parts: list[str] = []
        self.legend: list[tuple[str, str, str]] = []  # (label, colour, "line" | "box")

    def x(self, year: float) -> float:
        """Pixel column of a year (years centred in equal slots)."""
        slot = (WIDTH - LEFT - RIGHT) / max(len(self.years), 1)
        return LEFT + slot * (year - self.years[0] + 0.5)

    def y(self, value: float) -> float:
        """Pixel row of a value."""
        span = (self.high - self.low) or 1.0
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (value - self.low) / span)

    def band(self, years: Sequence[int], low: Sequence[float], high: Sequence[float], colour: str, label: str = "",
             opacity: float = 0.2) -> None:
        """A shaded band between two series."""
        points = [(self.x(t), self.y(v)) for t, v in zip(years, high)] + [(self.x(t), self.y(v)) for t, v in
                                                                            reversed(list(zip(years, low)))]
        self.parts.append(f'<polygon points="{_points(points)}" fill="{colour}" fill-opacity="{opacity}" stroke="none"/>')
        if label:
            self.legend.append((label, colour, "box"))

    def line(self, years: Sequence[int], values: Sequence[float], colour: str, label: str = "") -> None:
        """A line with a dot at each year."""
        points = [(self.x(t), self.y(v)) for t, v in zip(years, values)]
        self.parts.append(f'<polyline points="{_points(points)}" fill="none" stroke="{colour}" stroke-width="1.8"/>')
        self.parts += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.5" fill="{colour}"/>' for px, py in points]
        if label:
            self.legend.append((label, colour, "line"))

    def bar(self, year: int, bottom: float, height: float, colour: str, tip: str = "") -> None:
        """One bar (or a segment of a stacked bar) in a year's slot; `tip` shows when the pointer rests on it."""
        half = (WIDTH - LEFT - RIGHT) / max(len(self.years), 1) * 0.35
        top, base = self.y(bottom + height), self.y(bottom)
        title = f"<title>{_text(tip)}</title>" if tip else ""
        self.parts.append(f'<rect x="{self.x(year) - half:.1f}" y="{min(top, base):.1f}" width="{2 * half:.1f}" '
                          f'height="{abs(base - top):.1f}" fill="{colour}">{title}</rect>')

    def whisker(self, year: int, low: float, high: float, offset: float = 0.0) -> None:
        """A thin vertical line from `low` to `high` in a year's slot (a band on a bar), shifted by `offset` px."""
        x = self.x(year) + offset
        self.parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{self.y(low):.1f}" y2="{self.y(high):.1f}" stroke="#333" '
                          f'stroke-width="1"/>')

    def key(self, label: str, colour: str) -> None:
        """A legend entry without a drawn series (e.g. one per bar colour)."""
        self.legend.append((label, colour, "box"))

    def svg(self, note: str = "") -> str:
        """The chart as an <svg> element; `note` is written in the middle instead of data."""
        rows = math.ceil(len(self.legend) / LEGEND_COLUMNS)
        height = HEIGHT + rows * LEGEND_ROW + (8 if rows else 0)
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
               f'style="{FONT};background:#fff">',
               f'<text x="{WIDTH / 2}" y="18" text-anchor="middle" font-size="13">{_text(self.title)}</text>']
        step = self.yticks[1] - self.yticks[0] if len(self.yticks) > 1 else 1.0
        for value in self.yticks:
            py = self.y(value)
            out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{py:.1f}" y2="{py:.1f}" stroke="#ddd"/>')
            out.append(f'<text x="{LEFT - 5}" y="{py + 4:.1f}" text-anchor="end" font-size="11">{label_number(value, step)}</text>')
        every = max(1, math.ceil(len(self.years) / 10))
        for year in self.years[::every]:
            out.append(f'<text x="{self.x(year):.1f}" y="{HEIGHT - BOTTOM + 15}" text-anchor="middle" font-size="11">{year}</text>')
        out.append(f'<text transform="translate(14,{(TOP + HEIGHT - BOTTOM) / 2}) rotate(-90)" text-anchor="middle" '
                   f'font-size="11">{_text(self.ylabel)}</text>')
        out.append(f'<rect x="{LEFT}" y="{TOP}" width="{WIDTH - LEFT - RIGHT}" height="{HEIGHT - TOP - BOTTOM}" fill="none" stroke="#888"/>')
        if note:
            out.append(f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" font-size="12">{_text(note)}</text>')
        else:
            if self.low < 0 < self.high:
                out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{self.y(0):.1f}" y2="{self.y(0):.1f}" stroke="#888"/>')
            out += self.parts
        out += self._legend()
        out.append("</svg>")
        return "".join(out)

    def _legend(self) -> list[str]:
        """Legend entries in columns below the chart."""
        out = []
        for i, (label, colour, kind) in enumerate(self.legend):
            column, row = i % LEGEND_COLUMNS, i // LEGEND_COLUMNS
            lx, ly = 8 + column * (WIDTH - 16) / LEGEND_COLUMNS, HEIGHT + 4 + row * LEGEND_ROW
            mark = (f'<line x1="{lx:.1f}" x2="{lx + 14:.1f}" y1="{ly + 5:.1f}" y2="{ly + 5:.1f}" stroke="{colour}" stroke-width="2"/>'
                    if kind == "line" else f'<rect x="{lx:.1f}" y="{ly:.1f}" width="14" height="10" fill="{colour}" fill-opacity="0.8"/>')
            out.append(mark + f'<text x="{lx + 18:.1f}" y="{ly + 9:.1f}" font-size="10">{_text(label)}</text>')
        return out


def _points(points: Sequence[tuple[float, float]]) -> str:
    """SVG points text."""
    return " ".join(f"{px:.1f},{py:.1f}" for px, py in points)


def _text(text: str) -> str:
    """Escape text for SVG."""
    return html.escape(str(text))
