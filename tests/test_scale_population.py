"""Generated townships for a province or the country: exact totals, sizes spread, a clear error when counts are missing."""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.scenario import load_scenario
from simtoolkit.scenario.errors import ScenarioError
from simtoolkit.streams import Streams
from simtoolkit.rules import roles
from simtoolkit.world.synthesis import synthesise

GENERATED = {
    "population.generated_townships": 7, "population.generated_villages": 40, "population.generated_communities": 9,
    "population.township_size_shape": 4.0, "population.households_per_village": 30.0, "population.households_per_community": 30.0,
    "population.villages_with_separate_director": 10, "population.sent_secretaries": 2,
}


def test_generated_townships_take_the_published_totals(qingxu):
    """7 townships sharing 40 villages and 9 communities: the totals are exact, every township named, sizes differ."""
    scenario = load_scenario(qingxu).with_changes(GENERATED)  # the inherited Qingxu table is replaced
    w = synthesise(scenario, Streams(3, 0))
    v = w.villages
    assert len(w.townships) == 7
    assert (~v.community).sum() == 40 and v.community.sum() == 9
    assert len(w.heads) == 49 + 10  # one per organisation, plus the separate directors
    assert (w.heads.role == roles.code("director")).sum() == 10
    per_township = np.bincount(v.township, minlength=7)
    assert per_township.sum() == 49 and per_township.max() > per_township.min()
    # within each township the villages come before the communities (the order the table form uses)
    for t in range(7):
        assert not np.any(np.diff(v.community[v.township == t].astype(int)) < 0)
    assert w.township_names()[0] == "乡镇1"


def test_generated_townships_are_reproducible(qingxu):
    """The same seed gives the same townships; another replication may deal them differently."""
    scenario = load_scenario(qingxu).with_changes(GENERATED)
    a, b = synthesise(scenario, Streams(3, 0)), synthesise(scenario, Streams(3, 0))
    assert (a.villages.township == b.villages.township).all()


def test_missing_counts_are_named(qingxu):
    """generated_townships without the totals: a ScenarioError naming each missing key, when the scenario is validated."""
    with pytest.raises(ScenarioError) as exc:
        load_scenario(qingxu).with_changes({"population.generated_townships": 5})
    text = str(exc.value)
    for key in ("population.generated_villages", "population.generated_communities", "population.township_size_shape"):
        assert key in text


def test_shipped_province_and_country_scenarios_load():
    """shanxi.toml and china.toml validate, generate their townships and say how households are held."""
    root = __import__("pathlib").Path(__file__).resolve().parents[1] / "scenarios"
    shanxi, china = load_scenario(root / "shanxi.toml"), load_scenario(root / "china.toml")
    assert shanxi.value("population.generated_villages") == 20000 and shanxi.value("population.generated_communities") == 2300
    assert china.value("population.generated_villages") == 490000 and china.value("population.generated_communities") == 120000
    assert shanxi.value("population.household_representation") == "rows"
    assert china.value("population.household_representation") == "grids"
    # heads: one per organisation plus separate directors, about 1.2 per organisation (DESIGN.md §4)
    heads = 20000 + 2300 + shanxi.value("population.villages_with_separate_director")
    assert heads == 27000
    assert 490000 + 120000 + china.value("population.villages_with_separate_director") == 730000
