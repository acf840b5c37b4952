"""Every example of issue 18 (scenarios/examples/): "each example validates, runs, shows in the dashboard with controls
for its own parameters, and appears in the budget report with its own cost items"."""

from __future__ import annotations

import pytest

from simtoolkit.scenario import load_scenario
from simtoolkit.ui.controls import Controls

from conftest import SCENARIOS

EXAMPLES = sorted((SCENARIOS / "examples").glob("*.toml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_dashboard_has_a_control_for_each_value_the_example_sets_and_gives_it_back(path):
    scenario = load_scenario(path)
    controls = Controls(scenario, "zh", lambda key: None, sources=None)
    for key in scenario.values:
        group = scenario.schema.params[key].group
        if group == "run":
            continue
        assert key in controls.sections[group].controls, key
    assert controls.scenario().digest == scenario.digest
