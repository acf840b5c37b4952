"""Data collection does not grow with agents × steps unless person-level history is asked for (record_persons)."""

from __future__ import annotations

import numpy as np

from simtoolkit.model import CountyModel
from simtoolkit.scenario import load_scenario


def collected_bytes(model: CountyModel) -> int:
    """Bytes held by what the model collects: the result's arrays and the ledger's accumulators and person rows."""
    r, ledger = model.result, model.ledger
    arrays = [r.star_counts, r.role_present, ledger.monthly, ledger.yearly, *r.indicators.values()]
    persons = sum(p.nbytes + f.nbytes for _, _, _, p, f in ledger.persons)
    history = sum(a.nbytes for a in vars(model.history).values()) if model.history is not None else 0
    return sum(a.nbytes for a in arrays) + persons + history


def run(qingxu, households: float, members: float, years: int, record_persons: bool = False) -> CountyModel:
    """Qingxu with the given sizes, run for `years`."""
    scenario = load_scenario(qingxu).with_changes({
        "population.households_per_village": households, "population.households_per_community": households,
        "population.members_per_village": members, "population.members_per_community": members})
    model = CountyModel(scenario, replication=0, years=years, record_persons=record_persons)
    model.run()
    return model


def test_collection_does_not_grow_with_agents(qingxu):
    """Four times the households and twice the members: exactly the same bytes collected."""
    small, large = run(qingxu, 40.0, 10.0, 2), run(qingxu, 160.0, 20.0, 2)
    assert len(large.world.households) > 3 * len(small.world.households)
    assert collected_bytes(small) == collected_bytes(large)
    assert small.ledger.persons == [] and small.history is None


def test_collection_grows_with_years_only_by_the_yearly_tables(qingxu):
    """Two years more add the same fixed tables per year (stars, ledger year and months), not rows per agent."""
    two, four = run(qingxu, 40.0, 10.0, 2), run(qingxu, 40.0, 10.0, 4)
    r, ledger = two.result, two.ledger
    per_year = (r.star_counts.nbytes + ledger.yearly.nbytes + ledger.monthly.nbytes) // 2 + 8 * len(r.indicators)
    assert collected_bytes(four) - collected_bytes(two) == 2 * per_year + 8 * 4 * (len(four.result.indicators) - len(r.indicators))


def test_person_history_is_kept_when_asked(qingxu):
    """record_persons=True keeps person rows in the ledger and each head slot's yearly history, growing with agents."""
    model = run(qingxu, 40.0, 10.0, 2, record_persons=True)
    assert len(model.ledger.persons) > 0
    assert model.history is not None and model.history.stars.shape == (2, len(model.world.heads))
    assert collected_bytes(model) > collected_bytes(run(qingxu, 40.0, 10.0, 2)) + np.int64(0).nbytes * len(model.world.heads)
