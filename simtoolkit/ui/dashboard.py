"""The policy dashboard: parameter controls, live ensemble figures and headline numbers, an agent inspector.

A change is validated at once (problems shown beside the control); a valid setting is recomputed
after a short debounce on a background thread, its replications spread over a process pool, while
the page stays responsive and shows progress. Finished replications are kept per setting
(`simtoolkit.ui.ensemble.Runs`), so the unchanged scenario's ensemble (the paired baseline, same
seeds) is computed once, and going back to a recent setting or asking for more replications only
runs what is missing.
"""

from __future__ import annotations

import html
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import ipywidgets as widgets

from simtoolkit.errors import InputError
from simtoolkit.experiments.record import Record
from simtoolkit.scenario import Scenario, ScenarioError, load_scenario
from simtoolkit.ui import figures
from simtoolkit.ui.catalogue import SCENARIO_DIR, county_scenarios
from simtoolkit.ui.controls import Controls, with_groups
from simtoolkit.ui.ensemble import Runs, Superseded, Want
from simtoolkit.ui.inspector import Inspector
from simtoolkit.ui.reform import ExistingReform, default_reforms_folder, reform_target, save_reform
from simtoolkit.ui.summary import HEADLINES, Headline, Summary, summarise
from simtoolkit.ui.words import word

DEFAULT_YEARS = 5  # horizon shown live by default: 10 years of dozens of replications take too long to feel live
PREVIEW_REPS = 6  # replications shown first while the rest run
LANGUAGES = (("中文", "zh"), ("English", "en"))


class Dashboard:
    """Controls from parameter metadata, figures and headlines that follow them, reset, save, inspector."""

    def __init__(self, scenario: Scenario | str | Path = SCENARIO_DIR / "qingxu.toml", lang: str = "zh",
                 reps: int | None = None, years: int | None = None, seed: int | None = None, level: float = 0.9,
                 workers: int | None = None, debounce: float = 0.15, scenarios: dict[str, Path] | None = None,
                 reforms: str | Path | None = None):
        """Build the widgets for `scenario` (a Scenario or a file) and start the first computation.

        `reforms`: the folder "save as reform" writes into (default `ui.reform.default_reforms_folder()`).
        """
        self.lang, self.level, self.debounce = lang, level, debounce
        self.reforms = Path(reforms).expanduser() if reforms is not None else default_reforms_folder()
        self._replace_armed: Path | None = None  # a save over an existing file waits for a second click
        self._reps, self._years, self._seed = reps, years, seed
        self._runs = Runs(workers)
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dashboard")
        # the last finished update: seconds from the change to the preview and to all replications, drawing
        # seconds, the CPU seconds of the replications run and how many (see benchmarks/dashboard_latency.py)
        self.timings: dict = {}
        self._lock = threading.Lock()
        self._generation = 0
        self._timer: threading.Timer | None = None
        self._job: Future | None = None
        self.summary: Summary | None = None
        self.scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        self.base = self.scenario
        self._choices = dict(scenarios) if scenarios is not None else county_scenarios()
        self._build()
        self._load(self.base)
        # the first results are part of the page Voilà sends: updates sent before the page connects would be lost
        self.wait()

    # ---- widgets ------------------------------------------------------------------------
    def _build(self) -> None:
        """Create the fixed widgets (controls are built per scenario in `_load`)."""
        self.title = widgets.HTML()
        options = list(self._choices.items())
        current = self.base.files[-1].resolve() if self.base.files else None
        if current is not None and current not in [p.resolve() for _, p in options]:
            options.insert(0, (self.base.name, current))
        self.chooser = widgets.Dropdown(options=options, value=next((p for _, p in options if p.resolve() == current), None),
                                        layout=widgets.Layout(width="420px"))
        self.chooser.add_class("simtk-scenario")
        self.language = widgets.ToggleButtons(options=LANGUAGES, value=self.lang, style={"button_width": "70px"})
        self.language.add_class("simtk-language")
        self.reps = widgets.BoundedIntText(min=1, max=500, layout=widgets.Layout(width="150px"))
        self.years = widgets.BoundedIntText(min=1, max=50, layout=widgets.Layout(width="150px"))
        self.reset = widgets.Button()
        self.reset.add_class("simtk-reset")
        self.save_path = widgets.Text(layout=widgets.Layout(width="360px"))
        self.save = widgets.Button()
        self.save.add_class("simtk-save")
        self.save_note = widgets.HTML()
        self.save_note.add_class("simtk-save-note")
        self.progress = widgets.IntProgress(min=0, max=1, layout=widgets.Layout(width="200px", visibility="hidden"))
        self.progress.add_class("simtk-progress")
        self.status = widgets.HTML()
        self.status.add_class("simtk-status")
        self.headlines = widgets.HTML()
        self.headlines.add_class("simtk-headlines")
        self.images = {name: widgets.HTML(layout=widgets.Layout(max_width="100%")) for name in ("stars", "costs", "difference")}
        for name, image in self.images.items():
            image.add_class(f"simtk-figure-{name}")
        self.inspector = Inspector(self.lang)
        self.controls_box = widgets.VBox(layout=widgets.Layout(width="46%", min_width="480px"))
        results = widgets.VBox([widgets.HBox([self.progress, self.status]), self.headlines,
                                widgets.GridBox(list(self.images.values()),
                                                layout=widgets.Layout(grid_template_columns="repeat(auto-fit, minmax(470px, 1fr))"))])
        self.tabs = widgets.Tab(children=[results, self.inspector.widget])
        self.tabs.layout.width = "54%"
        self.bar_labels = [widgets.Label() for _ in range(4)]
        bar = widgets.HBox([self.bar_labels[0], self.chooser, self.language, self.bar_labels[1], self.reps,
                            self.bar_labels[2], self.years, self.reset], layout=widgets.Layout(flex_flow="row wrap"))
        save = widgets.HBox([self.bar_labels[3], self.save_path, self.save, self.save_note])
        self.guide = widgets.HTML()
        self.guide.add_class("simtk-guide")
        self.widget = widgets.VBox([self.title, self.guide, bar, save, widgets.HBox([self.controls_box, self.tabs])])
        self.widget.add_class("simtk-dashboard")
        self.chooser.observe(self._choose, "value")
        self.language.observe(self._switch_language, "value")
        self.reps.observe(lambda _: self._changed(None), "value")
        self.years.observe(lambda _: self._changed(None), "value")
        self.reset.on_click(lambda _: self.reset_all())
        self.save.on_click(lambda _: self.save_as())
        self.inspector.on_run(lambda: (self.scenario, self._settings()))

    def _label(self) -> None:
        """Put every fixed text in the current language."""
        lang = self.lang
        self.title.value = f"<h2 style='margin:4px 0'>{word('title', lang)}</h2>"
        steps = "".join(f"<li>{html.escape(word(f'guide_{n}', lang))}</li>" for n in range(1, 5))
        self.guide.value = (f"<details open style='margin:0 0 6px'><summary>{html.escape(word('guide', lang))}</summary>"
                            f"<ol style='margin:4px 0'>{steps}</ol></details>")
        for widget, key in zip(self.bar_labels, ("scenario", "reps", "years", "save_path")):
            widget.value = word(key, lang)
        self.reset.description = word("reset", lang)
        self.save.description = word("save", lang)
        self.tabs.titles = (word("tab_results", lang), word("tab_inspector", lang))
        self.inspector.set_language(lang)

    def _load(self, scenario: Scenario, changes: dict | None = None, switches: dict | None = None,
              sources: dict | None = None) -> None:
        """Show a scenario: its controls (with changed values and group switches), its default run settings, and compute."""
        self.base = self.scenario = scenario
        self._muted = True
        self.reps.value = self._reps or scenario.value("run.replications")
        self.years.value = self._years or min(DEFAULT_YEARS, scenario.value("run.years"))
        self._muted = False
        self._phases = (0, 2 if changes or switches else 1)  # (phase, phases): building, then filling the settings kept
        self.controls = Controls(scenario, self.lang, self._changed, progress=self._rebuilding)
        if changes or switches:
            self._phases = (1, 2)
            self.controls.apply(changes or {}, switches, sources)
        self.controls_box.children = [self.controls.widget]
        self.save_path.value = f"{scenario.name}_reform.toml" if scenario.files else "reform.toml"
        self._label()
        self._changed(None)

    # ---- reacting to the user -----------------------------------------------------------
    def _choose(self, change) -> None:
        """Another scenario file: rebuild everything from it."""
        try:
            scenario = load_scenario(change["new"])
        except ScenarioError as exc:
            self.status.value = _error("; ".join(str(p) for p in exc.problems))
            return
        self._load(scenario)

    def _switch_language(self, change) -> None:
        """Rebuild the labels in the other language, keeping every setting."""
        self.lang = change["new"]
        self._load(self.base, *self.controls.settings())

    def _rebuilding(self, done: int, total: int) -> None:
        """The bar and a step count while the controls are built (3–5 s on a language switch): each step reaches
        the page at once, as widget updates are sent while the kernel works."""
        phase, phases = self._phases
        done, total = phase * total + done, phases * total
        self.progress.layout.visibility = "visible"
        self.status.value = html.escape(word("switching", self.lang, done=done, total=total))
        self.progress.max, self.progress.value = total, done

    def _changed(self, key: str | None) -> None:
        """Validate the new settings at once; schedule the recomputation when valid."""
        if getattr(self, "_muted", False):
            return
        self._changed_at = time.perf_counter()
        with self._lock:
            self._generation += 1
            generation = self._generation
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        try:
            self.scenario = self.controls.scenario()
        except ScenarioError as exc:
            unplaced = self.controls.show_problems(exc.problems, key)
            self.status.value = _error("; ".join([word("invalid", self.lang), *unplaced]))
            self.progress.layout.visibility = "hidden"
            return
        self.controls.show_problems([], None)
        with self._lock:
            self._timer = threading.Timer(self.debounce, self._submit, args=(generation,))
            self._timer.daemon = True
            self._timer.start()

    def _submit(self, generation: int) -> None:
        """Hand the computation to the worker thread (one at a time, stale ones skipped)."""
        with self._lock:
            if generation == self._generation:
                self._job = self._worker.submit(self._compute, generation, self.scenario, self._settings(), self._changed_at)

    def _settings(self) -> tuple[int, int, int]:
        """Replications, seed and years in force."""
        return self.reps.value, self._seed if self._seed is not None else self.base.value("run.seed"), self.years.value

    # ---- computing ----------------------------------------------------------------------
    def _compute(self, generation: int, scenario: Scenario, settings: tuple[int, int, int], changed_at: float) -> None:
        """Run what is missing of the current and baseline ensembles; show the first replications, then all."""
        reps, seed, years = settings
        current, baseline = Want(scenario, reps, seed, years), Want(self.base, reps, seed, years)
        preview = PREVIEW_REPS if reps > PREVIEW_REPS else reps  # no preview when all come at once
        timing = {"preview": None, "figures": 0.0, "model_cpu": 0.0, "ran": 0, "workers": self._runs.workers}

        def on_done(done: int, total: int) -> None:
            if generation != self._generation:
                raise Superseded()
            self.progress.max, self.progress.value = total, done
            self.progress.layout.visibility = "visible"
            self.status.value = word("computing", self.lang, done=done, total=total)
            if timing["preview"] is None and preview < reps:
                first = [self._runs.ready(Want(w.scenario, preview, seed, years)) for w in (current, baseline)]
                if None not in first:
                    timing["figures"] += self._show(generation, summarise(*first, self.level), preview=True)
                    timing["preview"] = time.perf_counter() - changed_at

        try:
            self._runs.collect([(current, range(preview)), (baseline, range(preview)),
                                (current, range(preview, reps)), (baseline, range(preview, reps))], on_done)
            timing.update(model_cpu=self._runs.model_seconds, ran=self._runs.ran)
            summary = summarise(self._runs.ready(current), self._runs.ready(baseline), self.level)
            timing["figures"] += self._show(generation, summary)
            timing["final"] = time.perf_counter() - changed_at
            with self._lock:
                if generation == self._generation:
                    self.timings = timing
                    self.status.value = word("ready", self.lang, reps=reps, years=years, seconds=timing["final"])
        except Superseded:
            return
        except Exception as exc:  # shown on the page: a dashboard never shows a traceback
            if generation == self._generation:
                self.progress.layout.visibility = "hidden"
                self.status.value = _error(word("failed", self.lang, reason=f"{type(exc).__name__}: {exc}"))

    def _show(self, generation: int, summary: Summary, preview: bool = False) -> float:
        """Draw figures and headlines of a summary, unless a newer setting has arrived; the seconds drawing took."""
        started = time.perf_counter()
        pictures = {"stars": figures.stars_figure(summary, self.lang, self.level),
                    "costs": figures.costs_figure(summary, self.lang),
                    "difference": figures.difference_figure(summary, self.lang, self.level)}
        drawn = time.perf_counter() - started
        with self._lock:
            if generation != self._generation:
                raise Superseded()
            for name, picture in pictures.items():
                self.images[name].value = picture
            self.headlines.value = headlines_html(summary, self.lang, self.level, preview)
            if not preview:
                self.summary = summary
                self.progress.layout.visibility = "hidden"
        return drawn

    def ensemble(self, scenario: Scenario, reps: int, seed: int, years: int) -> list[Record]:
        """The replications of a setting, kept or run (for scripts: the same records the page shows)."""
        want = Want(scenario, reps, seed, years)
        self._runs.collect([(want, range(reps))])
        return self._runs.ready(want)

    def wait(self, timeout: float = 120) -> None:
        """Block until the latest change has been computed and shown (for scripts and tests)."""
        deadline = time.monotonic() + timeout
        while True:
            timer, job = self._timer, self._job
            if timer is not None:
                timer.join(max(0.0, deadline - time.monotonic()))
            if self._job is not None:
                self._job.result(max(0.0, deadline - time.monotonic()))
            if timer is self._timer and job is self._job:
                return
            if time.monotonic() > deadline:
                raise TimeoutError("the dashboard did not finish computing in time")

    # ---- actions ------------------------------------------------------------------------
    def reset_all(self) -> None:
        """Every parameter back to the scenario's value."""
        self.controls.apply({})
        self._changed(None)

    def switch(self, group: str, on: bool) -> None:
        """Switch an optional group on or off as its switch does (and recompute)."""
        self.controls.sections[group].switch.value = on

    def save_as(self, path: str | Path | None = None, replace: bool = False) -> Path | None:
        """Write the changed keys as a reform extending the scenario file; the note says where or why not.

        Without `path`, the name typed in the page is saved in the reforms folder (a plain file name only);
        a `path` given in Python chooses its own folder. An existing file is replaced only with `replace`,
        or when the same name is saved twice in a row from the page (the note asks first).
        """
        try:
            if not self.base.files:
                raise InputError(["this scenario was not read from a file, so a reform cannot extend it"])
            target = Path(path).expanduser() if path is not None else reform_target(self.reforms, self.save_path.value)
            if path is None:
                target.parent.mkdir(parents=True, exist_ok=True)
            confirmed = replace or (path is None and self._replace_armed == target)
            self._replace_armed = None
            changes, disabled = self.controls.changes(), self.controls.disabled()
            with_groups(self.base, changes, disabled)  # never write an invalid reform
            title = f"{self.base.title or self.base.name} · reform"
            written = save_reform(self.base.files[-1], target, changes, title, disabled, (SCENARIO_DIR,), confirmed)
        except ExistingReform as exc:
            self._replace_armed = target if path is None else None
            self.save_note.value = _error(word("save_exists", self.lang, path=target) if path is None else "; ".join(exc.lines))
            return None
        except (InputError, ScenarioError, OSError) as exc:
            lines = exc.lines if isinstance(exc, InputError) else [str(p) for p in getattr(exc, "problems", [])] or [str(exc)]
            self.save_note.value = _error(word("save_failed", self.lang, reason="; ".join(lines)))
            return None
        note = word("saved", self.lang, path=written) + ("" if changes or disabled else f" ({word('nothing_changed', self.lang)})")
        self.save_note.value = html.escape(note)
        return written

    def set_values(self, changes: dict) -> None:
        """Set parameters as a user would (as written: percent as percent) and recompute."""
        for key, value in changes.items():
            self.controls.control(key).set_value(value)
        self._changed(next(iter(changes), None))

    def close(self) -> None:
        """Stop the worker thread and the process pool."""
        if self._timer is not None:
            self._timer.cancel()
        self._worker.shutdown(wait=False, cancel_futures=True)
        self._runs.close()

    def _repr_mimebundle_(self, **kwargs):
        """Display as the widget tree in Jupyter and Voilà."""
        return self.widget._repr_mimebundle_(**kwargs)


def format_headline(key: str, value: float, lang: str) -> str:
    """A headline value as shown: costs in 万元 (one decimal), per-star cost in yuan, shares in percent."""
    if value != value:  # nan: not defined in this scenario
        return "—"
    if key == "two_stars_share":
        return f"{value * 100:.1f}%"
    if key == "cost_per_star":
        return f"{value:,.0f} {word('yuan', lang)}"
    return f"{value / figures.WAN:,.1f} {word('wan_yuan', lang)}"


def headlines_html(summary: Summary, lang: str, level: float, preview: bool = False) -> str:
    """The headline numbers, each in an element with a stable id and its exact value in data-value.

    While a preview is shown the container says so (data-reps, class simtk-preview) so a reader can wait for the full ensemble.
    """
    cells = []
    for key in HEADLINES:
        h: Headline = summary.headlines[key]
        band = f"{word('band', lang, level=round(level * 100))} [{format_headline(key, h.low, lang)}, {format_headline(key, h.high, lang)}]"
        exact = "" if h.mean != h.mean else f"{h.mean:.2f}" if key != "two_stars_share" else f"{h.mean:.6f}"
        cells.append(f"<div class='simtk-headline' id='simtk-{key.replace('_', '-')}' style='display:inline-block;margin:4px 12px 4px 0;"
                     f"padding:6px 10px;border:1px solid #ddd;border-radius:6px;min-width:150px'>"
                     f"<div style='font-size:12px;color:#555'>{html.escape(word(key, lang))}</div>"
                     f"<div class='simtk-value' data-value='{exact}' style='font-size:20px;font-weight:600'>"
                     f"{html.escape(format_headline(key, h.mean, lang))}</div>"
                     f"<div class='simtk-band' style='font-size:11px;color:#777'>{html.escape(band)}</div></div>")
    state = "simtk-preview" if preview else "simtk-final"
    return f"<div class='{state}' data-reps='{summary.reps}' style='opacity:{0.6 if preview else 1}'>" + "".join(cells) + "</div>"


def _error(text: str) -> str:
    """Red text for the page."""
    return f"<span style='color:#b00020'>{html.escape(text)}</span>"


def from_environment() -> Dashboard:
    """A dashboard configured by SIMTOOLKIT_DASHBOARD_{SCENARIO,LANG,REPS,YEARS,WORKERS} (for the Voilà app)."""
    import os

    env = {k: os.environ.get(f"SIMTOOLKIT_DASHBOARD_{k.upper()}") for k in ("scenario", "lang", "reps", "years", "workers")}
    options = {k: int(v) for k, v in env.items() if v and k in ("reps", "years", "workers")}
    if env["lang"]:
        options["lang"] = env["lang"]
    if env["scenario"]:
        options["scenario"] = Path(env["scenario"])
    return Dashboard(**options)
