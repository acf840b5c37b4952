"""Statuses granted at thresholds (policy.statuses, rulebook/statuses.py): issue 18 §7, "a reserve list, a treatment
level (e.g. pay at deputy-township level), each with its entry condition, whether it is kept once granted, and what it
pays"."""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.ledger.vocabulary import item_index
from simtoolkit.model import CountyModel
from simtoolkit.rulebook.statuses import granted
from simtoolkit.rules.grades import EXCELLENT, QUALIFIED
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS

QINGXU = SCENARIOS / "qingxu.toml"
TREATMENT = {"name": "副科级待遇", "when": "stars >= 4 and streak >= 2", "kept": True, "yearly_pay": 12000}
RESERVE = {"name": "后备人选", "when": "excellent", "kept": False}


def test_granted_where_the_condition_holds_and_kept_only_when_the_rule_keeps_it():
    # Three heads. Treatment level (bit 0, kept): 4 stars with a streak of 2 → granted; the third held it before and
    # keeps it at 3 stars. Reserve list (bit 1, not kept): only this year's excellent heads; the second held it last
    # year and loses it when qualified.
    columns = {"stars": np.array([4, 4, 3]), "streak": np.array([2, 1, 1]), "grade": np.array([EXCELLENT, QUALIFIED, QUALIFIED])}
    holding = np.array([0, 0b10, 0b01])
    assert granted([TREATMENT, RESERVE], holding, columns).tolist() == [0b11, 0b00, 0b01]


def test_the_model_grants_at_the_rating_and_pays_each_year_held():
    # Qingxu with a status for heads rated at 2 stars or more, paying 1,000 yuan a year, not kept: the year's status
    # pay goes to exactly the heads rated with 2+ stars (as they stand when the year's pay is booked), 1,000 yuan each,
    # from the county.
    status = {"name": "二星以上", "when": "stars >= 2", "kept": False, "yearly_pay": 1000}
    model = CountyModel(load_scenario(QINGXU, {"run.years": 1, "run.burn_in_years": 0, "policy.statuses.list": [status]}))
    heads, booked = model.world.heads, []
    pay = model.ledger.book

    def spy(month, item, payer, township, role, yuan, person=None):
        if item == "status_pay":
            rated = model.slots.rated_now & (heads.stars >= 2)
            booked.append((np.asarray(person).copy(), np.broadcast_to(yuan, np.shape(person)).copy(), payer, heads.id[rated].copy()))
        return pay(month, item, payer, township, role, yuan, person)
    model.ledger.book = spy
    model.run()
    (paid_ids, yuan, payer, expected), = booked
    assert payer == "county" and (yuan == 1000).all() and len(paid_ids) > 10
    assert sorted(paid_ids.tolist()) == sorted(expected.tolist())
    assert model.ledger.yearly[0, item_index("status_pay")].sum() == 1000 * 100 * len(paid_ids)  # in fen


def test_a_kept_status_survives_a_year_when_its_condition_fails():
    # Granted to excellent heads and kept: holders only grow while they stay; not kept: holders change every year.
    kept = {**RESERVE, "kept": True}
    model = CountyModel(load_scenario(QINGXU, {"run.years": 3, "run.burn_in_years": 0, "policy.statuses.list": [kept]}))
    model.run_until(12)
    first = set(model.world.heads.id[model.slots.statuses > 0].tolist())
    model.run_until(24)
    second = set(model.world.heads.id[model.slots.statuses > 0].tolist())
    still_here = first & set(model.world.heads.id.tolist())
    assert first and still_here <= second and len(second) > len(still_here)


def test_heads_work_for_a_status_their_grade_would_grant():
    # A reserve list paying 20,000 yuan a year to this year's excellent heads makes excellence worth more: heads work
    # harder than without it, and harder still when it is kept once granted (paid for every year in post, not one).
    # Over seeds 1–3 the mean effort rises by 0.089–0.095 (not kept) and 0.162–0.175 (kept); the bars are 0.04 and
    # a further 0.03.
    base = load_scenario(QINGXU, {"run.years": 3, "run.burn_in_years": 0})
    efforts = [float(CountyModel(s).run().indicators["mean_effort"][1:].mean()) for s in (
        base, base.with_changes({"policy.statuses.list": [{**RESERVE, "yearly_pay": 20000}]}),
        base.with_changes({"policy.statuses.list": [{**RESERVE, "yearly_pay": 20000, "kept": True}]}))]
    assert efforts[1] > efforts[0] + 0.04 and efforts[2] > efforts[1] + 0.03


# ---- the component alone, on a few heads built here ---------------------------------------------------------------------
# a list of three: a reserve list for this year's excellent heads paying 0.5 yuan (bit 0, not kept), a treatment kept
# once granted for a head who gained stars at the rating, 12,000 a year (bit 1), and an honour for 5 stars paying
# nothing (bit 2)
LIST3 = [{"name": "后备人选", "when": "excellent", "kept": False, "yearly_pay": 0.5, "payer": "county"},
         {"name": "副科级待遇", "when": "stars > previous_stars", "kept": True, "yearly_pay": 12000, "payer": "county"},
         {"name": "五星", "when": "stars >= 5", "kept": False, "yearly_pay": 0, "payer": "county"}]


def statuses_on(monkeypatch, **heads):
    """Statuses over the heads given (ids from 1) in 2023; the conditions' columns are the grade and the stars held
    before the rating that the component passes on (`held`)."""
    from conftest import small_model
    from simtoolkit.rulebook import conditions, statuses

    monkeypatch.setattr(conditions, "at_rating", lambda model, m, held, P: {"grade": model.world.heads.grade, "previous_stars": held})
    n = len(heads["stars"])
    model = small_model(load_scenario(SCENARIOS / "examples" / "rank_and_record.toml", {"policy.statuses.list": LIST3}), 2023,
                        {"id": np.arange(1, n + 1), "township": np.zeros(n, int), "role": np.zeros(n, int), "stars": heads.pop("stars"),
                         "grade": heads.pop("grade")})
    model.slots.__dict__.update({k: np.array(v) for k, v in heads.items()})
    return statuses.Statuses(model), model, model.config.params(2023)


def test_the_rating_grants_to_the_heads_rated_and_the_years_pay_goes_to_each_statuss_holders(monkeypatch):
    # head 1: 1 star after holding none (−1: not rated before, read as 0): gained → treatment (bit 1) = 2
    # head 2: excellent, 3 stars after 0 → reserve and treatment = 3
    # head 3: 3 stars after 3, held the treatment before: kept → 2
    # head 4: not rated this year: keeps the honour he held (4); head 5: excellent, 0 stars after 0 → reserve = 1;
    # head 6: not rated, held nothing → 0
    E, Q = EXCELLENT, QUALIFIED
    component, model, P = statuses_on(monkeypatch, stars=[1, 3, 3, 5, 0, 0], grade=[Q, E, Q, E, E, Q], last_stars=[-1, 0, 3, 5, 0, 0],
                                      rated_now=[True, True, True, False, True, False], statuses=[0, 0, 2, 4, 0, 0])
    component.rating(P, 11)
    assert model.slots.statuses.tolist() == [2, 3, 2, 4, 1, 0] and model.notes == {"status_holders": 5.0}
    # the year's pay: the reserve's 0.5 to heads 2 and 5, the treatment's 12,000 to heads 1–3; the honour pays nothing
    component.year_pay(P, 11)
    assert model.ledger == [(11, "status_pay", "county", {2: 0.5, 5: 0.5}), (11, "status_pay", "county", {1: 12000, 2: 12000, 3: 12000})]


def test_the_effort_choice_prices_the_statuses_each_outcome_would_leave(monkeypatch):
    # one head holding 2 stars and no status; outcomes excellent with 3 stars, qualified with 2; 3 discounted years in
    # post of which 2 after next year, the post kept with chance 0.9 / 0.8. Excellent: the reserve's 0.5 for next year,
    # the treatment (gained a star) 12,000 × (1 + 2 × 0.9) = 33,600: 33,600.5; qualified, no gain: nothing
    from types import SimpleNamespace

    from conftest import Table
    from simtoolkit.rulebook import conditions

    monkeypatch.setattr(conditions, "on_outcomes", lambda model, base, P: {"grade": base.grade[None, :], "previous_stars": np.array([[2]])})
    component, _, P = statuses_on(monkeypatch, stars=[2], grade=[QUALIFIED])
    prospect = SimpleNamespace(heads=Table(stars=[2]), grade=np.array([EXCELLENT, QUALIFIED]), stars=np.array([[3, 2]]),
                               seen=SimpleNamespace(statuses=np.array([0])), post_years=np.array([3.0]), after_years=np.array([2.0]),
                               kept=np.array([[0.9, 0.8]]))
    assert component.effort_money(prospect, P).tolist() == [pytest.approx([33_600.5, 0])]
    # without stars in the outcomes (no star rating priced): nothing, for each head and outcome
    prospect.stars = None
    assert component.effort_money(prospect, P).tolist() == [[0, 0]]
