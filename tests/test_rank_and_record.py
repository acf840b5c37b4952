"""The illustration of issue 18's blocks (scenarios/examples/rank_and_record.toml): "each example validates, runs,
shows in the dashboard with controls for its own parameters, and appears in the budget report with its own cost
items"."""

from __future__ import annotations

import pandas as pd

from simtoolkit.cli.main import main
from simtoolkit.scenario import load_scenario
from simtoolkit.ui.controls import Controls

from conftest import SCENARIOS

EXAMPLE = SCENARIOS / "examples" / "rank_and_record.toml"
GROUPS = ("policy.forced_distribution", "policy.rating_cycle", "policy.star_formula", "policy.situations", "policy.statuses",
          "policy.grade_pay")


def test_the_example_runs_and_books_its_own_item(tmp_path):
    assert main(["validate", str(EXAMPLE)]) == 0
    assert main(["run", str(EXAMPLE), "--reps", "2", "--years", "4", "--out", str(tmp_path / "out")]) == 0
    costs = pd.read_csv(tmp_path / "out" / "costs.csv", encoding="utf-8-sig")
    assert costs.loc[costs["item"] == "status_pay", "yuan"].sum() > 0  # 副科级待遇, 12,000 yuan a year to each holder
    assert (costs.loc[costs["item"] == "status_pay", "yuan"] % 12000 == 0).all()
    assert costs.loc[costs["item"] == "grade_pay", "yuan"].sum() > 0


def test_the_dashboard_shows_a_control_for_each_of_its_parameters_and_gives_the_scenario_back():
    scenario = load_scenario(EXAMPLE)
    controls = Controls(scenario, "zh", lambda key: None, sources=None)
    for group in GROUPS:
        section = controls.sections[group]
        assert section.switch.value or not section.group.optional
        given = {p.key for p in section.group.params if p.key in scenario.values}
        assert given <= set(section.controls), group
    assert controls.scenario().digest == scenario.digest


def test_the_budget_report_lists_its_own_items():
    # 副科级待遇 (status_pay) and pay by grade (grade_pay) each a row of the report's items, from the first year on for
    # pay by grade (paid with each year's rating), not at all in the baseline
    from simtoolkit.budget.report import build_report

    report = build_report(load_scenario(EXAMPLE), load_scenario(SCENARIOS / "qingxu.toml"), 1, 7, 4)
    by_item = report.projection.by_item
    assert by_item.loc[by_item["item"] == "grade_pay", "mean"].gt(0).all() and (by_item["item"] == "grade_pay").sum() == 4
    assert (by_item["item"] == "status_pay").any()
