"""任职年限补贴, CONTRIBUTING.md's worked example of a new rule: a yearly allowance per whole year in post
(rulebook/tenure_allowance.py, scenario/parameters/tenure_allowance.toml; no shipped place has it)."""

from __future__ import annotations

import numpy as np

from simtoolkit.ledger import item_index
from simtoolkit.model import CountyModel
from simtoolkit.rulebook.tenure_allowance import allowance
from simtoolkit.rules import eligibility, roles
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS

EXAMPLE = SCENARIOS / "examples" / "tenure_allowance.toml"


def test_allowance_is_per_whole_year_in_post():
    # Hand-worked at 100 yuan a year per whole year: 9.99 years → 900; 10 years → 1,000; 0.5 → 0; not entitled → 0.
    years = np.array([9.99, 10.0, 0.5, 12.0])
    assert allowance(years, np.array([True, True, True, False]), 100.0).tolist() == [900.0, 1000.0, 0.0, 0.0]


def test_first_year_books_each_secretary_in_post_by_whole_years():
    # The allowance is booked with December's pay: the first year's total is Σ over the secretaries of
    # 100 yuan × their whole years in post by then (months in post at December over 12, rounded down).
    model = CountyModel(load_scenario(EXAMPLE, {"run.years": 1}))
    heads = model.world.heads
    months = eligibility.months_in_post(heads.start_month, 11)
    entitled = roles.among(heads.role, ["secretary_director", "secretary", "community_secretary"])
    expected = (100 * np.floor(months / 12 + 1e-9) * entitled).sum()
    result = model.run()
    booked = result.yearly_fen[0, item_index("tenure_allowance")].sum() / 100
    assert booked == expected > 0


def test_the_allowance_raises_effort_of_heads_who_could_lose_their_post():
    # Keeping the post keeps the allowance: where a low grade twice or a punishment dismisses, effort rises with it.
    scenario = load_scenario(EXAMPLE, {"run.years": 3})
    efforts = []
    for amount in (0, 3000):
        model = CountyModel(scenario.with_changes({"policy.tenure_allowance.per_year_served": amount}))
        efforts.append(float(model.run().indicators["mean_effort"][1:].mean()))
    assert efforts[1] > efforts[0]


def test_the_component_books_each_secretary_in_post_by_his_id_and_prices_the_years_to_come():
    # December 2023 (month 11), 100 yuan per whole year in post: head 1 from month −109, 121 months: 10 years → 1,000;
    # head 2 from month 0, one month scored: 1 year → 100; head 3 scored no month this year: nothing
    from types import SimpleNamespace

    from conftest import small_model
    from simtoolkit.rulebook.tenure_allowance import TenureAllowance

    secretary = roles.code("secretary_director")
    model = small_model(load_scenario(EXAMPLE), 2023, {"id": [1, 2, 3], "township": [0, 0, 0], "role": [secretary] * 3,
                                                        "start_month": [-109, 0, -109], "months_scored": [12, 1, 0]})
    component, P = TenureAllowance(model), model.config.params(2023)
    component.year_pay(P, 11)
    assert model.ledger == [(11, "tenure_allowance", "county", {1: 1_000, 2: 100, 3: 0})]
    # the effort choice: 10.5 years in post next year → 1,000, weighed as next year's share of 3.5 discounted years in
    # post (1.5), and for the 2 after it only while the post is kept (0.9 / 0.8 in two outcomes): 1,500 + 2,000 × kept
    prospect = SimpleNamespace(heads=SimpleNamespace(role=np.array([secretary])), years_in_post=np.array([10.5]), post_years=np.array([3.5]),
                               after_years=np.array([2.0]), kept=np.array([[0.9, 0.8]]))
    assert component.effort_money(prospect, P)[0].tolist() == [3_300, 3_100]
