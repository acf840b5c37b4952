"""The full-time cadres' pay component (RULES.md §C.2, §C.4–5, Qianxinan), each of its actions on a few heads built in
the test, with every amount worked out by hand below.

Source: /work/shared/seeds/002_9a823f6d1c9ce30e.txt —
“建立“基础报酬+绩效报酬”薪酬机制” (base pay + performance pay);
“每人每月在村(社区)上班时间不得少于22天” (22 days a month in the village; days short cost base pay);
“实行“季评价+年考核”考评制度” and “每季度…进行评价,评价结果与绩效报酬挂钩” (a quarterly part and an annual part of
performance pay);
“支书、主任年收入不低于4.2万元,“一肩挑”的不低于5万元标准” (annual income floors: 42,000 and 50,000 yuan).

Qianxinan's parameters, with round pay so the sums are easy: 一肩挑 (secretary_director) 60,000 yuan a year,
secretaries and directors 48,000, deputies 36,000; 20 % of it is performance pay, so the base is 48,000 (4,000 a
month), 38,400 (3,200) and 28,800 (2,400); the base's income rule (3 × disposable income) is switched off
(multiple 0) so it does not raise them. Performance pay: half quarterly, half annual, by the annual grade
120 / 100 / 60 / 0 % (excellent / qualified / basic / unqualified), paid one month later; attendance: 4.5 % of the
month's base per day short.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from simtoolkit.behaviour import effort_terms
from simtoolkit.rulebook.cadre_pay import CadrePay
from simtoolkit.rules import roles
from simtoolkit.rules.grades import BASIC, EXCELLENT, NONE, QUALIFIED, UNQUALIFIED
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS

ROUND_PAY = {"policy.pay.annual_pay_secretary_director": 60000, "policy.pay.annual_pay_other": 48000,
             "policy.cadre_pay.annual_pay_deputy": 36000, "policy.cadre_pay.base_income_multiple": 0,
             "policy.pay.sent_secretary_payer": "sending_unit"}


class Ledger:
    """Records what the component books and schedules: (kind, month, item, payer, [(id, yuan) …])."""

    def __init__(self):
        self.rows = []

    def book(self, m, item, payer, township, role, amount, ids):
        self.rows.append(("book", m, item, payer, list(zip(np.asarray(ids).tolist(), np.asarray(amount, float).tolist()))))

    def schedule(self, due, item, payer, township, role, amount, ids):
        self.rows.append(("schedule", due, item, payer, list(zip(np.asarray(ids).tolist(), np.asarray(amount, float).tolist()))))

    def paid(self, kind, item):
        """id → yuan over every row of that kind and item."""
        out = {}
        for k, _, i, _, pairs in self.rows:
            if (k, i) == (kind, item):
                for person, yuan in pairs:
                    out[person] = out.get(person, 0.0) + yuan
        return out


def cadres(changes=None, **columns):
    """A component over heads built here (ids 10, 11, …), the Qianxinan scenario with round pay, in 2022."""
    scenario = load_scenario(SCENARIOS / "qianxinan.toml", {**ROUND_PAY, **(changes or {})})
    n = len(columns["role"])
    heads = SimpleNamespace(role=np.array([roles.code(r) for r in columns["role"]], np.int8), id=np.arange(10, 10 + n),
                            township=np.zeros(n, np.int32), start_month=np.array(columns.get("start_month", [0] * n)),
                            grade=np.array(columns.get("grade", [NONE] * n), np.int8),
                            months_scored=np.array(columns.get("months_scored", [12] * n)))
    notes = {}
    model = SimpleNamespace(world=SimpleNamespace(heads=heads), config=scenario, year=2022, ledger=Ledger(),
                            slots=SimpleNamespace(earned=np.array(columns.get("earned", [0.0] * n), float),
                                                  days_short=np.array(columns.get("days_short", [0] * n))),
                            result=SimpleNamespace(note=lambda model, name, value: notes.__setitem__(name, notes.get(name, 0.0) + value)))
    return CadrePay(model), model, scenario.params(2022), notes


def test_month_pay_is_a_twelfth_of_the_base_less_days_short_to_cadres_in_post():
    # month 3 (April): the 一肩挑 head 4,000 (earned 100 before: 4,100); a secretary who starts in month 5 nothing; a
    # deputy 2 days short 2,400 × (1 − 2 × 4.5 %) = 2,184; a sent secretary (42,000 a year, base 33,600: 2,800) by his own payer
    component, model, P, _ = cadres(role=["secretary_director", "secretary", "deputy", "sent_secretary"],
                                    start_month=[0, 5, 3, 0], days_short=[0, 0, 2, 0], earned=[100, 0, 0, 0])
    component.month_pay(P, 3)
    assert model.slots.earned.tolist() == pytest.approx([4100, 0, 2184, 2800])
    booked = {(payer, person): yuan for kind, m, item, payer, pairs in model.ledger.rows for person, yuan in pairs
              if (kind, m, item) == ("book", 3, "base_pay")}
    assert booked == pytest.approx({("county", 10): 4000, ("county", 11): 0, ("county", 12): 2184, ("sending_unit", 13): 2800})


def test_month_pay_without_attendance_rules_deducts_nothing():
    component, model, P, _ = cadres({"policy.attendance.base_deduction_per_day": 0}, role=["deputy"], days_short=[5])
    component.month_pay(P, 0)
    assert model.slots.earned.tolist() == pytest.approx([2400])


def test_year_pay_annual_part_by_grade_pro_rata_then_the_floor_topup():
    # deputies are not among the graded roles here, so their grade pays the other scale, 100 / 80 / 50 / 0 %.
    # performance pay: 12,000 (一肩挑), 9,600 (secretary, director), 7,200 (deputy); the annual half × the grade's
    # coefficient × months/12:
    #   一肩挑, excellent, 12 months: 6,000 × 1.2 = 7,200; earned 53,000 before → 60,200 ≥ 50,000: no top-up
    #   secretary, unqualified, 6 months: 0; earned 19,200 → floor 42,000 × 6/12 = 21,000: top-up 1,800
    #   deputy, basic, 12 months: 3,600 × 0.5 = 1,800; no floor for deputies
    #   director, qualified, 9 months: 4,800 × 1.0 × 9/12 = 3,600; earned 30,000 → 33,600 ≥ 42,000 × 9/12 = 31,500
    #   director, unqualified, 12 months: 0; earned 38,400 → top-up 42,000 − 38,400 = 3,600
    graded = ["secretary_director", "secretary", "director", "community_secretary", "sent_secretary"]
    component, model, P, notes = cadres({"policy.cadre_pay.guarantee_floor": True, "policy.performance.graded_roles": graded,
                                         "policy.performance.other_excellent": 100, "policy.performance.other_qualified": 80,
                                         "policy.performance.other_basic": 50},
                                        role=["secretary_director", "secretary", "deputy", "director", "director"],
                                        grade=[EXCELLENT, UNQUALIFIED, BASIC, QUALIFIED, UNQUALIFIED], months_scored=[12, 6, 12, 9, 12],
                                        earned=[53000, 19200, 31800, 30000, 38400])
    component.year_pay(P, 11)
    scheduled = [(due, item) for kind, due, item, _, _ in model.ledger.rows if kind == "schedule"]
    assert set(scheduled) == {(12, "performance_pay")}  # paid after the one-month lag
    assert model.ledger.paid("schedule", "performance_pay") == pytest.approx({10: 7200, 11: 0, 12: 1800, 13: 3600, 14: 0})
    assert {k: v for k, v in model.ledger.paid("book", "base_pay").items() if v} == pytest.approx({11: 1800, 14: 3600})
    assert {m for kind, m, item, _, _ in model.ledger.rows if (kind, item) == ("book", "base_pay")} == {11}  # booked now
    # earned by the three in post all year: 60,200, 33,600 (31,800 + 1,800) and 42,000 (38,400 + the top-up); the
    # notes read it before it is reset: median 42,000, p10 33,600 + 0.2 × 8,400 = 35,280; nobody below the floor
    assert notes["pay_earned_median"] == pytest.approx(42000)
    assert notes["pay_earned_p10"] == pytest.approx(35280)
    assert notes["below_income_floor"] == 0
    assert model.slots.earned.tolist() == [0, 0, 0, 0, 0]  # a new calendar year starts from nothing


def test_year_pay_without_the_floor_guarantee_tops_up_nobody():
    # the same secretary earning 19,200 of a 21,000 pro-rata floor: below it, and counted so
    component, model, P, notes = cadres(role=["secretary"], grade=[UNQUALIFIED], months_scored=[12], earned=[19200])
    component.year_pay(P, 11)
    assert model.ledger.paid("book", "base_pay") == {}
    assert notes["below_income_floor"] == 1  # 19,200 < 42,000 (all year in post)
    assert notes["pay_earned_median"] == pytest.approx(19200)


def test_note_pay_counts_cadres_in_post_all_year_only():
    # five cadres in post all year earned 10,000 … 50,000 (percentiles by linear interpolation: p10 = 14,000,
    # median 30,000, p90 = 46,000); a sixth, 3 months in post, earned 1,000 and is left out.
    # Then 40,000 becomes 41,999.996: within half a fen of the floor, it counts as at it.
    component, model, P, notes = cadres(role=["secretary"] * 6, months_scored=[12, 12, 12, 12, 12, 3],
                                        earned=[50000, 10000, 41999.996, 30000, 20000, 1000])
    floor = np.array([42000, 42000, 42000, 0, 42000, 42000], float)
    model.slots.earned[2] = 40000  # percentiles on 10,000 … 50,000
    component.note_pay(floor)
    assert (notes["pay_earned_p10"], notes["pay_earned_median"], notes["pay_earned_p90"]) == pytest.approx((14000, 30000, 46000))
    assert notes["below_income_floor"] == 3  # 10,000, 20,000 and 40,000 under 42,000 (30,000 has no floor)
    model.slots.earned[2] = 41999.996
    notes.clear()
    component.note_pay(floor)
    assert notes["below_income_floor"] == 2  # 10,000 and 20,000; 41,999.996 is at the floor to the fen
    model.slots.earned[2] = np.float64(42000.0) - 0.005  # exactly half a fen short: still at the floor
    notes.clear()
    component.note_pay(floor)
    assert notes["below_income_floor"] == 2
    model.slots.earned[2] = 41999.5  # half a yuan short: below
    notes.clear()
    component.note_pay(floor)
    assert notes["below_income_floor"] == 3


def test_note_pay_with_nobody_in_post_all_year_notes_no_distribution():
    component, model, P, notes = cadres(role=["secretary"], months_scored=[11], earned=[1000])
    component.note_pay(np.array([42000.0]))
    assert notes == {"below_income_floor": 0}


def grid_block(P, changes_active, kept, quarterly, grade_money=None):
    """Two heads (一肩挑, secretary) on a grid of two efforts, with their yearly standard pay."""
    heads = SimpleNamespace(role=np.array([roles.code("secretary_director"), roles.code("secretary")], np.int8))
    rows = effort_terms.Seen(base=np.array([48000.0, 38400.0]), performance=np.array([12000.0, 9600.0]),
                             floor=np.array([50000.0, 42000.0]))
    ctx = SimpleNamespace(P=P, active=changes_active, kept=kept)
    block = SimpleNamespace(heads=heads, rows=rows, quarterly=quarterly, flat=None,
                            grade_money=np.zeros((4, 2, 2)) if grade_money is None else grade_money)
    block.add = lambda term: setattr(block, "flat", term if block.flat is None else block.flat + term)
    return ctx, block


def test_effort_grid_prices_the_base_kept_the_quarterly_pay_and_the_floor_topup_by_grade():
    # efforts 0 and 1 keep 100 % and 90 % of the base; expected quarterly pay (effort × head) 5,000 / 2,000, 6,000 / 3,000:
    #   money apart from the grade: 一肩挑 48,000 + 5,000 = 53,000, 43,200 + 6,000 = 49,200;
    #                               secretary 38,400 + 2,000 = 40,400, 34,560 + 3,000 = 37,560
    # annual part by grade (half of performance × 120/100/60/0 %): 7,200 / 6,000 / 3,600 / 0 and 5,760 / 4,800 / 2,880 / 0;
    # the floor's top-up is what is missing to 50,000 / 42,000:
    #   一肩挑 at effort 1, unqualified: 50,000 − 49,200 = 800;
    #   secretary at effort 0, unqualified: 1,600; at effort 1, basic: 42,000 − 40,440 = 1,560, unqualified: 4,440
    component, model, P, _ = cadres({"policy.cadre_pay.guarantee_floor": True}, role=["secretary"])
    ctx, block = grid_block(P, model.config.has, np.array([1.0, 0.9]), np.array([[5000.0, 2000.0], [6000.0, 3000.0]]),
                            grade_money=np.full((4, 2, 2), 100.0))  # the other terms' money by grade, added to
    component.effort_grid(ctx, block)
    np.testing.assert_allclose(block.flat, [[53000, 40400], [49200, 37560]])
    expected = np.full((4, 2, 2), 100.0)
    expected[BASIC] += [[0, 0], [0, 1560]]
    expected[UNQUALIFIED] += [[0, 1600], [800, 4440]]
    np.testing.assert_allclose(block.grade_money, expected)


def test_effort_grid_without_attendance_quarterly_or_floor_is_the_base():
    component, model, P, _ = cadres(role=["secretary"])  # no floor guarantee
    ctx, block = grid_block(P, model.config.has, None, None, grade_money=np.ones((4, 2, 2)))
    component.effort_grid(ctx, block)
    assert block.flat.tolist() == [[48000, 38400]]
    assert block.grade_money.tolist() == np.ones((4, 2, 2)).tolist()  # nothing added by grade


def test_effort_grid_leaves_a_block_without_the_pay_standard_alone():
    component, model, P, _ = cadres({"policy.cadre_pay.guarantee_floor": True}, role=["secretary"])
    ctx, block = grid_block(P, model.config.has, np.array([1.0]), None)
    block.rows = effort_terms.Seen()
    component.effort_grid(ctx, block)
    assert block.flat is None and not block.grade_money.any()


def test_effort_pay_annual_part_by_each_outcomes_grade_and_the_income_kept_with_the_post():
    # the 一肩挑 head's annual part in the four grades: 6,000 × 1.2 / 1.0 / 0.6 / 0; kept with the post: 48,000 + 12,000
    component, model, P, _ = cadres(role=["secretary_director"])
    heads = model.world.heads
    seen = effort_terms.Seen(base=np.array([48000.0]), performance=np.array([12000.0]))
    from simtoolkit.behaviour import effort
    annual, kept = CadrePay.effort_pay(heads, seen, effort.outcome_space(()), P, model.config.has)
    np.testing.assert_allclose(annual, [[7200, 6000, 3600, 0]])
    assert kept.tolist() == pytest.approx([60000])
    # without the quarterly evaluation the annual assessment pays all of it: 12,000 × 1.2 / 1.0 / 0.6 / 0
    annual, _ = CadrePay.effort_pay(heads, seen, effort.outcome_space(()), P, lambda group: group != "policy.quarterly_evaluation")
    np.testing.assert_allclose(annual, [[14400, 12000, 7200, 0]])
