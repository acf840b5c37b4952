"""Synthesised tables are consistent: every head in one village, every household in one grid, counts as asked."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simtoolkit.scenario import load_scenario
from simtoolkit.streams import Streams
from simtoolkit.rules import roles
from simtoolkit.world.synthesis import synthesise

townships = st.lists(
    st.fixed_dictionaries({"villages": st.integers(0, 12), "communities": st.integers(0, 4)}), min_size=1, max_size=5
).filter(lambda rows: sum(r["villages"] + r["communities"] for r in rows) > 0)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=townships, separate_share=st.floats(0, 1), seed=st.integers(0, 2**31), grid_max=st.integers(5, 60))
def test_tables_are_consistent(qingxu, rows, separate_share, seed, grid_max):
    n_villages = sum(r["villages"] for r in rows)
    separate = int(separate_share * n_villages)
    table = [{"name": f"T{i}", **r} for i, r in enumerate(rows)]
    scenario = load_scenario(qingxu).with_changes({
        "population.townships": table, "population.villages_with_separate_director": separate,
        "population.sent_secretaries": min(1, separate), "population.grid_size_max": grid_max,
        "population.households_per_village": 60.0,
    })
    w = synthesise(scenario, Streams(seed, 0))
    v, h = w.villages, w.heads
    # counts as asked
    assert (np.bincount(v.township[~v.community], minlength=len(rows)) == [r["villages"] for r in rows]).all()
    assert (np.bincount(v.township[v.community], minlength=len(rows)) == [r["communities"] for r in rows]).all()
    # one head per organisation, plus a director where the posts are separate
    total = len(v) + separate
    assert len(h) == total
    assert (h.role == roles.code("director")).sum() == separate
    assert ((h.role == roles.code("secretary")) | (h.role == roles.code("sent_secretary"))).sum() == separate
    assert (h.role == roles.code("community_secretary")).sum() == v.community.sum()
    # every head in exactly one existing village, in that village's township
    assert ((h.village >= 0) & (h.village < len(v))).all() and (h.township == v.township[h.village]).all()
    # every household in one grid of its own village; grids not shared between villages; sizes within bounds
    hh = w.households
    assert (np.bincount(hh.village, minlength=len(v)) == v.households).all()
    grid_village = np.full(int(v.grids.sum()), -1)
    grid_village[hh.grid] = hh.village
    assert (grid_village >= 0).all() and (grid_village[hh.grid] == hh.village).all()
    sizes = np.bincount(hh.grid)
    assert sizes.max() <= grid_max
    assert ((sizes.max() - sizes.min()) <= 1) or len(v) > 1
    # ids are unique across heads and members who are not heads
    assert len(np.unique(h.id)) == len(h)


def test_qingxu_population_matches_the_source(qingxu):
    # 000_e0b0dd193435af35.txt: 201名村社“两委”主干(含137名村党组织书记、29名社区党组织书记、35名村主任)
    w = synthesise(load_scenario(qingxu), Streams(1, 0))
    role = w.heads.role
    assert len(w.heads) == 201
    assert (role == roles.code("director")).sum() == 35
    assert (role == roles.code("community_secretary")).sum() == 29
    assert np.isin(role, roles.codes(["secretary_director", "secretary", "sent_secretary"])).sum() == 137
    # grids of 30–50 households (004_8b3082d13f7ae9ea.txt: 以30-50户为一个网格) where the village is large enough
    sizes = np.bincount(w.households.grid)
    assert sizes.max() <= 50
    big = w.villages.households >= 30 * w.villages.grids
    grid_of_big = np.isin(w.households.village, np.flatnonzero(big))
    assert np.bincount(w.households.grid[grid_of_big])[np.unique(w.households.grid[grid_of_big])].min() >= 30
