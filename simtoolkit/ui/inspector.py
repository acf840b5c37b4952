"""The agent inspector: one replication with person records, then a township's, village's or head's history."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simtoolkit.ledger import FEN_PER_YUAN
from simtoolkit.model import CountyModel
from simtoolkit.scenario import Scenario
from simtoolkit.ui.figures import SIZE, svg
from simtoolkit.report.fonts import register as chinese_font
from simtoolkit.report.vocabulary import grade
from simtoolkit.ui.words import word
from simtoolkit.rules import roles

LEVELS = ("township", "village", "head")
SATISFACTION_BAND = (10, 90)  # percentiles of households shown around a village's mean (a display choice)


@dataclass
class Run:
    """One replication kept for inspection: the model and each year's household satisfaction."""

    model: CountyModel
    satisfaction: np.ndarray  # year × household

    @property
    def years(self) -> np.ndarray:
        """The simulated calendar years."""
        return self.model.start_year + np.arange(self.model.years)


def inspect_run(scenario: Scenario, seed: int, years: int) -> Run:
    """Run replication 0 year by year, keeping person-level history and households' satisfaction."""
    model = CountyModel(scenario, replication=0, seed=seed, years=years, record_persons=True)
    satisfaction = np.zeros((years, len(model.world.households)), np.float32)
    for k in range(years):
        model.run_for(12)
        satisfaction[k] = model.world.households.satisfaction
    model.result.finish(model)
    return Run(model, satisfaction)


def head_pay(run: Run, slot: int) -> np.ndarray:
    """Yuan paid each year to whoever held the post that year (from the ledger's person rows)."""
    rows = run.model.ledger.persons
    month = np.concatenate([np.full(len(p), m) for m, _, _, p, _ in rows]) if rows else np.zeros(0, int)
    person = np.concatenate([p for *_, p, _ in rows]) if rows else np.zeros(0, int)
    fen = np.concatenate([f for *_, f in rows]) if rows else np.zeros(0, int)
    year = month // 12
    holder = run.model.history.person[:, slot]
    mine = (year < len(holder)) & (person == holder[np.minimum(year, len(holder) - 1)])
    return np.bincount(year[mine], weights=fen[mine], minlength=len(holder)) / FEN_PER_YUAN


def head_table(run: Run, slot: int, lang: str) -> pd.DataFrame:
    """A head's yearly person id, scores, grade, stars and pay."""
    h = run.model.secretaries[slot].history()
    return pd.DataFrame({word("year", lang): h["year"], word("person", lang): h["person"],
                         word("quantitative", lang): h["quantitative"].astype(float).round(1), word("score", lang): h["score"].astype(float).round(1),
                         word("grade", lang): [grade(int(g), lang) for g in h["grade"]], word("stars", lang, n=""): h["stars"],
                         word("pay", lang): head_pay(run, slot).round(2)})


def village_table(run: Run, village: int, lang: str) -> pd.DataFrame:
    """A village's households' satisfaction by year: mean and a percentile band."""
    sat = run.satisfaction[:, run.model.world.households.village == village]
    low, high = SATISFACTION_BAND
    return pd.DataFrame({word("year", lang): run.years, word("satisfaction_mean", lang): sat.mean(axis=1).round(3),
                         f"P{low}": np.percentile(sat, low, axis=1).round(3), f"P{high}": np.percentile(sat, high, axis=1).round(3)})


def township_table(run: Run, township: int, lang: str) -> pd.DataFrame:
    """A township's rated heads by star level, heads' mean score and total cost, by year."""
    result, model = run.model.result, run.model
    counts = result.star_counts[:, township].sum(axis=1)  # year × stars
    graded = (model.history.grade >= 0) & (model.world.heads.township == township)
    n = graded.sum(axis=1)
    mean_score = np.divide(np.where(graded, model.history.score, 0).sum(axis=1), n, out=np.zeros(len(n)), where=n > 0)
    frame = pd.DataFrame({word("year", lang): run.years})
    for level in range(result.max_stars + 1):
        frame[word("stars", lang, n=level)] = counts[:, level]
    frame[word("mean_score", lang)] = mean_score.round(1)
    frame[word("cost", lang)] = (result.yearly_fen[:, :, :, township].sum(axis=(1, 2, 3)) / FEN_PER_YUAN).round(2)
    return frame


class Inspector:
    """Pick a township, village or head of one replication and see its history."""

    def __init__(self, lang: str = "zh"):
        self.lang = lang
        self.run: Run | None = None
        self._source: Callable[[], tuple[Scenario, tuple[int, int, int]]] | None = None
        self.button = widgets.Button()
        self.button.add_class("simtk-inspect")
        self.note = widgets.HTML()
        self.level = widgets.ToggleButtons(options=[(w, w) for w in LEVELS], value="village")
        self.township = widgets.Dropdown(layout=widgets.Layout(width="220px"))
        self.village = widgets.Dropdown(layout=widgets.Layout(width="220px"))
        self.head = widgets.Dropdown(layout=widgets.Layout(width="320px"))
        self.table = widgets.HTML()
        self.table.add_class("simtk-inspector-table")
        self.figure = widgets.HTML(layout=widgets.Layout(max_width="100%"))  # empty until a run: no broken image
        self.figure.add_class("simtk-inspector-figure")
        self.widget = widgets.VBox([widgets.HBox([self.button, self.note]), self.level,
                                    widgets.HBox([self.township, self.village, self.head]), self.table, self.figure])
        self.button.on_click(lambda _: self.load())
        self.level.observe(lambda _: self.show(), "value")
        self.township.observe(lambda _: self._fill_villages(), "value")
        self.village.observe(lambda _: self._fill_heads(), "value")
        self.head.observe(lambda _: self.show(), "value")
        self.set_language(lang)

    def on_run(self, source: Callable[[], tuple[Scenario, tuple[int, int, int]]]) -> None:
        """Where the scenario and (reps, seed, years) to inspect come from."""
        self._source = source

    def set_language(self, lang: str) -> None:
        """Relabel in another language."""
        self.lang = lang
        self.button.description = word("inspect", lang)
        _offer(self.level, [(word(w, lang), w) for w in LEVELS])
        if self.run is not None:
            self._fill_townships()

    def load(self, scenario: Scenario | None = None, seed: int | None = None, years: int | None = None) -> None:
        """Run one replication of the given (or the dashboard's current) settings and list its agents."""
        if scenario is None:
            scenario, (_, seed, years) = self._source()
        self.run = inspect_run(scenario, seed, years)
        self.note.value = html.escape(word("inspect_note", self.lang, years=years))
        self._fill_townships()

    def _fill_townships(self) -> None:
        """Township choices of the inspected run."""
        names = self.run.model.world.township_names()
        _offer(self.township, [(n, t) for t, n in enumerate(names)])
        self._fill_villages()

    def _fill_villages(self) -> None:
        """Village choices within the chosen township, numbered within it."""
        if self.run is None or self.township.value is None:
            return
        w, t = self.run.model.world, self.township.value
        name = w.township_names()[t]
        ids = np.nonzero(w.villages.township == t)[0]
        _offer(self.village, [(word("community_name" if w.villages.community[v] else "village_name", self.lang,
                                      township=name, n=k + 1), int(v)) for k, v in enumerate(ids)])
        self._fill_heads()

    def _fill_heads(self) -> None:
        """Head posts of the chosen village."""
        if self.run is None or self.village.value is None:
            return
        heads = self.run.model.world.heads
        slots = np.nonzero(heads.village == self.village.value)[0]
        _offer(self.head, [(f"{roles.label(int(heads.role[s]), self.lang)} · #{s}", int(s)) for s in slots])
        self.show()

    def show(self) -> None:
        """The chosen agent's table and figure."""
        if self.run is None or self.head.value is None:
            return
        lang, level = self.lang, self.level.value
        if level == "head":
            frame = head_table(self.run, self.head.value, lang)
            picture = _plot(frame, [word("score", lang), word("quantitative", lang)], word("stars", lang, n=""), lang)
        elif level == "village":
            frame = village_table(self.run, self.village.value, lang)
            picture = _plot(frame, [word("satisfaction_mean", lang), *frame.columns[2:]], None, lang)
        else:
            frame = township_table(self.run, self.township.value, lang)
            picture = _plot(frame, [c for c in frame.columns[1:-2] if frame[c].any()], None, lang)
        self.table.value = table_html(frame, lang)
        self.figure.value = picture


def _offer(dropdown: widgets.Dropdown, options: list) -> None:
    """New options, keeping the choice when still offered, else the first one."""
    keep = dropdown.value
    values = [v for _, v in options]
    dropdown.options = options
    dropdown.value = keep if keep in values else (values[0] if values else None)


def table_html(frame: pd.DataFrame, lang: str) -> str:
    """A history table as a reader expects it: money with separators to the fen, satisfaction in percent,
    scores to one decimal, and the years where a new person holds the post marked."""
    shown = frame.copy()
    money = [word(k, lang) for k in ("pay", "cost")]
    shares = [c for c in shown.columns if c == word("satisfaction_mean", lang) or str(c).startswith("P")]
    for column in shown.columns:
        if column in money:
            shown[column] = [f"{v:,.2f}" for v in shown[column]]
        elif column in shares:
            shown[column] = [f"{v:.1%}" for v in shown[column]]
        elif shown[column].dtype.kind == "f":
            shown[column] = [f"{v:,.1f}" for v in shown[column]]
    person = word("person", lang)
    if person in shown.columns:
        new = shown[person].ne(shown[person].shift()) & (shown.index > 0)
        shown[word("holder", lang)] = np.where(new, word("new_holder", lang), "")
    style = "<style>.simtk-table td, .simtk-table th {padding: 2px 10px; text-align: right}</style>"  # numbers line up
    return style + shown.to_html(index=False, border=0, classes="simtk-table", justify="center")


def _plot(frame: pd.DataFrame, lines: list[str], steps: str | None, lang: str) -> str:
    """Lines of some columns over the years, and optionally a step line on a second axis."""
    chinese_font()
    fig = Figure(figsize=SIZE)
    ax = fig.add_subplot()
    x = frame[word("year", lang)]
    for column in lines:
        ax.plot(x, frame[column], marker="o", ms=3, label=column)
    if steps is not None:
        twin = ax.twinx()
        twin.step(x, frame[steps], where="mid", color="tab:red", label=steps)
        twin.set_ylabel(steps)
        twin.set_ylim(-0.3, max(int(frame[steps].max()), 1) + 0.3)
        twin.yaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(word("year", lang))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    return svg(fig)
