"""Outcomes: named numbers read from one replication's record, written ``measure@when``.

A *measure* is a yearly series of a record:

- ``fiscal_cost``, ``total_cost`` — yuan paid in each year by public budgets / by everyone;
  ``cost_<item>`` — one ledger item (``cost_star_award``, ``cost_pension_star_topup``, …);
- ``<who>_<n>_stars`` — rated heads holding n stars after that year's rating, where who is
  ``heads`` (all), ``secretaries`` (every secretary role), ``directors`` or one role code
  (``secretary_director_2_stars``); year 1 is the initial rating;
- ``share_<n>plus_stars`` — share of rated heads with at least n stars; ``mean_stars``;
- any indicator of the model: ``mean_score``, ``mean_effort``, ``mean_satisfaction``, ``excellent``, …

*when* picks a number from the series: a year of the horizon (``@1`` the first, ``@3`` the
third), a calendar year (``@2025``), or ``@last`` (the default), ``@mean``, ``@max``, ``@min``,
``@sum`` over the horizon. ``fiscal_cost@max`` is a replication's highest annual fiscal cost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from simtoolkit.errors import InputError
from simtoolkit.experiments.record import Record
from simtoolkit.ledger import FEN_PER_YUAN, item_index, items
from simtoolkit.report.vocabulary import indicator
from simtoolkit.rules import roles

REDUCTIONS = ("last", "mean", "max", "min", "sum")
GROUPS = {"heads": roles.HEAD_ROLES, "secretaries": roles.SECRETARY_ROLES, "directors": ("director",),
          **{code: (code,) for code in roles.HEAD_ROLES}}
COUNT = re.compile(r"^(?P<who>[a-z_]+?)_(?P<n>\d+)_stars$")
SHARE = re.compile(r"^share_(?P<n>\d+)plus_stars$")
CALENDAR_FROM = 1000  # a `when` of 1000 or more is a calendar year, below it a year of the horizon

Series = Callable[[Record], np.ndarray]


@dataclass(frozen=True)
class Outcome:
    """A named number of a replication: a measure's yearly series, reduced by `when`."""

    name: str
    measure: str
    when: str

    def series(self, record: Record) -> np.ndarray:
        """The measure's value in every year of the record."""
        return measure_series(self.measure)(record)

    def value(self, record: Record) -> float:
        """The outcome of one replication."""
        values = self.series(record)
        if self.when in REDUCTIONS:
            return float(values[-1] if self.when == "last" else getattr(np, self.when)(values))
        year = int(self.when)
        index = year - record.start_year if year >= CALENDAR_FROM else year - 1
        return float(values[index])

    def label(self, lang: str) -> str:
        """A reader's name for the outcome."""
        return f"{measure_label(self.measure, lang)} · {when_label(self.when, lang)}"


def parse_outcomes(texts: Sequence[str], years: int, start_year: int, indicators: Sequence[str] = (),
                   option: str = "--output") -> list[Outcome]:
    """Outcomes from ``measure@when`` texts; every bad one is reported at once (InputError).

    `indicators` are the model's indicator names (measures beyond the built-in ones).
    """
    outcomes, problems = [], []
    for text in texts:
        try:
            outcomes.append(parse_outcome(text, years, start_year, indicators))
        except InputError as exc:
            problems.extend(f"{option} {line}" for line in exc.lines)
    names = [o.name for o in outcomes]
    problems += [f"{option} {n}: given more than once" for n in sorted({n for n in names if names.count(n) > 1})]
    if not texts:
        problems.append(f"{option}: give at least one outcome, e.g. fiscal_cost@3 or share_2plus_stars@last")
    if problems:
        raise InputError(problems)
    return outcomes


def parse_outcome(text: str, years: int, start_year: int, indicators: Sequence[str] = ()) -> Outcome:
    """One outcome from ``measure@when`` (when defaults to ``last``)."""
    measure, _, when = text.strip().partition("@")
    when = when.strip() or "last"
    if not is_measure(measure, indicators):
        raise InputError(f"{text}: unknown measure {measure!r}; known: {', '.join(known_measures(indicators))}")
    if when not in REDUCTIONS:
        if not when.isdigit():
            raise InputError(f"{text}: after '@' give a year (1..{years} or {start_year}..{start_year + years - 1}) "
                             f"or one of {', '.join(REDUCTIONS)}")
        year = int(when)
        index = year - start_year if year >= CALENDAR_FROM else year - 1
        if not 0 <= index < years:
            raise InputError(f"{text}: year {year} is outside the {years}-year horizon starting {start_year} "
                             "(a longer horizon: --years)")
    return Outcome(f"{measure}@{when}", measure, when)


def needs_probe(texts: Sequence[str]) -> bool:
    """True when some measure is not built in, so the model's indicator names must be known."""
    return any(not is_measure(t.strip().partition("@")[0], ()) for t in texts)


def is_measure(measure: str, indicators: Sequence[str]) -> bool:
    """True for a built-in measure or one of the given indicator names."""
    return builtin_series(measure) is not None or measure in indicators


def known_measures(indicators: Sequence[str] = ()) -> list[str]:
    """Examples of every kind of measure, for messages."""
    return ["fiscal_cost", "total_cost", "cost_<item>", "heads_<n>_stars", "secretaries_<n>_stars",
            "directors_<n>_stars", "share_<n>plus_stars", "mean_stars", *sorted(indicators)]


def horizon_years(outcomes: Sequence[Outcome], start_year: int) -> int | None:
    """The shortest horizon the outcomes need, or None when some needs the whole horizon (last, mean…)."""
    needed = []
    for o in outcomes:
        if o.when in REDUCTIONS:
            return None
        year = int(o.when)
        needed.append(year - start_year + 1 if year >= CALENDAR_FROM else year)
    return max(needed) if needed else None


def values(outcomes: Sequence[Outcome], record: Record) -> np.ndarray:
    """Every outcome of one replication, in order."""
    return np.array([o.value(record) for o in outcomes], dtype=np.float64)


# ---- measures ----------------------------------------------------------------------------------
def measure_series(measure: str) -> Series:
    """The function giving a measure's yearly series (a model indicator unless built in)."""
    return builtin_series(measure) or (lambda r: _indicator(r, measure))


def builtin_series(measure: str) -> Series | None:
    """The series function of a built-in measure, or None."""
    if measure == "fiscal_cost":
        return lambda r: r.fiscal_fen() / FEN_PER_YUAN
    if measure == "total_cost":
        return lambda r: r.cost_by_item().sum(axis=1) / FEN_PER_YUAN
    if measure.startswith("cost_") and measure[5:] in {i.code for i in items()}:
        column = item_index(measure[5:])
        return lambda r: r.cost_by_item()[:, column] / FEN_PER_YUAN
    if measure == "mean_stars":
        return _mean_stars
    match = SHARE.match(measure)
    if match:
        n = int(match["n"])
        return lambda r: _share_at_least(r, n)
    match = COUNT.match(measure)
    if match and match["who"] in GROUPS:
        codes, n = roles.codes(GROUPS[match["who"]]), int(match["n"])
        return lambda r: _count(r, codes, n)
    return None


def _indicator(record: Record, name: str) -> np.ndarray:
    """An indicator's yearly values; zeros when the replication never recorded it."""
    if name not in record.indicator_names:
        return np.zeros(record.years)
    return np.asarray(record.indicator_values[record.indicator_names.index(name)], dtype=np.float64)


def _by_role(record: Record) -> np.ndarray:
    """Rated heads by year × role × stars."""
    return record.star_counts.sum(axis=1)


def _count(record: Record, codes: np.ndarray, n: int) -> np.ndarray:
    """Rated heads of some roles holding exactly n stars, per year."""
    counts = _by_role(record)[:, codes]
    return counts[:, :, n].sum(axis=1).astype(np.float64) if n < counts.shape[2] else np.zeros(record.years)


def _share_at_least(record: Record, n: int) -> np.ndarray:
    """Share of rated heads with at least n stars, per year (NaN in a year nobody was rated)."""
    by_stars = record.star_counts.sum(axis=(1, 2)).astype(np.float64)
    rated = by_stars.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return by_stars[:, n:].sum(axis=1) / rated


def _mean_stars(record: Record) -> np.ndarray:
    """Mean stars of rated heads, per year."""
    by_stars = record.star_counts.sum(axis=(1, 2)).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return by_stars @ np.arange(by_stars.shape[1]) / by_stars.sum(axis=1)


# ---- labels ------------------------------------------------------------------------------------------
_LABELS = {  # measures that are not indicators of a run (those are labelled by the one vocabulary)
    "fiscal_cost": ("财政费用(元)", "fiscal cost (yuan)"), "total_cost": ("总费用(元)", "total cost (yuan)"),
    "mean_stars": ("平均星级", "mean stars"),
}
_WHO = {"heads": ("主干", "heads"), "secretaries": ("书记", "secretaries"), "directors": ("村委会主任", "directors")}


def measure_label(measure: str, lang: str) -> str:
    """A measure as a reader knows it (the code itself when no label is known)."""
    zh = lang == "zh"
    if measure in _LABELS:
        return _LABELS[measure][0 if zh else 1]
    if indicator(measure, lang) != measure:
        return indicator(measure, lang)
    if measure.startswith("cost_") and measure[5:] in {i.code for i in items()}:
        term = items()[item_index(measure[5:])]
        return f"{term.label(lang)}(元)" if zh else f"{term.label(lang)} (yuan)"
    match = SHARE.match(measure)
    if match:
        return f"{match['n']}星及以上占比" if zh else f"share with {match['n']}+ stars"
    match = COUNT.match(measure)
    if match and match["who"] in GROUPS:
        who = _WHO.get(match["who"]) or (roles.label(match["who"], "zh"), roles.label(match["who"], "en"))
        return f"{who[0]}{match['n']}星人数" if zh else f"{who[1]} with {match['n']} stars"
    return measure


def when_label(when: str, lang: str) -> str:
    """The year or reduction as a reader knows it."""
    words = {"last": ("末年", "last year"), "mean": ("年均", "mean over years"), "max": ("最高年", "highest year"),
             "min": ("最低年", "lowest year"), "sum": ("合计", "sum over years")}
    if when in words:
        return words[when][0 if lang == "zh" else 1]
    year = int(when)
    if year >= CALENDAR_FROM:
        return f"{year}年" if lang == "zh" else str(year)
    return f"第{year}年" if lang == "zh" else f"year {year}"
