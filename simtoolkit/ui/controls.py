"""Widgets generated from the parameter metadata: one row per parameter, one section per group, tabs by policy area.

Values are edited as a scenario writes them (percent as percent), so the changes go straight into a
scenario and into a reform TOML. Dated parameters can be edited year by year; table parameters get
a grid (`simtoolkit.ui.tables`). Each optional group has a switch in its section header: off, its
controls are greyed and the scenario runs without it (``disable = [...]`` in a reform); on for a
group the scenario lacks (the schema gives no defaults), its values come from a shipped scenario
that has the group, chosen in a drop-down beside the switch ("empty" leaves every box to be typed:
the group stays off, saying which values are needed, until every required one is given). An empty
box becomes the kind's editor (a slider within the range) as soon as it holds a value that fits.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from simtoolkit.report.vocabulary import borrowed as borrowed_label, source as source_text, term as term_label
from simtoolkit.scenario import Param, Problem, Scenario, ScenarioError
from simtoolkit.scenario.schema import Group, Schema
from simtoolkit.scenario.scenario import build
from simtoolkit.scenario.validate import value_at
from simtoolkit.ui.catalogue import SCENARIO_DIR, group_sources
from simtoolkit.ui.tables import TableControl
from simtoolkit.ui.words import word

AREAS = (("policy", "area_policy"), ("behaviour", "area_behaviour"), ("population", "area_population"))
BLANK = "blank"  # an editor for a value the scenario lacks: empty until given
LABEL_WIDTH, EDITOR_WIDTH = "250px", "300px"
TEXT_KINDS = ("number_list", "text")
CLOSED, OPEN = "▸", "▾"  # a section's state beside its name (text, not an icon font: the page stays offline)  # kinds whose own editor is a text box, as an empty editor is


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
    if param.kind == "text_list" and param.offers and a is not None and b is not None:
        return sorted(a) == sorted(b)  # a chooser lists codes in the schema's order, a scenario in its own
    return a == b


class ParamControl:
    """One parameter's row: label with unit, an editor by kind, a by-year editor if dated, the error beside it."""

    def __init__(self, param: Param, value: Any, schema: Schema, lang: str, years: list[int], on_change: Callable[[str], None]):
        self.param, self.years, self.lang, self._on_change = param, years, lang, on_change
        self._low = static_bound(schema, param.min, upper=False)
        self._high = static_bound(schema, param.max, upper=True)
        # a slider spans the typical range, not the valid one: 1,500 on 0-100,000 sits at the far left
        self._typical = (self._low if param.typical_min is None else param.typical_min,
                         self._high if param.typical_max is None else param.typical_max)
        self.blank = value is None  # no value yet: an empty editor, swapped for the kind's editor once one is given
        self._step = None
        self._muted, self._enabled = False, True
        unit = f"({param.unit})" if param.unit else ""
        self.label = widgets.HTML(f'<span title="{_attr(source_text(param, lang))}">{param.label(lang)}{unit}</span>',
                                  layout=widgets.Layout(width=LABEL_WIDTH))
        self.error = widgets.HTML("", layout=widgets.Layout(width="auto"))
        self.error.add_class("simtk-error")
        self.by_year = widgets.ToggleButton(False, description=word("by_year", lang), layout=widgets.Layout(width="60px"),
                                            tooltip=word("by_year", lang))
        self.yearly: dict[int, widgets.Widget] = {}
        self.year_box = widgets.VBox([])
        self.head = widgets.HBox([])
        self.row = widgets.VBox([self.head, self.year_box])
        self.row.add_class("simtk-param")
        self.by_year.observe(self._toggle, "value")
        # any value within the valid range can be typed here, beyond the slider's typical range too
        self.exact = (widgets.IntText if param.kind == "integer" else widgets.FloatText)(layout=widgets.Layout(width="110px"))
        self.exact.add_class("simtk-exact")
        self.exact.observe(self._typed, "value")
        self._swap(value)
        if isinstance(value, dict):
            self.set_value(value)

    def _swap(self, value: Any) -> None:
        """Put the editor `value` calls for in the row: an empty one for None, else the kind's editor (a slider
        within the range) showing `value` (dated: its first year's); keeps the row greyed if it was."""
        self.blank = value is None
        first = value_at(value, self.years[0]) if isinstance(value, dict) else value
        numeric = self.param.kind in ("number", "integer") and not self.blank
        self._step = nice_step(self.param, self._typical[0] or 0, self._typical[1] or 0, value) if numeric else None
        old, self.editor = getattr(self, "editor", None), self._blank_editor() if self.blank else self._editor(first)
        self.head.children = ([self.label, self.editor] + ([self.exact] if numeric else [])
                              + ([self.by_year] if self.param.dated and numeric else []) + [self.error])
        if numeric:
            self.editor.observe(self._show_exact, "value")
            self._show_exact(None)
        self.set_enabled(self._enabled)
        if old is not None:
            old.close()  # its view has left the page: free the widget (a refill swaps every editor of a group)

    # ---- editors ------------------------------------------------------------------------
    def _editor(self, value: Any) -> widgets.Widget:
        """The widget for one (undated) value of this parameter's kind."""
        p, layout = self.param, widgets.Layout(width=EDITOR_WIDTH)
        if p.kind == "number":
            digits = max(0, -math.floor(math.log10(self._step) + 1e-9))
            low, high = self._span(value)
            w = widgets.FloatSlider(value=value, min=low, max=high, step=self._step, readout_format=f".{digits}f",
                                    continuous_update=False, layout=layout)
        elif p.kind == "integer":
            low, high = self._span(value)
            w = widgets.IntSlider(value=value, min=int(low), max=int(high), step=int(self._step),
                                  continuous_update=False, layout=layout)
        elif p.kind == "bool":
            w = widgets.Checkbox(value=bool(value), indent=False, layout=layout)
        elif p.kind == "choice":
            w = widgets.Dropdown(options=[(term_label(c, self.lang), c) for c in p.choices], value=value, layout=layout)
        elif p.kind == "text_list" and p.offers and set(value) <= set(p.offers):
            # a list of codes: chosen among their labels (tags would show the codes themselves)
            w = widgets.SelectMultiple(options=[(term_label(c, self.lang), c) for c in p.offers], value=tuple(value),
                                       rows=min(len(p.offers), 7), layout=layout)
        elif p.kind == "text_list":
            w = widgets.TagsInput(value=list(value), allow_duplicates=False, layout=layout)
        elif p.kind == "number_list":
            w = widgets.Text(value=", ".join(f"{v:g}" for v in value), continuous_update=False, layout=layout)
        else:
            w = widgets.Text(value=str(value), continuous_update=False, layout=layout)
        w.add_class(css_name(p.key))
        w.observe(self._changed, "value")
        return w

    def _span(self, value: Any) -> tuple[float, float]:
        """A slider's ends: the typical range, widened to hold `value` where it is valid."""
        low, high = self._typical
        if isinstance(value, (int, float)):
            low = min(low, max(value, self._low)) if self._low is not None else min(low, value)
            high = max(high, min(value, self._high)) if self._high is not None else max(high, value)
        return low, high

    def _widen(self, slider: widgets.Widget, value: Any) -> None:
        """Stretch a slider's ends to hold `value` (a value typed beyond the typical range is shown, not clamped)."""
        low, high = self._span(value)
        if high > slider.max:
            slider.max = high
        if low < slider.min:
            slider.min = low

    def _show_exact(self, _change) -> None:
        """Keep the number box beside the slider showing the slider's value."""
        muted, self._muted = self._muted, True
        try:
            self.exact.value = self.editor.value
        finally:
            self._muted = muted

    def _typed(self, change) -> None:
        """A number typed in the box: valid, the slider moves to it (stretching if needed); invalid, say why here."""
        if self._muted or self.blank:
            return
        value = change["new"]
        if (self._low is not None and value < self._low) or (self._high is not None and value > self._high):
            bounds = " – ".join(f"{b:,g}" for b in (self._low, self._high) if b is not None)
            self.show_error(word("beyond_validity", self.lang, bounds=bounds))
            return
        self.show_error("")
        self._widen(self.editor, value)
        self.editor.value = value

    def _blank_editor(self) -> widgets.Widget:
        """An empty editor for a value the scenario lacks: a drop-down with "—" for choices, else a text box."""
        p, layout = self.param, widgets.Layout(width=EDITOR_WIDTH)
        if p.kind in ("choice", "bool"):
            options = [(term_label(c, self.lang), c) for c in p.choices] if p.kind == "choice" else [("true", True), ("false", False)]
            w = widgets.Dropdown(options=[("—", None), *options], value=None, layout=layout)
        else:
            bounds = " – ".join(f"{b:g}" for b in (self._low, self._high) if b is not None)
            w = widgets.Text(value="", placeholder=word("needed", self.lang) + (f" ({bounds})" if bounds else ""),
                             continuous_update=False, layout=layout)
        w.add_class(css_name(p.key))
        w.observe(self._changed, "value")
        return w

    def fits(self, value: Any) -> bool:
        """True when the kind's editor can show `value` as it is (a slider clamps a number outside its range)."""
        if value is None or isinstance(value, dict):
            return False
        if self.param.kind in ("number", "integer"):
            return isinstance(value, (int, float)) and self._low <= value <= self._high
        if self.param.kind == "choice":
            return value in self.param.choices
        return True

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
        self.editor.disabled = self.exact.disabled = bool(change["new"])
        self._changed(None)

    def _changed(self, _change) -> None:
        """Tell the panel (unless values are being set programmatically); a value typed into an empty editor that
        the kind's editor can show swaps the box for it first (a kind edited in a text box keeps its box, and
        with it the focus)."""
        if self._muted:
            return
        if self.blank and not self.yearly:
            try:
                value = self._read(self.editor)
            except ValueError:
                value = None
            if self.fits(value) and self.param.kind in TEXT_KINDS:
                self.blank = False  # the same box, read as the kind's editor from now on
            elif self.fits(value):
                self._muted = True
                try:
                    self._swap(value)
                finally:
                    self._muted = False
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
        """One editor's value in the parameter's kind (None: an empty editor, not given)."""
        if self.blank:
            return _parse(self.param.kind, w.value)
        if self.param.kind == "number_list":
            return _parse("number_list", w.value) or []
        if self.param.kind == "text_list":
            return list(w.value)
        if self.param.kind == "integer":
            return int(w.value)
        if self.param.kind == "number":
            return round(float(w.value), 10)
        return w.value

    def set_value(self, value: Any) -> None:
        """Show a written value (scalar or dated; None: empty) without announcing a change."""
        self._muted = True
        try:
            dated = isinstance(value, dict)
            if value is None or (self.blank and self.fits(value_at(value, self.years[0]) if dated else value)):
                self.by_year.value = False
                self._swap(value)
            self.by_year.value = dated and not self.blank
            self._write(self.editor, value_at(value, self.years[0]) if dated else value)
            for y, w in self.yearly.items():
                self._write(w, value_at(value, y))
        finally:
            self._muted = False

    def _write(self, w: widgets.Widget, value: Any) -> None:
        """Put one value into an editor."""
        if self.blank and isinstance(w, widgets.Text):
            w.value = "" if value is None else _unparse(self.param.kind, value)
        elif self.param.kind == "number_list":
            w.value = ", ".join(f"{v:g}" for v in value)
        elif self.param.kind == "text_list":
            w.value = tuple(value) if isinstance(w, widgets.SelectMultiple) else list(value)
        else:
            if isinstance(w, (widgets.FloatSlider, widgets.IntSlider)):
                self._widen(w, value)
            w.value = value

    def show_error(self, text: str) -> None:
        """Show a validation message beside the editor (empty: clear it)."""
        self.error.value = f'<span style="color:#b00020">{_html(text)}</span>' if text else ""

    def set_enabled(self, enabled: bool) -> None:
        """Grey the row out (its group is switched off) or back."""
        self._enabled = enabled
        self.editor.disabled = not enabled or bool(self.yearly)
        self.exact.disabled = self.editor.disabled
        self.by_year.disabled = not enabled
        for w in self.yearly.values():
            w.disabled = not enabled


def _parse(kind: str, text: Any) -> Any:
    """A value typed into an empty editor, in the parameter's kind (None when empty); ValueError says why not."""
    if not isinstance(text, str):  # drop-downs hold the value itself
        return text
    text = text.strip()
    if not text:
        return None
    try:
        if kind == "number":
            return float(text)
        if kind == "integer":
            return int(text)
        if kind == "number_list":
            return [float(x) for x in text.replace(",", " ").split()]
    except ValueError:
        raise ValueError({"number": "expected a number", "integer": "expected a whole number",
                          "number_list": "expected numbers separated by commas"}[kind]) from None
    if kind == "text_list":
        return [x.strip() for x in text.split(",") if x.strip()]
    return text


def _unparse(kind: str, value: Any) -> str:
    """A value as typed into an empty editor."""
    if kind == "number_list":
        return ", ".join(f"{v:g}" for v in value)
    if kind == "text_list":
        return ", ".join(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


class Section:
    """One group's controls under a header: its label (click to open or close), its switch if optional, messages."""

    def __init__(self, group: Group, base: Scenario, lang: str, years: list[int], on_change: Callable[[str], None],
                 sources: dict[str, Scenario] | None = None):
        self.group, self.base, self.lang, self.years, self._on_change = group, base, lang, years, on_change
        self.base_on = base.has(group.path)
        self.controls: dict[str, ParamControl | TableControl] = {}
        self.needed: list[str] = []  # required keys still empty while the switch is on
        self.problems = ""
        self.open = widgets.Button(description=f"{CLOSED} {group.label(lang)}", layout=widgets.Layout(width="auto"))
        self.open.add_class("simtk-section-title")
        self.open.on_click(lambda _: self.toggle())
        self.switch = widgets.Checkbox(value=self.base_on, description=word("group_on", lang), indent=False,
                                       layout=widgets.Layout(width="auto", display="" if group.optional else "none"))
        self.switch.add_class(f"simtk-switch-{group.path.replace('.', '-')}")
        self.switch.observe(self._switched, "value")
        # a group the scenario lacks takes its values from a shipped scenario that has it (or starts empty)
        self.sources = dict(sources or {}) if group.optional and not self.base_on else {}
        options = [(name, name) for name in self.sources] + [(word("values_empty", lang), "")]
        self.source = widgets.Dropdown(options=options, value=options[0][1], description=word("values_from", lang),
                                       style={"description_width": "initial"},
                                       layout=widgets.Layout(width="auto", display="none"))
        self.source.add_class(f"simtk-source-{group.path.replace('.', '-')}")
        self.source.observe(self._chosen, "value")
        self.message = widgets.HTML()
        self.message.add_class("simtk-section-message")
        self.body = widgets.VBox([], layout=widgets.Layout(display="none", margin="0 0 8px 18px"))
        self.widget = widgets.VBox([widgets.HBox([self.open, self.switch, self.source, self.message]), self.body])
        self.widget.add_class(f"simtk-section-{group.path.replace('.', '-')}")
        if self.base_on:  # groups in force are built at once (scripts set their values); the others when opened
            self.build()
        self.refresh()

    @property
    def wanted(self) -> bool:
        """The switch is on (always, for a group that is not optional)."""
        return self.switch.value or not self.group.optional

    @property
    def on(self) -> bool:
        """The group runs: switched on, and every required value given."""
        return self.wanted and not self.needed

    def build(self) -> None:
        """Make the group's controls (once): the scenario's values, empty editors where it has none."""
        if self.controls:
            return
        for param in self.group.params:
            value = self.base.raw(param.key) if param.key in self.base.values else None
            if param.kind == "table":
                control = TableControl(param, value, self.lang, self._on_change, LABEL_WIDTH)
            else:
                control = ParamControl(param, value, self.base.schema, self.lang, self.years, self._on_change)
            control.label.value += borrowed_flag(self.base, param.key, self.lang)
            self.controls[param.key] = control
        self.body.children = [c.row for c in self.controls.values()]

    def toggle(self, show: bool | None = None) -> None:
        """Open or close the section."""
        show = self.body.layout.display == "none" if show is None else show
        if show:
            self.build()
            self.refresh()
        self.body.layout.display = "" if show else "none"
        self.open.description = f"{OPEN if show else CLOSED} {self.group.label(self.lang)}"

    def _switched(self, change) -> None:
        """The switch moved: open the section when switched on (a group the scenario lacks, with nothing given yet,
        filled from the chosen scenario), grey it when off, recompute."""
        if change["new"]:
            self.toggle(True)
            if self.sources and self.empty():
                self.fill()
        self.refresh()
        self._on_change(self.group.path)

    def _chosen(self, _change) -> None:
        """Another scenario to take the values from: refill the group with its values and recompute."""
        if self.wanted:
            self.build()
            self.fill()
            self.refresh()
            self._on_change(self.group.path)

    def empty(self) -> bool:
        """True when no value of the group is given (every editor empty)."""
        try:
            return all(c.value() is None for c in self.controls.values())
        except ValueError:  # something unreadable was typed: that is given
            return False

    def fill(self) -> None:
        """Every value of the group from the chosen scenario; those it lacks (or all, for "empty") empty."""
        source = self.sources.get(self.source.value)
        for key, control in self.controls.items():
            control.set_value(source.raw(key) if source is not None and key in source.values else None)
            control.show_error("")

    def refresh(self) -> None:
        """Grey the controls of a switched-off group; show the values still needed and any problem."""
        for control in self.controls.values():
            control.set_enabled(self.wanted)
        self.source.layout.display = "" if self.sources and self.switch.value else "none"
        self.widget.layout.opacity = "1" if self.wanted else "0.6"
        notes = []
        if self.wanted and self.needed:
            names = ", ".join(self.controls[k].param.label(self.lang) for k in self.needed)
            notes.append(f'<span style="color:#8a5a00">{_html(word("needs_values", self.lang, names=names))}</span>')
        elif self.group.optional and not self.wanted:
            notes.append(f'<span style="color:#777">{_html(word("group_off", self.lang))}</span>')
        if self.problems:
            notes.append(f'<span style="color:#b00020">{_html(self.problems)}</span>')
        self.message.value = " ".join(notes)

    def read(self, problems: list[Problem]) -> dict[str, Any]:
        """Values given in this section (empty editors left out); unreadable ones added to `problems`."""
        values = {}
        for key, control in self.controls.items():
            try:
                value = control.value()
            except ValueError as exc:
                problems.append(Problem("dashboard", key, str(exc)))
                continue
            if value is not None:
                values[key] = value
        self.needed = [k for k, c in self.controls.items() if c.param.required and k not in values
                       and not any(p.key == k for p in problems)] if self.wanted else []
        return values


class Controls:
    """Every parameter of the schema as widgets: tabs (policy area) of sections (group) of rows (parameter)."""

    def __init__(self, scenario: Scenario, lang: str, on_change: Callable[[str], None], sources: Path | None = SCENARIO_DIR,
                 progress: Callable[[int, int], None] | None = None):
        """Controls for `scenario`; a group it lacks offers the values of the scenarios in `sources` that have it
        (None: none, such a group starts empty). `progress(done, total)` hears of each section built, and `apply`
        of each section it fills: building every control takes seconds, and a page should say how far it is."""
        self.base, self.lang, self._on_change = scenario, lang, on_change
        self._progress = progress or (lambda done, total: None)
        count = sum(1 for g in scenario.schema.groups.values() if g.path != "run")
        start, years = scenario.value("run.start_year"), scenario.value("run.years")
        self.years = list(range(start, start + years))
        schema = scenario.schema
        self.sections: dict[str, Section] = {}
        tabs, titles = [], []
        for area, title in AREAS:
            # the groups in force first, then the optional ones this scenario leaves out
            groups = sorted((g for g in schema.groups.values() if g.path.split(".")[0] == area and g.path != "run"),
                            key=lambda g: not scenario.has(g.path))
            for group in groups:
                offered = None
                if group.optional and not scenario.has(group.path) and sources is not None:
                    offered = group_sources(group.path, sources)
                self.sections[group.path] = Section(group, scenario, lang, self.years, on_change, offered)
                self._progress(len(self.sections), count)
            own = [self.sections[g.path].widget for g in groups if scenario.has(g.path)]
            others = [self.sections[g.path].widget for g in groups if not scenario.has(g.path)]
            if others:
                # the mechanisms this scenario lacks, folded away: a first look shows only what the scenario has
                more = widgets.Accordion(children=[widgets.VBox(others)], selected_index=None)
                more.set_title(0, word("more_mechanisms", lang, n=len(others)))
                more.add_class(f"simtk-more-{area}")
                own.append(more)
            box = widgets.VBox(own)
            box.add_class(f"simtk-area-{area}")
            tabs.append(box)
            titles.append(word(title, lang))
        self.widget = widgets.Tab(children=tabs, titles=tuple(titles))
        self.widget.add_class("simtk-controls")

    @property
    def controls(self) -> dict[str, ParamControl | TableControl]:
        """Every built parameter control by dotted key."""
        return {k: c for section in self.sections.values() for k, c in section.controls.items()}

    def control(self, key: str) -> ParamControl | TableControl:
        """A parameter's control, building its section if needed."""
        section = self.sections[self.base.schema.params[key].group]
        section.build()
        return section.controls[key]

    def changes(self) -> dict[str, Any]:
        """What a reform file sets: values that differ from the scenario's in groups that run, and every given
        value of a group switched on that the scenario lacks."""
        out, problems = {}, []
        for path, section in self.sections.items():
            values = section.read(problems)
            if not section.on:
                continue
            for key, value in values.items():
                if key not in self.base.values or not same(section.controls[key].param, value, self.base.raw(key), self.years):
                    out[key] = value
        for section in self.sections.values():
            section.refresh()
        if problems:
            raise ScenarioError(problems)
        return out

    def disabled(self) -> list[str]:
        """Optional groups of the scenario that are switched off (a reform's ``disable = [...]``)."""
        return [path for path, s in self.sections.items() if s.group.optional and s.base_on and not s.wanted]

    def scenario(self, origin: str = "dashboard") -> Scenario:
        """The scenario these settings describe, validated (ScenarioError with every problem)."""
        return with_groups(self.base, self.changes(), self.disabled(), origin)

    def settings(self) -> tuple[dict[str, Any], dict[str, bool], dict[str, str]]:
        """Every given value that differs from the scenario (readable ones), every switch and every choice of the
        scenario a lacking group's values come from: to rebuild elsewhere."""
        values = {}
        for section in self.sections.values():
            for key, value in section.read([]).items():
                if key not in self.base.values or not same(section.controls[key].param, value, self.base.raw(key), self.years):
                    values[key] = value
        return (values, {path: s.switch.value for path, s in self.sections.items() if s.group.optional},
                {path: s.source.value for path, s in self.sections.items() if s.sources})

    def apply(self, values: dict[str, Any], switches: dict[str, bool] | None = None, sources: dict[str, str] | None = None) -> None:
        """Show the scenario's values, switches and source choices with `values`, `switches` and `sources` on top,
        announcing nothing and filling nothing (`values` holds every value shown)."""
        for done, (path, section) in enumerate(self.sections.items(), start=1):
            self._progress(done, len(self.sections))
            section.switch.unobserve(section._switched, "value")
            section.switch.value = (switches or {}).get(path, section.base_on)
            section.switch.observe(section._switched, "value")
            section.source.unobserve(section._chosen, "value")
            section.source.value = (sources or {}).get(path, section.source.options[0][1])
            section.source.observe(section._chosen, "value")
            if section.switch.value or any(self.base.schema.params[k].group == path for k in values):
                section.build()
            for key, control in section.controls.items():
                control.set_value(values.get(key, self.base.raw(key) if key in self.base.values else None))
            section.problems = ""
            section.refresh()

    def show_problems(self, problems, fallback_key: str | None) -> list[str]:
        """Each problem's message beside its parameter (a table cell's beside its table), a group's beside its
        switch, else beside the control just changed; returns the messages that had no place."""
        messages: dict[str, list[str]] = {}
        unplaced = []
        controls = self.controls
        for problem in problems:
            key = problem.key.split("[")[0]
            where = "" if key == problem.key else problem.key[len(key):] + ": "
            if key not in controls and key not in self.sections:
                key, where = fallback_key, f"{problem.key}: " if problem.key else ""
            if key in controls or key in self.sections:
                messages.setdefault(key, []).append(where + problem.message)
                if key in self.sections and fallback_key in self.sections and fallback_key != key:
                    # a group needing another: beside the switch just moved as well
                    messages.setdefault(fallback_key, []).append(f"{key}: {problem.message}")
            else:
                unplaced.append(str(problem))
        for key, control in controls.items():
            control.show_error("; ".join(messages.get(key, [])))
        for path, section in self.sections.items():
            section.problems = "; ".join(messages.get(path, []))
            section.refresh()
        return unplaced


def with_groups(base: Scenario, changes: dict[str, Any], disabled: list[str], origin: str = "dashboard") -> Scenario:
    """`base` without the `disabled` groups and with `changes` (which may switch groups on), validated."""
    schema = base.schema
    unknown = [Problem(origin, k, "unknown key") for k in changes if k not in schema.params]
    if unknown:
        raise ScenarioError(unknown)
    off = set(disabled)
    values = {k: v for k, v in base.values.items() if schema.params[k].group not in off}
    origins = {k: base.origins.get(k, origin) for k in values}
    values.update(changes)
    origins.update({k: origin for k in changes})
    return build(values, origins, base.files, base.title, base.description, {**base.changes, **changes},
                 {k: v for k, v in base.provenance.items() if k not in changes})


def borrowed_flag(scenario: Scenario, key: str, lang: str) -> str:
    """A mark after a control's label when the scenario borrows the value from another place (its source on hover)."""
    place = scenario.borrowed_from(key) if key in scenario.values else ""
    if not place:
        return ""
    return (f"<span class='simtk-borrowed' title=\"{_attr(source_text(scenario.schema.params[key], lang, scenario.own_source(key)))}\" style='color:#a55a00;font-size:11px'>"
            f" ({_html(borrowed_label(place, lang))})</span>")


def _html(text: str) -> str:
    """Escape text for HTML."""
    import html

    return html.escape(text)


def _attr(text: str) -> str:
    """Escape text for an HTML attribute."""
    return _html(text).replace("\n", " ")
