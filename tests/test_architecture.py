"""The rulebook's meta-tests (in the spirit of Tax-Calculator's test_calcfunctions.py): the folders form layers with
no import cycle; every schema parameter is read; every booked item and every reported indicator is declared by a rule
component in force (or by the calendar itself)."""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from simtoolkit.ledger import items
from simtoolkit.model import CountyModel
from simtoolkit.rulebook.catalogue import CATALOGUE
from simtoolkit.scenario import load_scenario
from simtoolkit.scenario.params import Params
from simtoolkit.scenario.scenario import Scenario
from simtoolkit.scenario.schema import load_schema

from conftest import ROOT, SCENARIOS

COUNTIES = ("qingxu", "qingxu_before", "qingxu_increment", "yuncheng", "qianxinan", "gaoyang", "gaoyang_douwa", "jiaozhou",
            *(f"examples/{p.stem}" for p in sorted((SCENARIOS / "examples").glob("*.toml"))))
# Indicators the calendar itself notes (CountyModel, Result.record_year), beside the components' declarations.
CORE_INDICATORS = ("mean_effort", "mean_score", "mean_quantitative", "mean_satisfaction", "excellent", "grade_*",
                   "mean_stars_category_*", "heads_leaving", "retirees", "successors_from_reserve")
# Parameters read outside a county's replication, and where: checked to be named there (a name built by class,
# project_class{k}_bonus, is looked for as written).
READ_ELSEWHERE = {
    "run.replications": "simtoolkit/cli/options.py",
    "run.burn_in_years": "simtoolkit/model.py",
    "policy.budget.band_level": "simtoolkit/budget/report.py",
    "policy.budget.discount_rate": "simtoolkit/budget/liabilities.py",
    "population.generated_townships": "simtoolkit/world/synthesis.py",  # a province or the country (shanxi, china)
    "population.generated_villages": "simtoolkit/world/synthesis.py",
    "population.generated_communities": "simtoolkit/world/synthesis.py",
    "population.township_size_shape": "simtoolkit/world/synthesis.py",
    "population.household_representation": "simtoolkit/world/synthesis.py",
    "policy.pay.indexation_rate": "simtoolkit/rules/pay.py",  # read with Params.get where a scenario indexes pay
    "policy.thousand_point.full_marks": "simtoolkit/scenario/parameters/thousand_point.toml",  # the thresholds' bound
    **{f"policy.first_secretary.project_class{k}_bonus": "simtoolkit/rules/first_secretary.py" for k in range(1, 5)},
    "policy.cadre_exit.payer": "simtoolkit/rulebook/exit_subsidy.py",  # booked only once someone is owed it
}


def test_folders_form_layers_without_cycles():
    # The contract in pyproject.toml ([tool.importlinter]): import-linter's layers check, no hand-written checker.
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is a test dependency (pyproject [dev])"
    done = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.fixture(scope="module")
def replications():
    """Two years of each county-sized shipped scenario, with every parameter read, item booked and indicator noted."""
    read, booked, noted, models = set(), {}, {}, {}
    getattribute, value, params, get = Params.__getattribute__, Scenario.value, Scenario.params, Params.get
    building = []

    def spy_get(self, dotted, default=None):  # an optional parameter, read when present
        path = getattribute(self, "_path")
        read.add(f"{path}.{dotted}" if path else dotted)
        return get(self, dotted, default)

    def spy_attribute(self, name):
        found = getattribute(self, name)
        if not name.startswith("_"):
            path = getattribute(self, "_path")
            read.add(f"{path}.{name}" if path else name)
        return found

    def spy_value(self, key, year=None):
        if not building:  # Scenario.params resolves every value once: that is no reading
            read.add(key)
        return value(self, key, year)

    def spy_params(self, year):
        building.append(True)
        try:
            return params(self, year)
        finally:
            building.pop()

    Params.__getattribute__, Scenario.value, Scenario.params, Params.get = spy_attribute, spy_value, spy_params, spy_get
    try:
        for name in COUNTIES:
            model = CountyModel(load_scenario(SCENARIOS / f"{name}.toml", {"run.years": 2}))
            result = model.run()
            booked[name] = {result.item_codes[i] for i in np.flatnonzero(result.yearly_fen.sum(axis=(0, 2, 3, 4)))}
            noted[name] = set(result.indicators)
            models[name] = model
    finally:
        Params.__getattribute__, Scenario.value, Scenario.params, Params.get = getattribute, value, params, get
    return read, booked, noted, models


def test_every_schema_parameter_is_read(replications):
    read = replications[0]
    unread = sorted(set(load_schema().params) - read - set(READ_ELSEWHERE))
    assert not unread, f"parameters nothing reads (wire them in or delete them): {unread}"
    for key, module in READ_ELSEWHERE.items():
        leaf = key.rsplit(".", 1)[1]
        text = (ROOT / module).read_text(encoding="utf-8")
        assert leaf in text or re.sub(r"\d", "{k}", leaf) in text, (key, module)


def test_every_booked_item_is_declared_by_a_component_in_force(replications):
    _, booked, _, models = replications
    for name, model in models.items():
        # a block may book under an item the scenario declares itself (policy.own_items) instead of its own
        declared = {item for c in model.rulebook.components for item in c.items} | set(model.ledger.own_items)
        assert booked[name] <= declared, (name, sorted(booked[name] - declared))


def test_every_indicator_is_declared(replications):
    _, _, noted, models = replications
    for name, model in models.items():
        patterns = CORE_INDICATORS + tuple(i for c in model.rulebook.components for i in c.indicators)
        undeclared = sorted(i for i in noted[name] if not any(fnmatch.fnmatch(i, p) for p in patterns))
        assert not undeclared, (name, undeclared)


def test_declarations_name_known_items_and_groups():
    codes = {i.code for i in items()}
    groups = {k.rsplit(".", 1)[0] for k in load_schema().params}
    for component in CATALOGUE:
        assert set(component.items) <= codes, component.__name__
        assert set(component.groups()) <= groups, (component.__name__, set(component.groups()) - groups)


def test_rules_page_lists_the_components_as_declared():
    from simtoolkit.rulebook import docs

    text = docs.PAGE.read_text(encoding="utf-8")
    assert text == docs.page(text), "docs/rules.md is stale: run `.venv/bin/python -m simtoolkit.rulebook.docs`"
    for component in CATALOGUE:
        assert f"`{component.__name__}`" in text
