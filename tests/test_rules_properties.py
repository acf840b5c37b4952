"""Invariants of the Qingxu rules over random parameter settings (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simtoolkit.ledger import item_index
from simtoolkit.model import CountyModel
from simtoolkit.rulebook.performance_pay import PerformancePay
from simtoolkit.scenario import load_scenario


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(maximum=st.integers(2, 6), quota=st.floats(0, 40), added=st.integers(0, 2), scope=st.sampled_from(["county", "township"]),
       negative=st.floats(0, 20), seed=st.integers(0, 10_000))
def test_stars_in_range_quotas_respected_top_up_per_star_held(qingxu, maximum, quota, added, scope, negative, seed):
    scenario = load_scenario(qingxu, {"run.years": 3, "run.seed": seed}).with_changes({
        "policy.stars.maximum": maximum, "policy.grades.excellent_quota": quota, "policy.stars.added_excellent": added,
        "policy.grades.quota_scope": scope, "behaviour.events.negative_rate": negative,
        "policy.stars.removed_punishment": maximum, "policy.recruitment.min_stars": min(maximum, 3),
    })
    model = CountyModel(scenario)
    rated_per_year, excellent_per_year = [], []
    pay = model.rulebook.find(PerformancePay)
    original = pay.year_pay

    def check_after_grading(P, m):
        heads = model.world.heads
        assert ((heads.stars >= 0) & (heads.stars <= maximum)).all()
        rated = heads.grade >= 0
        group = heads.township if scope == "township" else np.zeros(len(heads), int)
        for g in np.unique(group):
            in_group = group == g
            cap = np.floor(rated[in_group].sum() * quota / 100 + 1e-9)
            assert (heads.grade[in_group] == 0).sum() <= cap
        original(P, m)

    pay.year_pay = check_after_grading
    model.run()
    # “每增加一个星级每年补助50元”: each year's pension top-up is 50 yuan for every star held after that year's
    # rating, whatever the maximum, quota or triggers — the ledger's sum equals one over the recorded star counts
    counts = model.result.star_counts  # year × township × role × stars, after each rating
    assert counts.shape[-1] == maximum + 1
    stars_held = (counts * np.arange(maximum + 1)).sum(axis=(1, 2, 3))
    topup = model.ledger.yearly[:, item_index("pension_star_topup")].sum(axis=(1, 2, 3))
    assert topup.tolist() == (stars_held * 50 * 100).tolist()  # fen
