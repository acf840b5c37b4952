"""Widgets generated from the parameter metadata: one row per parameter, grouped by policy area.

Values are edited as a scenario writes them (percent as percent), so the changes go straight into
`Scenario.with_changes` and into a reform TOML. Dated parameters can be edited year by year.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from simtoolkit.ledger import label as term_label
from simtoolkit.scenario import Param, Problem, Scenario, ScenarioError
from simtoolkit.scenario.schema import Schema
from simtoolkit.scenario.validate import value_at
from simtoolkit.ui.words import word

AREAS = (("policy", "area_policy"), ("behaviour", "area_behaviour"), ("population", "area_population"))
EDITABLE = {"number", "integer", "bool", "choice", "text", "text_list", "number_list"}
LABEL_WIDTH, EDITOR_WIDTH = "250px", "300px"


def css_name(key: str) -> str:
    """The CSS class naming a parameter's editor, e.g. simtk-policy-stars-award_per_star."""
    return "simtk-" + key.replace(".", "-")


def static_bound(schema: Schema, bound: float | str | None, upper: bool) -> float | None:
    """A numeric bound; a bound naming another parameter becomes that parameter's own static bound."""
    seen = set()
    while isinstance(bound, str) and bound not in seen:
        seen.add(bound)
        other = schema.params.get(bound)
        bound = None if other is None else (other.max if upper else other.min)
    return None if isinstance(bound, str) else bound


def nice_step(param: Param, low: float, high: float, value: Any) -> float:
    """The metadata's step, else about a 200th of the range on a 1-2-5 scale, fine enough for `value`."""
    if param.step:
        return float(param.step)
    if param.kind == "integer":
        return 1
    raw = (high - low) / 200 if high > low else 1.0
    exponent = math.floor(math.log10(raw))
    step = min((m * 10**exponent for m in (1, 2, 5, 10) if m * 10**exponent >= raw), default=10**exponent)
    values = value.values() if isinstance(value, dict) else [value]
    while any(abs(v / step - round(v / step)) > 1e-9 for v in values if isinstance(v, (int, float))) and step > 1e-6:
        step /= 10
    return step


def same(param: Param, a: Any, b: Any, years: list[int]) -> bool:
    """True when two written values hold the same value in every simulated year."""
    if isinstance(a, dict) or isinstance(b, dict):
        return all(same(param, value_at(a, y), value_at(b, y), years) for y in years)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


class ParamControl:
    """One parameter's row: label with unit, an editor by kind, a by-year editor if dated, the error beside it."""

    def __init__(self, param: Param, value: Any, schema: Schema, lang: str, years: list[int], on_change: Callable[[str], None]):
        self.param, self.years, self.lang, self._on_change = param, years, lang, on_change
        self._low = static_bound(schema, param.min, upper=False)
        self._high = static_bound(schema, param.max, upper=True)
        self._step = nice_step(param, self._low or 0, self._high or 0, value) if param.kind in ("number", "integer") else None
        self._muted = False
        unit = f"({param.unit})" if param.unit else ""
        self.label = widgets.HTML(f'<span title="{_attr(param.source)}">{param.label(lang)}{unit}</span>',
                                  layout=widgets.Layout(width=LABEL_WIDTH))
        self.error = widgets.HTML("", layout=widgets.Layout(width="auto"))
        self.error.add_class("simtk-error")
        self.editor = self._editor(value if not isinstance(value, dict) else value_at(value, years[0]))
        self.by_year = widgets.ToggleButton(False, description=word("by_year", lang), layout=widgets.Layout(width="60px"),
                                            tooltip=word("by_year", lang))
        self.yearly: dict[int, widgets.Widget] = {}
        self.year_box = widgets.VBox([])
        head = [self.label, self.editor] + ([self.by_year] if param.dated and param.kind in ("number", "integer") else [])
        self.row = widgets.VBox([widgets.HBox(head + [self.error]), self.year_box])
        self.row.add_class("simtk-param")
        self.by_year.observe(self._toggle, "value")
        if isinstance(value, dict):
            self.set_value(value)

    # ---- editors ------------------------------------------------------------------------
    def _editor(self, value: Any) -> widgets.Widget:
        """The widget for one (undated) value of this parameter's kind."""
        p, layout = self.param, widgets.Layout(width=EDITOR_WIDTH)
        if p.kind == "number":
            digits = max(0, -math.floor(math.log10(self._step) + 1e-9))
            w = widgets.FloatSlider(value=value, min=self._low, max=self._high, step=self._step, readout_format=f".{digits}f",
                                    continuous_update=False, layout=layout)
        elif p.kind == "integer":
            w = widgets.IntSlider(value=value, min=int(self._low), max=int(self._high), step=int(self._step),
                                  continuous_update=False, layout=layout)
        elif p.kind == "bool":
            w = widgets.Checkbox(value=bool(value), indent=False, layout=layout)
        elif p.kind == "choice":
            w = widgets.Dropdown(options=[(term_label(c, self.lang), c) for c in p.choices], value=value, layout=layout)
        elif p.kind == "text_list":
            w = widgets.TagsInput(value=list(value), allow_duplicates=False, layout=layout)
        elif p.kind == "number_list":
            w = widgets.Text(value=", ".join(f"{v:g}" for v in value), continuous_update=False, layout=layout)
        else:
            w = widgets.Text(value=str(value), continuous_update=False, layout=layout)
        w.add_class(css_name(p.key))
        w.observe(self._changed, "value")
        return w

    def _toggle(self, change) -> None:
        """Show or hide one editor per simulated year."""
        if change["new"]:
            first = self.editor.value
            self.yearly = {y: self._editor(first) for y in self.years}
            for y, w in self.yearly.items():
                w.add_class(f"simtk-year-{y}")
            self.year_box.children = [widgets.HBox([widgets.Label(str(y), layout=widgets.Layout(width=LABEL_WIDTH)), w])
                                      for y, w in self.yearly.items()]
        else:
            self.yearly, self.year_box.children = {}, []
        self.editor.disabled = bool(change["new"])
        self._changed(None)

    def _changed(self, _change) -> None:
        """Tell the panel (unless values are being set programmatically)."""
        if not self._muted:
            self._on_change(self.param.key)

    # ---- values -------------------------------------------------------------------------
    def value(self) -> Any:
        """The value as a scenario writes it; by year: {year: value} for the years it changes."""
        if self.yearly:
            out, last = {}, object()
            for y, w in self.yearly.items():
                v = self._read(w)
                if v != last:
                    out[y], last = v, v
            return out if len(out) > 1 else next(iter(out.values()))
        return self._read(self.editor)

    def _read(self, w: widgets.Widget) -> Any:
        """One editor's value in the parameter's kind."""
        if self.param.kind == "number_list":
            return [float(x) for x in w.value.replace(",", " ").split()]
        if self.param.kind == "text_list":
            return list(w.value)
        if self.param.kind == "integer":
            return int(w.value)
        if self.param.kind == "number":
            return round(float(w.value), 10)
        return w.value

    def set_value(self, value: Any) -> None:
        """Show a written value (scalar or dated) without announcing a change."""
        self._muted = True
        try:
            dated = isinstance(value, dict)
            self.by_year.value = dated
            self._write(self.editor, value_at(value, self.years[0]) if dated else value)
            for y, w in self.yearly.items():
                self._write(w, value_at(value, y))
        finally:
            self._muted = False

    def _write(self, w: widgets.Widget, value: Any) -> None:
        """Put one value into an editor."""
        if self.param.kind == "number_list":
            w.value = ", ".join(f"{v:g}" for v in value)
        elif self.param.kind == "text_list":
            w.value = list(value)
        else:
            w.value = value

    def show_error(self, text: str) -> None:
        """Show a validation message beside the editor (empty: clear it)."""
        self.error.value = f'<span style="color:#b00020">{_html(text)}</span>' if text else ""


class Controls:
    """Every editable parameter of a scenario as widgets in tabs (policy area) of accordions (group)."""

    def __init__(self, scenario: Scenario, lang: str, on_change: Callable[[str], None]):
        self.base, self.lang, self._on_change = scenario, lang, on_change
        start, years = scenario.value("run.start_year"), scenario.value("run.years")
        self.years = list(range(start, start + years))
        schema = scenario.schema
        self.controls: dict[str, ParamControl] = {}
        tabs, titles = [], []
        for area, title in AREAS:
            groups = [g for g in schema.groups.values() if g.path.split(".")[0] == area and scenario.has(g.path)]
            sections = []
            for group in groups:
                rows = [self._control(p).row for p in group.params if p.key in scenario.values and p.kind in EDITABLE]
                if rows:
                    sections.append((group.label(lang), widgets.VBox(rows)))
            if sections:
                accordion = widgets.Accordion(children=[box for _, box in sections], titles=tuple(t for t, _ in sections))
                accordion.add_class(f"simtk-area-{area}")
                tabs.append(accordion)
                titles.append(word(title, lang))
        self.widget = widgets.Tab(children=tabs, titles=tuple(titles))
        self.widget.add_class("simtk-controls")

    def _control(self, param: Param) -> ParamControl:
        """Build and index one parameter's control."""
        control = ParamControl(param, self.base.raw(param.key), self.base.schema, self.lang, self.years, self._on_change)
        self.controls[param.key] = control
        return control

    def changes(self) -> dict[str, Any]:
        """Values that differ from the scenario's, as written (what a reform file holds)."""
        out, problems = {}, []
        for key, control in self.controls.items():
            try:
                value = control.value()
            except ValueError:
                problems.append(Problem("dashboard", key, "expected numbers separated by commas"))
                continue
            if not same(control.param, value, self.base.raw(key), self.years):
                out[key] = value
        if problems:
            raise ScenarioError(problems)
        return out

    def apply(self, changes: dict[str, Any]) -> None:
        """Show the scenario's values with `changes` on top, announcing nothing."""
        for key, control in self.controls.items():
            control.set_value(changes.get(key, self.base.raw(key)))

    def show_problems(self, problems, fallback_key: str | None) -> None:
        """Each problem's message beside its parameter's control (or beside the one just changed)."""
        messages: dict[str, list[str]] = {}
        for problem in problems:
            key = problem.key if problem.key in self.controls else fallback_key
            if key in self.controls:
                messages.setdefault(key, []).append(problem.message)
        for key, control in self.controls.items():
            control.show_error("; ".join(messages.get(key, [])))


def _html(text: str) -> str:
    """Escape text for HTML."""
    import html

    return html.escape(text)


def _attr(text: str) -> str:
    """Escape text for an HTML attribute."""
    return _html(text).replace("\n", " ")
