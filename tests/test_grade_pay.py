"""Pay by annual grade with multipliers, deductions and a floor (policy.grade_pay): issue 18 §5, "amounts … by grade
or class …, with multipliers under conditions; … penalties as deductions (never below a stated floor)"."""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.cli.main import main
from simtoolkit.model import CountyModel
from simtoolkit.rules import roles
from simtoolkit.rules.grade_pay import amount
from simtoolkit.rules.grades import BASIC, EXCELLENT, NONE, QUALIFIED, UNQUALIFIED
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS

QINGXU = SCENARIOS / "qingxu.toml"
QIANXINAN = SCENARIOS / "qianxinan.toml"
TABLE = [{"grade": "excellent", "amount": 6000}, {"grade": "qualified", "amount": 3000},
         {"grade": "basically_qualified", "amount": 1000}, {"grade": "unqualified", "amount": 0}]
SECRETARIES = ["secretary_director", "secretary", "community_secretary"]


class Rule(dict):
    """A policy.grade_pay group as the rule reads it (attribute access for the table, `get` for the optional parts)."""

    __getattr__ = dict.__getitem__


def test_amounts_by_grade_multiplied_then_deducted_never_below_the_floor():
    # 优秀 6,000, 合格 3,000, 基本合格 1,000, 不合格 0; ×1.2 at 90 % satisfaction or more; −2,000 on a drop against
    # last year; at least 500. Heads: excellent at 95 % → 7,200; qualified at 95 % after a drop → 3,600 − 2,000 =
    # 1,600; basically qualified after a drop → 1,000 − 2,000 → the floor 500; unqualified → the floor 500; no grade → 0.
    G = Rule(table=TABLE, multipliers=[{"when": "satisfaction >= 0.9", "factor": 1.2}],
             deductions=[{"when": "grade_fell", "amount": 2000}], floor=500)
    columns = {"grade": np.array([EXCELLENT, QUALIFIED, BASIC, UNQUALIFIED, NONE]),
               "satisfaction": np.array([0.95, 0.95, 0.5, 0.5, 0.99]),
               "grade_fell": np.array([False, True, True, False, False])}
    assert amount(G, columns).tolist() == pytest.approx([7200, 1600, 500, 500, 0])


def test_without_multipliers_deductions_or_floor_the_table_alone():
    G = Rule(table=TABLE)
    assert amount(G, {"grade": np.array([[EXCELLENT, BASIC, UNQUALIFIED]])}).tolist() == [[6000, 1000, 0]]


def test_the_model_books_each_graded_secretarys_amount_with_the_rating(monkeypatch):
    # Qingxu with the table and a 1.5 multiplier for excellent heads in post 10 years or more: each secretary graded
    # this year is booked the table's amount, × 1.5 where the condition holds; nobody else is booked anything.
    changes = {"run.years": 1, "run.burn_in_years": 0, "policy.grade_pay.table": TABLE, "policy.grade_pay.roles": SECRETARIES,
               "policy.grade_pay.payer": "township",
               "policy.grade_pay.multipliers": [{"when": "excellent and years_in_post >= 10", "factor": 1.5}]}
    model = CountyModel(load_scenario(QINGXU, changes))
    heads, booked = model.world.heads, []
    book = model.ledger.book

    def spy(month, item, payer, township, role, yuan, person=None):
        if item == "grade_pay":
            years = (month + 1 - heads.start_month) / 12.0  # December counted as served
            base = np.select([heads.grade == EXCELLENT, heads.grade == QUALIFIED, heads.grade == BASIC], [6000.0, 3000.0, 1000.0], 0.0)
            base = np.where((heads.grade == EXCELLENT) & (years >= 10), base * 1.5, base)
            booked.append((payer, np.asarray(yuan).copy(), base, heads.role.copy(), heads.grade.copy()))
        return book(month, item, payer, township, role, yuan, person)
    model.ledger.book = spy
    model.run()
    (payer, yuan, by_hand, role, grade), = booked
    paid = roles.among(role, SECRETARIES)
    assert payer == "township" and (grade[paid] >= 0).sum() > 100
    assert np.allclose(yuan[paid], by_hand[paid]) and (yuan[~paid] == 0).all()
    assert (yuan == 9000).any()  # the multiplier acted for some excellent head of long service


def test_heads_work_for_a_better_grades_pay_and_to_avoid_a_deduction():
    # Qianxinan has no star rating: pay by grade is what a better grade brings. A steeper table raises effort; a
    # deduction on a drop against last year raises it further (it makes a worse grade cost more to heads graded well).
    # Over seeds 1–3 the rises are 0.0099–0.0107 and 0.0029–0.0039; the bars are about half the smallest.
    base = load_scenario(QIANXINAN, {"run.years": 3, "run.burn_in_years": 0, "policy.grade_pay.roles": SECRETARIES,
                                     "policy.grade_pay.payer": "county",
                                     "policy.grade_pay.table": [{**row, "amount": 0} for row in TABLE]})
    steep = base.with_changes({"policy.grade_pay.table": TABLE})
    deducted = steep.with_changes({"policy.grade_pay.deductions": [{"when": "grade_fell", "amount": 3000}]})
    efforts = [float(CountyModel(s).run().indicators["mean_effort"][1:].mean()) for s in (base, steep, deducted)]
    assert efforts[1] > efforts[0] + 0.005 and efforts[2] > efforts[1] + 0.0015


def test_a_table_missing_a_grade_is_one_line_per_missing_level(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(f'extends = {str(QINGXU)!r}\n[policy.grade_pay]\nroles = ["secretary"]\npayer = "county"\n'
                   'table = [ { grade = "excellent", amount = 1 }, { grade = "qualified", amount = 1 }, '
                   '{ grade = "basically_qualified", amount = 1 } ]\n', encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"error: {bad}: policy.grade_pay.table.grade: 'unqualified' appears 0 times: every level needs exactly one row"]


# ---- the component alone, on a few heads built here ---------------------------------------------------------------------
# rank_and_record's table (优秀6000元、合格3000元、基本合格1000元、不合格不发) with a multiplier of 2 for a head who gained stars at
# the rating ("stars > previous_stars"), the conditions' columns the grade and the stars held before the rating
def grade_pay_on(monkeypatch, **heads):
    """GradePay over the heads given (ids from 1) in 2023."""
    from conftest import small_model
    from simtoolkit.rulebook import conditions
    from simtoolkit.rulebook.grade_pay import GradePay

    monkeypatch.setattr(conditions, "at_rating", lambda model, m, held, P: {"grade": model.world.heads.grade, "previous_stars": held})
    monkeypatch.setattr(conditions, "on_outcomes", lambda model, base, P: {"grade": base.grade[None, :], "previous_stars": base.heads.stars[:, None]})
    changes = {"policy.grade_pay.multipliers": [{"when": "stars > previous_stars", "factor": 2}], "policy.grade_pay.deductions": []}
    n = len(heads["stars"])
    model = small_model(load_scenario(SCENARIOS / "examples" / "rank_and_record.toml", changes), 2023,
                        {"id": np.arange(1, n + 1), "township": np.zeros(n, int), **{k: np.asarray(v) for k, v in heads.items() if k != "last_stars"}})
    model.slots.last_stars = np.asarray(heads.get("last_stars", np.zeros(n)))
    return GradePay(model), model, model.config.params(2023)


def test_the_rating_books_each_listed_heads_amount_by_his_id(monkeypatch):
    # head 1, a secretary rated excellent, 1 star after none (−1: never rated, read as 0): gained, 6,000 × 2; head 2,
    # qualified, 2 stars after 2: 3,000; head 3 a director (not listed): nothing — booked in December, head by head
    secretary, director = roles.code("secretary_director"), roles.code("director")
    component, model, P = grade_pay_on(monkeypatch, stars=[1, 2, 1], grade=[EXCELLENT, QUALIFIED, EXCELLENT], role=[secretary, secretary, director],
                                       last_stars=[-1, 2, -1])
    component.rating(P, 11)
    assert model.ledger == [(11, "grade_pay", "county", {1: 12_000, 2: 3_000, 3: 0})]


def test_the_effort_choice_prices_next_years_amount_in_each_outcome(monkeypatch):
    # a secretary holding 2 stars, 3.5 discounted years in post of which 2 after next year: next year weighs 1.5.
    # Outcome excellent with 3 stars (gained): 6,000 × 2 × 1.5 = 18,000; qualified with 2: 3,000 × 1.5 = 4,500. Where the
    # outcomes carry no stars (no star rating priced) he keeps his 2: excellent 6,000 × 1.5 = 9,000. A director: nothing
    from types import SimpleNamespace

    secretary, director = roles.code("secretary_director"), roles.code("director")
    component, _, P = grade_pay_on(monkeypatch, stars=[2], grade=[QUALIFIED], role=[secretary])
    prospect = SimpleNamespace(heads=SimpleNamespace(role=np.array([secretary, director]), stars=np.array([2, 2])), grade=np.array([EXCELLENT, QUALIFIED]),
                               stars=np.array([[3, 2], [3, 2]]), post_years=np.array([3.5, 3.5]), after_years=np.array([2.0, 2.0]))
    assert component.effort_money(prospect, P).tolist() == [[18_000, 4_500], [0, 0]]
    prospect.stars = None
    assert component.effort_money(prospect, P).tolist() == [[9_000, 4_500], [0, 0]]
