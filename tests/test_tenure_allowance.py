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
