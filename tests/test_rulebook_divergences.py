"""Divergences between copies of one rule that the rulebook removed (issue: one rulebook), each with the test
that would have caught it."""

from __future__ import annotations

import numpy as np

from simtoolkit.ledger import item_index
from simtoolkit.model import CountyModel
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS


def test_retirement_subsidy_paid_beside_full_time_cadres_pay():
    # RULES.md §A.8: the retirement (离任) subsidy is "paid after leaving office"; a county whose heads are
    # full-time cadres (policy.cadre_pay, Qianxinan) and that pays one must book it — the model skipped it,
    # while budget/liabilities.py valued it.
    # Hand-worked: nobody dies (mortality_ratio 0), so in year Y every former head who left before Y, is at
    # least 60 that year and served at least 6 years gets 300 yuan × 12 months.
    scenario = load_scenario(SCENARIOS / "qianxinan.toml", {"run.years": 4}).with_changes({
        "policy.retirement.standard_monthly": 300, "policy.retirement.min_age": 60,
        "policy.retirement.min_years_served": 6, "policy.retirement.duration_years": 0,
        "behaviour.turnover.mortality_ratio": 0})
    model = CountyModel(scenario)
    result = model.run()
    r = model.world.retirees
    for k in range(4):
        year = model.start_year + k
        eligible = (r.exit_year < year) & (year - r.birth_year >= 60) & (r.years_served >= 6)
        booked = result.yearly_fen[k, item_index("retirement_subsidy")].sum() / 100
        assert booked == 300 * 12 * int(eligible.sum())
    assert result.yearly_fen[:, item_index("retirement_subsidy")].sum() > 0  # someone was eligible: the check has teeth


def test_township_pay_topup_paid_beside_full_time_cadres_pay():
    # RULES.md §A.8 political: heads not recruited get their pay topped up to the township post's pay. With
    # full-time cadres' pay in force the model skipped the top-up (an `elif` in the monthly step).
    # Hand-worked: the top-up set at year 1's recruitment (slots not vacated) is paid over year 2, a twelfth a month.
    scenario = load_scenario(SCENARIOS / "qianxinan.toml", {"run.years": 2}).with_changes({
        "policy.recruitment.reference_pay": 200000, "policy.recruitment.leaves_post": False})
    model = CountyModel(scenario)
    model.run_for(12)
    topup = model.slots.township_topup.copy()
    model.run_for(12)
    model.result.finish(model)
    booked = model.result.yearly_fen[1, item_index("township_pay_topup")].sum() / 100
    assert topup.sum() > 0
    assert abs(booked - topup.sum()) <= 0.01 * 12 * np.count_nonzero(topup)  # rounded to the fen each month
