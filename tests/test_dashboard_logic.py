"""The dashboard's widget logic in Python: controls give the Python API's numbers, bad values show their message,
settings save as a reform that `simtoolkit run` accepts, the inspector reads one replication's agents."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys

import ipywidgets as widgets
import numpy as np
import pytest

from simtoolkit.cli import dashboard as dashboard_cli
from simtoolkit.cli.main import main as cli
from simtoolkit.experiments.replicate import replicate
from simtoolkit.report.tables import band, stars_table
from simtoolkit.scenario import ScenarioError, load_scenario
from simtoolkit.ui import Dashboard
from simtoolkit.ui.catalogue import SCENARIO_DIR, county_scenarios
from simtoolkit.ui.controls import Controls, css_name, same
from simtoolkit.ui.ensemble import run_ensemble
from simtoolkit.ui.inspector import inspect_run, village_table

QINGXU = SCENARIO_DIR / "qingxu.toml"
AWARD = "policy.stars.award_per_star"
REPS, YEARS = 3, 2


@pytest.fixture(scope="module")
def shared_dashboard():
    """A small dashboard on Qingxu, serial, computing right after a change (built once: building takes seconds)."""
    d = Dashboard(QINGXU, reps=REPS, years=YEARS, workers=1, debounce=0.01, scenarios={})
    yield d
    d.close()


@pytest.fixture()
def dashboard(shared_dashboard):
    """The shared dashboard in Chinese with every parameter at the scenario's value."""
    shared_dashboard.language.value = "zh"
    shared_dashboard.reps.value = REPS
    shared_dashboard.reset_all()
    shared_dashboard.wait()
    return shared_dashboard


def total_yuan(results) -> float:
    """Mean over replications of everything paid, straight from each Result."""
    return sum(r.total_yuan() for r in results) / len(results)


def data_value(page: str, element: str) -> float:
    """The exact value a headline element carries in its data-value attribute."""
    match = re.search(rf"id='{element}'.*?data-value='([^']*)'", page)
    return float(match.group(1))


def test_moving_the_star_award_gives_the_api_numbers(dashboard):
    base = load_scenario(QINGXU)
    seed = base.value("run.seed")
    slider = dashboard.controls.controls[AWARD].editor
    slider.value = slider.value + 5 * slider.step  # as a user dragging the slider five steps
    dashboard.wait()
    reform = replicate(base.with_changes({AWARD: slider.value}), REPS, seed, YEARS)
    baseline = replicate(base, REPS, seed, YEARS)
    shown = dashboard.summary.headlines
    assert shown["total_cost"].mean == pytest.approx(total_yuan(reform), abs=0.005)
    assert shown["incremental_cost"].mean == pytest.approx(total_yuan(reform) - total_yuan(baseline), abs=0.005)
    assert shown["incremental_cost"].mean > 0  # a higher award per star costs more while anyone holds a star
    assert data_value(dashboard.headlines.value, "simtk-total-cost") == pytest.approx(total_yuan(reform), abs=0.005)
    expected_stars = band(stars_table(reform), ["year", "stars"], "count")
    assert np.allclose(dashboard.summary.stars["mean"], expected_stars["mean"])
    assert "simtk-final" in dashboard.headlines.value


def test_thresholds_out_of_order_show_the_message_beside_the_control(dashboard):
    before = dashboard.summary
    dashboard.controls.controls["policy.grades.threshold_basic"].editor.value = 99  # above "qualified"
    dashboard.wait()
    errors = {k: c.error.value for k, c in dashboard.controls.controls.items() if c.error.value}
    assert errors, "the validation message is shown"
    assert any("out of order" in text for text in errors.values())
    assert set(errors) <= {"policy.grades.threshold_basic", "policy.grades.threshold_excellent"}
    assert "Traceback" not in dashboard.status.value
    assert dashboard.summary is before  # nothing recomputed for an invalid combination
    dashboard.reset_all()
    dashboard.wait()
    assert not any(c.error.value for c in dashboard.controls.controls.values())


def test_an_unparsable_number_list_shows_its_message(dashboard):
    control = dashboard.controls.controls["policy.assessment.vote_points"]
    control.editor.value = "100, eighty, 60, 0"
    assert "numbers" in control.error.value


def test_save_as_reform_round_trips_through_load_and_run(dashboard, tmp_path):
    pay = "policy.pay.annual_pay_other"
    dashboard.controls.controls[AWARD].editor.value = 1800
    years = dashboard.controls.controls[pay]
    years.by_year.value = True
    years.yearly[2025].value = 61000  # one year's editor changes that year only
    dashboard.wait()
    target = tmp_path / "my_reform.toml"
    assert dashboard.save_as(target) == target
    text = target.read_text(encoding="utf-8")
    assert f'extends = "{os.path.relpath(QINGXU.resolve(), tmp_path.resolve())}"' in text
    assert set(re.findall(r"^(\w+) = ", text, re.M)) == {"title", "extends", "award_per_star", "annual_pay_other"}
    saved = load_scenario(target)
    assert saved.files[-2].resolve() == QINGXU.resolve()
    for year in range(2023, 2033):
        assert saved.value(AWARD, year) == 1800
        assert saved.value(pay, year) == (61000 if year == 2025 else 58000)
    assert cli(["run", str(target), "--reps", "1", "--years", "1"]) == 0


TRAINING = {"policy.training.cost_per_cadre": 800, "policy.training.trained_before_start": False,
            "policy.training.payer": "county"}


def test_switching_a_group_off_greys_it_and_runs_without_it(dashboard):
    dashboard.switch("policy.review", False)  # as a user unticking the switch in the section header
    dashboard.wait()
    section = dashboard.controls.sections["policy.review"]
    assert all(c.editor.disabled for c in section.controls.values())
    assert not dashboard.scenario.has("policy.review") and dashboard.controls.disabled() == ["policy.review"]
    base = load_scenario(QINGXU)
    without = [r.total_yuan() for r in replicate(dashboard.scenario, REPS, base.value("run.seed"), YEARS)]
    assert dashboard.summary.headlines["total_cost"].mean == pytest.approx(sum(without) / REPS, abs=0.005)


def test_a_group_the_scenario_lacks_stays_off_until_its_values_are_given(dashboard):
    dashboard.switch("policy.training", True)
    section = dashboard.controls.sections["policy.training"]
    section.source.value = ""  # "empty": no shipped scenario's values, every box to be typed
    dashboard.wait()
    # the schema gives no defaults: every required value is named, and the scenario runs without the group
    assert set(section.needed) == set(TRAINING)
    assert section.controls["policy.training.payer"].param.zh in section.message.value
    assert not dashboard.scenario.has("policy.training")
    dashboard.set_values(TRAINING)
    dashboard.wait()
    assert section.needed == [] and dashboard.scenario.has("policy.training")
    assert dashboard.controls.changes() == TRAINING
    assert dashboard.summary.headlines["incremental_cost"].mean > 0  # training costs money


FIRST_SECRETARY = ("policy.first_secretary", "behaviour.first_secretary")


def test_switching_on_a_group_the_scenario_lacks_fills_it_from_a_shipped_scenario(dashboard, tmp_path):
    jiaozhou = load_scenario(SCENARIO_DIR / "jiaozhou.toml")  # the county scenario with first secretaries
    for group in FIRST_SECRETARY:
        dashboard.switch(group, True)  # as a user ticking each switch: 59 rules and 12 behaviour values, none typed
    dashboard.wait()
    keys = [p.key for g in FIRST_SECRETARY for p in jiaozhou.schema.groups[g].params]
    for group in FIRST_SECRETARY:
        section = dashboard.controls.sections[group]
        assert section.source.value == "jiaozhou.toml" and section.source.layout.display == ""
        assert section.needed == [] and section.message.value == ""
    assert len(keys) == 71 and dashboard.controls.changes() == {k: jiaozhou.raw(k) for k in keys}
    number = next(c for k, c in dashboard.controls.controls.items() if k in keys and c.param.kind == "number")
    assert type(number.editor).__name__ == "FloatSlider"  # filled values get the kind's editor, not a text box
    # the Python API with the same settings gives the page's numbers, and so does the saved reform
    base = load_scenario(QINGXU)
    expected = base.with_changes({k: jiaozhou.raw(k) for k in keys})
    results = replicate(expected, REPS, base.value("run.seed"), YEARS)
    shown = dashboard.summary.headlines
    assert shown["total_cost"].mean == pytest.approx(total_yuan(results), abs=0.005)
    assert shown["incremental_cost"].mean == pytest.approx(total_yuan(results) - total_yuan(replicate(base, REPS, base.value("run.seed"), YEARS)), abs=0.005)
    target = tmp_path / "first_secretary.toml"
    assert dashboard.save_as(target) == target
    assert load_scenario(target).digest == expected.digest  # the reform file holds exactly the filled values
    assert cli(["run", str(target), "--reps", "1", "--years", "1", "--out", str(tmp_path / "out")]) == 0


def test_choosing_another_source_scenario_refills_the_group():
    recruitment = "policy.recruitment"  # Qingxu before the reform has none; Qianxinan and Qingxu differ in it
    changed = []
    controls = Controls(load_scenario(SCENARIO_DIR / "qingxu_before.toml"), "en", changed.append)
    section = controls.sections[recruitment]
    assert list(section.sources)[:2] == ["qianxinan.toml", "qingxu.toml"] and section.source.layout.display == "none"
    section.switch.value = True
    keys = [p.key for p in section.group.params]
    shown = {}
    for name in ("qianxinan.toml", "qingxu.toml"):
        section.source.value = name
        source, shown[name] = load_scenario(SCENARIO_DIR / name), controls.changes()
        assert set(shown[name]) == set(keys)  # dated values as the by-year editors hold them: the simulated years'
        assert all(same(controls.controls[k].param, shown[name][k], source.raw(k), controls.years) for k in keys), name
    assert shown["qingxu.toml"] != shown["qianxinan.toml"]
    # the language switch rebuilds the controls from settings(): the values, the switch and the choice stay
    rebuilt = Controls(controls.base, "zh", changed.append)
    rebuilt.apply(*controls.settings())
    assert rebuilt.changes() == controls.changes() and rebuilt.sections[recruitment].source.value == "qingxu.toml"
    assert controls.scenario().has(recruitment) and changed == [recruitment] * 2  # switched on, then refilled
    section.source.value = ""  # "empty": every box cleared, the group waits for its values
    assert controls.changes() == {} and set(section.needed) == set(keys)


def test_a_group_needing_another_shows_the_message_beside_its_switch(dashboard):
    before = dashboard.summary
    dashboard.switch("policy.attendance", True)
    dashboard.set_values({"policy.attendance.required_days": 20, "policy.attendance.duty_days": 2,
                          "policy.attendance.base_deduction_per_day": 50, "policy.attendance.score_deduction_per_day": 1})
    dashboard.wait()
    message = dashboard.controls.sections["policy.attendance"].message.value
    assert "needs [behaviour.attendance]" in message
    assert dashboard.summary is before and "Traceback" not in dashboard.status.value


def test_switching_off_a_group_another_needs_shows_the_message_beside_both_switches():
    controls = Controls(load_scenario(SCENARIO_DIR / "yuncheng.toml"), "en", lambda key: None)  # base stars from points
    controls.sections["policy.stars"].switch.value = False
    with pytest.raises(ScenarioError) as failed:
        controls.scenario()
    controls.show_problems(failed.value.problems, "policy.stars")
    for group in ("policy.star_points", "policy.stars"):
        assert "needs [policy.stars]" in controls.sections[group].message.value


def test_a_value_typed_into_an_empty_box_swaps_it_for_the_slider():
    changed = []
    controls = Controls(load_scenario(QINGXU), "en", changed.append, sources=None)  # no values offered: empty boxes
    controls.sections["policy.training"].switch.value = True
    cost = controls.control("policy.training.cost_per_cadre")
    assert isinstance(cost.editor, widgets.Text)
    cost.editor.value = "800 yuan"  # not a number: the box stays, the message shows
    with pytest.raises(ScenarioError):
        controls.scenario()
    assert isinstance(cost.editor, widgets.Text)
    cost.editor.value = str(cost.param.max * 10)  # out of the slider's range: the box stays, validation says why
    assert isinstance(cost.editor, widgets.Text)
    cost.editor.value = "800"
    slider = cost.editor
    assert isinstance(slider, widgets.FloatSlider) and slider.value == 800 and cost.value() == 800
    assert (slider.min, slider.max) == (cost.param.typical_min, cost.param.typical_max) and not slider.disabled  # the typical range
    assert css_name(cost.param.key) in slider._dom_classes  # the browser test and page styles find it as before
    assert changed[-1] == cost.param.key
    slider.value = 900  # the slider is the editor now
    assert controls.settings()[0]["policy.training.cost_per_cadre"] == 900 and changed[-1] == cost.param.key
    payer = controls.control("policy.training.payer")
    payer.editor.value = "county"  # the "—" drop-down becomes the choice's own
    assert "—" not in [label for label, _ in payer.editor.options] and payer.value() == "county"
    controls.sections["policy.differentiation"].switch.value = True
    cuts = controls.control("policy.differentiation.category_cuts")
    box = cuts.editor
    box.value = "1, 2"  # a list of numbers: its own editor is a text box too, so the very box stays (and its focus)
    assert cuts.editor is box and not cuts.blank and cuts.value() == [1, 2]
    controls.sections["policy.training"].switch.value = False
    assert slider.disabled  # greyed with its group
    controls.apply({})  # Reset: the group off, its boxes empty again
    assert isinstance(cost.editor, widgets.Text) and cost.value() is None


def test_a_table_is_edited_cell_by_cell_and_validated(dashboard):
    bands = dashboard.controls.controls["population.tenure_bands"]
    assert bands.value() == load_scenario(QINGXU).raw("population.tenure_bands")
    bands.rows[1]["share"].value = -5  # a share below the column's minimum
    dashboard.wait()
    assert "[1].share: must be at least 0" in bands.error.value
    bands.rows[1]["share"].value = 35
    bands.add_row()  # a copy of the last row
    bands.remove_row(len(bands.rows) - 1)
    dashboard.wait()
    assert bands.error.value == ""
    assert dashboard.controls.changes()["population.tenure_bands"][1]["share"] == 35


def test_a_saved_reform_with_switches_and_tables_reproduces_the_headline(dashboard, tmp_path):
    dashboard.switch("policy.review", False)
    dashboard.switch("policy.training", True)
    dashboard.set_values(TRAINING)
    dashboard.controls.controls["population.member_shares"].rows[0]["share"].value = 25
    dashboard.wait()
    target = tmp_path / "switched.toml"
    assert dashboard.save_as(target) == target
    text = target.read_text(encoding="utf-8")
    assert 'disable = ["policy.review"]' in text and "[policy.training]" in text and "member_shares = [" in text
    saved = load_scenario(target)  # the Python API reads the file `simtoolkit run` reads
    assert not saved.has("policy.review") and saved.has("policy.training")
    assert saved.raw("population.member_shares")[0] == {"category": "B", "share": 25}
    results = replicate(saved, REPS, saved.value("run.seed"), YEARS)
    assert dashboard.summary.headlines["total_cost"].mean == pytest.approx(total_yuan(results), abs=0.005)
    assert cli(["run", str(target), "--reps", "1", "--years", "1", "--out", str(tmp_path / "out")]) == 0


def test_reset_restores_values_and_switches(dashboard):
    dashboard.switch("policy.review", False)
    dashboard.controls.controls["population.tenure_bands"].rows[0]["share"].value = 3
    dashboard.reset_all()
    dashboard.wait()
    assert dashboard.controls.changes() == {} and dashboard.controls.disabled() == []
    assert dashboard.scenario.digest == load_scenario(QINGXU).digest


def test_language_switch_keeps_the_settings(dashboard):
    dashboard.controls.controls[AWARD].editor.value = 1300
    dashboard.switch("policy.review", False)
    dashboard.language.value = "en"
    dashboard.wait()
    assert dashboard.controls.changes() == {AWARD: 1300} and dashboard.controls.disabled() == ["policy.review"]
    assert dashboard.controls.controls[AWARD].param.en in dashboard.controls.controls[AWARD].label.value
    assert "Total cost" in dashboard.headlines.value


def test_language_switch_shows_its_progress_step_by_step(dashboard):
    # the 3-5 s rebuild shows a bar and a step count: building every section, then filling the kept settings,
    # each step one more than the last, up to the whole; the status speaks the new language at once
    dashboard.controls.controls[AWARD].editor.value = 1300
    steps = []
    watch = lambda change: steps.append((change["new"], dashboard.progress.max, dashboard.progress.layout.visibility,  # noqa: E731
                                         dashboard.status.value))
    dashboard.progress.observe(watch, "value")
    try:
        dashboard.language.value = "en"
    finally:
        dashboard.progress.unobserve(watch, "value")
    rebuild = [s for s in steps if s[1] == 2 * len(dashboard.controls.sections)]
    assert [s[0] for s in rebuild] == list(range(1, 2 * len(dashboard.controls.sections) + 1))
    assert all(visible == "visible" and f"rebuilding the controls… {n}/{total}" in status for n, total, visible, status in rebuild)
    dashboard.wait()
    assert dashboard.controls.changes() == {AWARD: 1300}


def test_the_baseline_is_computed_once_and_more_replications_run_only_the_new_ones(dashboard):
    dashboard.controls.controls[AWARD].editor.value = 1234
    dashboard.wait()
    assert dashboard.timings["ran"] == REPS  # the changed setting only: the unchanged baseline is kept
    dashboard.reps.value = REPS + 1
    dashboard.wait()
    assert dashboard.timings["ran"] == 2  # replication REPS of the change and of the baseline
    dashboard.reset_all()
    dashboard.wait()
    assert dashboard.timings["ran"] == 0  # the baseline's REPS + 1 replications are all kept


def test_workers_import_the_model_but_not_the_widgets():
    # a worker unpickles its task from simtoolkit.ui.ensemble: importing ipywidgets there cost 1.5 s per new worker
    code = "import sys, simtoolkit.ui.ensemble; print('ipywidgets' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_the_process_pool_gives_the_serial_results():
    scenario = load_scenario(QINGXU)
    parallel = run_ensemble(scenario, 2, 5, 1, workers=2)
    serial = run_ensemble(scenario, 2, 5, 1, workers=1)
    for a, b in zip(parallel, serial):
        assert np.array_equal(a.cost_by_item_payer(), b.cost_by_item_payer()) and np.array_equal(a.star_counts, b.star_counts)


def test_inspector_village_satisfaction_is_its_households_mean():
    scenario = load_scenario(QINGXU)
    run = inspect_run(scenario, seed=1, years=2)
    households = run.model.world.households
    village = int(households.village[0])
    table = village_table(run, village, "en")
    # last row: the mean over this village's households at the end of the run
    expected = households.satisfaction[households.village == village].mean()
    assert table["mean satisfaction"].iloc[-1] == pytest.approx(expected, abs=5e-4)


def test_dashboard_command_listens_on_loopback_and_culls_idle_kernels():
    command = dashboard_cli.voila_command(8866, open_browser=False)
    assert "--Voila.ip=127.0.0.1" in command and not any("0.0.0.0" in part for part in command)
    assert any(part.startswith("--MappingKernelManager.cull_idle_timeout=") for part in command)
    assert dashboard_cli.NOTEBOOK.is_file()


def test_dashboard_command_on_a_busy_port_exits_2(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert cli(["dashboard", "--port", str(port), "--no-browser"]) == 2
    assert f"127.0.0.1:{port} is already in use" in capsys.readouterr().err


def test_every_offered_scenario_shows_its_own_values_unchanged():
    # a control whose range or kind could not hold a scenario's value would clamp it: a change nobody made
    offered = county_scenarios()
    assert {"qingxu.toml", "qingxu_before.toml"} <= {p.name for p in offered.values()}
    for path in offered.values():
        assert Controls(load_scenario(path), "zh", lambda key: None).changes() == {}, path.name
