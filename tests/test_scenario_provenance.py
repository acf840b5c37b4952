"""Provenance per value (issue 19, item 5): a value may carry its own source and say it is borrowed from another place.

The form, as OpenFisca's dated values carry a reference: ``key = {value = 1500, source = "…", borrowed_from = "qingxu"}``,
``key = {borrowed_from = "qingxu"}`` to mark an inherited value, and ``borrowed = {qingxu = ["policy.pay"]}`` for groups.
"""

from __future__ import annotations

import pytest

from simtoolkit.budget.report import assumption_block
from simtoolkit.scenario import ScenarioError, load_scenario
from simtoolkit.ui.controls import Controls, borrowed_flag

from conftest import SCENARIOS

AWARD = "policy.stars.award_per_star"


def overlay(tmp_path, body: str, name: str = "reform.toml"):
    """A scenario extending the shipped Qingxu with `body`."""
    path = tmp_path / name
    path.write_text(f'extends = "{(SCENARIOS / "qingxu.toml").as_posix()}"\n{body}', encoding="utf-8")
    return path


def test_a_value_with_its_source_runs_as_the_plain_value(tmp_path):
    marked = load_scenario(overlay(tmp_path, '[policy.stars]\naward_per_star = { value = 1500, source = "会议纪要", borrowed_from = "yuncheng" }\n'))
    plain = load_scenario(overlay(tmp_path, "[policy.stars]\naward_per_star = 1500\n", "plain.toml"))
    assert marked.raw(AWARD) == 1500 and marked.digest == plain.digest  # same values, same runs
    assert marked.source_of(AWARD) == "会议纪要" and marked.borrowed_from(AWARD) == "yuncheng"
    assert plain.borrowed_from(AWARD) == "" and plain.source_of(AWARD) == plain.schema.params[AWARD].source


def test_a_mark_without_value_marks_the_inherited_one_and_a_later_value_drops_it(tmp_path):
    marked = load_scenario(overlay(tmp_path, '[policy.stars]\naward_per_star = { borrowed_from = "qingxu" }\n'))
    assert marked.raw(AWARD) == 1000 and marked.borrowed_from(AWARD) == "qingxu"
    # the value changed by --set or in Python is no longer the one the mark cites
    assert load_scenario(marked.files[-1], {AWARD: 2000}).borrowed_from(AWARD) == ""
    assert marked.with_changes({AWARD: 2000}).borrowed_from(AWARD) == ""
    assert marked.with_changes({"policy.stars.senior_years": 12}).borrowed_from(AWARD) == "qingxu"
    child = tmp_path / "child.toml"
    child.write_text('extends = "reform.toml"\n[policy.stars]\naward_per_star = 1200\n', encoding="utf-8")
    assert load_scenario(child).borrowed_from(AWARD) == ""


def test_a_borrowed_table_marks_every_value_of_a_group(tmp_path):
    scenario = load_scenario(overlay(tmp_path, 'borrowed = { qingxu = ["policy.pension", "policy.stars.award_per_star"] }\n'))
    assert scenario.borrowed_from("policy.pension.per_star") == "qingxu" and scenario.borrowed_from(AWARD) == "qingxu"
    assert scenario.borrowed_from("policy.stars.maximum") == ""


@pytest.mark.parametrize("body,where,why", [
    ('[policy.stars]\naward_per_star = { value = 1500, sorce = "x" }\n', "policy.stars.award_per_star.sorce", "did you mean 'source'"),
    ('[policy.stars]\naward_per_star = { value = 1500, borrowed_from = 3 }\n', "policy.stars.award_per_star.borrowed_from", "expected text"),
    ('[policy.stars]\naward_per_star = { value = "many", source = "x" }\n', "policy.stars.award_per_star", "expected a number"),
    ('[policy.first_secretary]\nrules_study_points = { source = "x" }\n', "policy.first_secretary.rules_study_points", "does not give"),
    ('borrowed = { qingxu = ["policy.pensoin"] }\n', "borrowed.qingxu", "did you mean 'policy.pension'"),
])
def test_a_bad_mark_names_file_and_dotted_key(tmp_path, body, where, why):
    with pytest.raises(ScenarioError) as exc:
        load_scenario(overlay(tmp_path, body))
    text = "\n".join(str(p) for p in exc.value.problems)
    assert "reform.toml" in text and where in text and why in text, text


def test_the_validate_command_refuses_a_bad_mark_in_one_line(cli, tmp_path):
    path = overlay(tmp_path, '[policy.stars]\naward_per_star = { value = 1500, sorce = "x" }\n')
    code, out, err = cli("validate", path)
    assert code == 2 and "Traceback" not in err
    assert any("reform.toml" in line and "policy.stars.award_per_star.sorce" in line for line in err.splitlines())


@pytest.mark.parametrize("name,keys", [
    ("yuncheng", ["policy.pay.annual_pay_secretary_director", "policy.pay.annual_pay_other", "policy.pension.per_star",
                  "policy.retirement.standard_monthly", "policy.retirement.per_star_monthly", AWARD]),
    ("gaoyang", ["policy.pay.annual_pay_secretary_director", "policy.pension.base_contribution", "policy.retirement.per_star_monthly"]),
    ("jiaozhou", ["policy.pay.annual_pay_other", "policy.performance.excellent", "policy.retirement.standard_monthly"]),
])
def test_shipped_places_mark_what_they_borrow_from_qingxu(name, keys):
    scenario = load_scenario(SCENARIOS / f"{name}.toml")
    assert {k: scenario.borrowed_from(k) for k in keys} == {k: "qingxu" for k in keys}


def test_qingxu_borrows_nothing_and_yuncheng_cites_qingxus_old_pay():
    assert not load_scenario(SCENARIOS / "qingxu.toml").provenance
    yuncheng = load_scenario(SCENARIOS / "yuncheng.toml")
    assert "由6万元/年上调至6.8万元/年" in yuncheng.source_of("policy.pay.annual_pay_secretary_director")
    assert yuncheng.borrowed_from("policy.differentiation.individual_weight") == ""  # Yuncheng's own recommendation


def test_the_assumptions_sheet_and_the_dashboard_show_the_flag():
    yuncheng = load_scenario(SCENARIOS / "yuncheng.toml")
    sheet = assumption_block(yuncheng, "zh").frame.set_index("键")
    assert sheet.loc["policy.pay.annual_pay_other", "借用"] == "借用自清徐县"
    assert "上调至5.8万元" in sheet.loc["policy.pay.annual_pay_other", "来源"]
    assert sheet.loc["policy.differentiation.individual_weight", "借用"] == ""
    english = assumption_block(yuncheng, "en").frame.set_index("Key")
    assert english.loc["policy.pension.per_star", "Borrowed"] == "borrowed from Qingxu"
    label = Controls(yuncheng, "zh", lambda key: None).control("policy.pay.annual_pay_other").label.value
    assert "借用自清徐县" in label and "simtk-borrowed" in label
    assert borrowed_flag(yuncheng, "policy.differentiation.individual_weight", "en") == ""
