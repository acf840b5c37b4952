"""新增减星情形, CONTRIBUTING.md's worked example of a star-removal trigger with its own chance
(rulebook/removal_situation.py, scenario/parameters/removal_situation.toml; no shipped place has it)."""

from __future__ import annotations

import numpy as np

from simtoolkit.model import CountyModel
from simtoolkit.rulebook.removal_situation import chance
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS

EXAMPLE = SCENARIOS / "examples" / "removal_situation.toml"


def test_chance_is_the_rate_at_the_initial_effort_and_falls_with_effort():
    # Hand-worked: 5 % at the initial effort 0.6; protection 4 per unit of effort on the log-odds:
    # at effort 0.85, logit = ln(0.05/0.95) − 4 × 0.25 = −2.944 − 1 = −3.944 → 1 / (1 + e^3.944) = 0.0190.
    P = load_scenario(EXAMPLE).params(2023)
    assert abs(chance([0.6], P)[0] - 0.05) < 1e-12
    assert abs(chance([0.85], P)[0] - 0.0190) < 1e-4


def test_a_certain_situation_removes_a_star_and_blocks_every_gain():
    # "where it happens the rating removes its stars and no star is gained that year": with a certain situation
    # (100 %, no protection) removing 1 star, a first rating gives at most 2 − 1 = 1 star (excellent) and no rated
    # head ever gains a star after that.
    scenario = load_scenario(EXAMPLE, {"run.years": 4}).with_changes({
        "policy.removal_situation.yearly_rate": 100, "policy.removal_situation.effort_protection": 0})
    model = CountyModel(scenario, record_persons=True)
    model.run()
    h = model.history
    assert h.stars.max() <= scenario.value("policy.stars.initial_stars_excellent") - 1
    same_person = h.person[1:] == h.person[:-1]
    assert not np.any((h.stars[1:] > h.stars[:-1]) & same_person)
    assert model.result.indicators["removal_situations"].sum() > 0


def test_the_risk_raises_effort_where_effort_lowers_it():
    # Effort lowers the situation's chance and the situation costs stars: heads work harder than without it.
    scenario = load_scenario(EXAMPLE, {"run.years": 3})
    efforts = []
    for rate in (0, 30):
        model = CountyModel(scenario.with_changes({"policy.removal_situation.yearly_rate": rate,
                                                   "policy.removal_situation.stars_removed": 2}))
        efforts.append(float(model.run().indicators["mean_effort"][1:].mean()))
    assert efforts[1] > efforts[0]


def test_the_years_situations_are_drawn_from_their_stream_for_heads_in_post_and_remove_their_stars():
    # one draw per head from the stream removal_situation: it happens below the chance (5 % at the initial effort) to a
    # head in post this year (a month is enough): head 1 drew 0.01 (happens), head 2 0.01 with 1 month (happens), head
    # 3 0.01 with no month (no), head 4 a draw exactly at the chance (no: below it only), head 5 0.5 (no); removing 2
    # stars each where it happened
    from conftest import FixedDraws, small_model
    from simtoolkit.rulebook.removal_situation import RemovalSituation

    scenario = load_scenario(EXAMPLE, {"policy.removal_situation.stars_removed": 2})
    P = scenario.params(2023)
    at = chance([0.6], P)[0]
    model = small_model(scenario, 2023, {"effort": np.full(5, 0.6), "months_scored": [12, 1, 0, 12, 12]},
                        draws=FixedDraws([0.01, 0.01, 0.01, at, 0.5]))
    situation = RemovalSituation(model)
    situation.events(P, 11)
    assert model.streams_used == [("removal_situation", 2023)] and model.notes == {"removal_situations": 2.0}
    assert model.slots.situation.tolist() == [True, True, False, False, False]
    assert situation.star_removal(P).tolist() == [2, 2, 0, 0, 0]
