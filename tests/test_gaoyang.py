"""Gaoyang's four mechanisms (004_8b3082d13f7ae9ea.txt), each rule checked on a case worked out by hand.

Every test quotes the sentence of the source it implements; model-level tests run the shipped
scenarios for one year and check what the rules promise (costs in the ledger, switches that work).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from simtoolkit.ledger import FEN_PER_YUAN, item_index, payer_index
from simtoolkit.model import CountyModel
from simtoolkit.rulebook.thousand_point import ThousandPoint
from simtoolkit.rulebook.villager_points import VillagerPoints
from simtoolkit.rules import grades, member_points, thousand_point, villager_points
from simtoolkit.scenario import load_scenario
from simtoolkit.scenario.errors import ScenarioError
from simtoolkit.rules import roles

SCENARIOS = Path(__file__).parents[1] / "scenarios"


@pytest.fixture(scope="module")
def gaoyang():
    """The shipped Gaoyang scenario."""
    return load_scenario(SCENARIOS / "gaoyang.toml")


@pytest.fixture(scope="module")
def gaoyang_run(gaoyang):
    """One year of Gaoyang (the model and its result)."""
    model = CountyModel(gaoyang, years=1)
    return model, model.run()


def indicator(result, name: str) -> float:
    """An indicator's value in the first year."""
    return float(result.indicators[name][0])


# ---- 千分制考核 -----------------------------------------------------------------------------


def test_thousand_point_adds_quantitative_and_qualitative_parts():
    # "定量考核分+定性考核分,以工作定量,以评价定性": blocks 200, 150, 150, 100 done to 100 %, 80 %, 50 %, 0 %
    # give 200 + 120 + 75 + 0 = 395; two qualitative items of 70 judged 100 % and 50 % give 70 + 35 = 105
    quant = thousand_point.section_points(np.array([[1.0, 0.8, 0.5, 0.0]]), np.array([200.0, 150, 150, 100]))
    qual = thousand_point.section_points(np.array([[1.0, 0.5]]), np.array([70.0, 70]))
    assert quant[0] == pytest.approx(395)
    assert qual[0] == pytest.approx(105)
    # a share outside 0..1 (noise) counts as 0 or full: 1.3 → 1, −0.2 → 0
    assert thousand_point.section_points(np.array([[1.3, -0.2]]), np.array([70.0, 70]))[0] == pytest.approx(70)


def test_bonus_and_deduction_lists_count_up_to_each_lines_maximum():
    # 《奖励加分项目清单》《扣分项目清单》: 受上级表彰 20 each, at most 2 — 3 occurrences count 2 × 20 = 40;
    # 重点工作 10 each, at most 3 — 1 occurrence: 10; bonus 50. Deductions: 越级上访 20 × 1 = 20.
    bonus = thousand_point.listed_points(np.array([[3, 1]]), np.array([20.0, 10]), np.array([2.0, 3]))
    deduction = thousand_point.listed_points(np.array([[1]]), np.array([20.0]), np.array([3.0]))
    assert bonus[0] == 50 and deduction[0] == 20
    # 395 + 105 + 50 − 20 = 530; a total never falls below zero
    assert thousand_point.total(np.array([395.0]), np.array([105.0]), bonus, deduction)[0] == pytest.approx(530)
    assert thousand_point.total(np.array([10.0]), np.array([0.0]), np.array([0.0]), np.array([50.0]))[0] == 0


def test_grades_rewards_and_rectification_of_committees():
    # "对优秀班子和优秀班子成员进行奖励…对基本合格和不合格的“两委”班子纳入软弱涣散党组织开展集中整顿"
    # thresholds 600 / 700 / 850, excellent at most 20 % of 5 = 1: 900 is excellent; 880 ≥ 850 but over
    # the cap, so qualified; 720 qualified; 650 basically qualified; 500 unqualified.
    tp = SimpleNamespace(threshold_basic=600, threshold_qualified=700, threshold_excellent=850, excellent_share=0.2)
    score = np.array([900.0, 880, 720, 650, 500])
    g = thousand_point.grade(score, score * 0.6, np.arange(1, 6), tp)
    assert list(g) == [grades.EXCELLENT, grades.QUALIFIED, grades.QUALIFIED, grades.BASIC, grades.UNQUALIFIED]
    assert list(thousand_point.weak(g)) == [False, False, False, True, True]
    assert list(thousand_point.rewards(g, 5000.0)) == [5000, 0, 0, 0, 0]


def test_assessed_twice_a_year():
    # "县里每年两次对各村“两委”班子及成员进行集中考核": June (5) and December (11); once a year: December
    assert [m for m in range(12) if thousand_point.is_assessment_month(m, 2)] == [5, 11]
    assert [m for m in range(12) if thousand_point.is_assessment_month(m, 1)] == [11]


def test_committee_rewards_in_the_ledger_match_the_excellent_counts(gaoyang, gaoyang_run):
    model, result = gaoyang_run
    tp = gaoyang.params(gaoyang.value("run.start_year")).policy.thousand_point
    expected = indicator(result, "committees_excellent") * tp.committee_reward + indicator(result, "members_excellent") * tp.member_reward
    assert expected > 0
    booked = result.yearly_fen[0, item_index("committee_reward"), payer_index(tp.reward_payer)].sum() / FEN_PER_YUAN
    assert booked == pytest.approx(expected)


def test_weak_committees_are_rectified_in_the_next_period(gaoyang):
    # "纳入软弱涣散党组织开展集中整顿": the next period's performance carries the rectification effect
    model = CountyModel(gaoyang.with_changes({"policy.thousand_point.rectification_effect": 7}), years=1)
    model.run_for(6)  # through June's assessment
    assessment = model.rulebook.find(ThousandPoint)
    weak = thousand_point.weak(assessment.committee_grade)
    assert weak.any() and not weak.all()
    boost = assessment.performance_boost(model.params())
    heads = model.world.heads
    assert np.all(boost[weak[heads.village]] == 7)
    individually = (assessment.member_rectified_until > assessment.period) & (assessment.member_rectified_id == heads.id)
    assert np.all(boost[~weak[heads.village] & ~individually] == 0)


# ---- 党员积分制 -----------------------------------------------------------------------------


def test_member_items_apply_to_their_own_category():
    # "将全县党员划分为六大类别" A…F, "确定3大类54小项工作任务": a row is an item for one category —
    # 党费 for C deducts 2 from C only; 流出党员定期汇报 binds D only
    rows = [{"category": "C", "deduction": 2.0}, {"category": "D", "deduction": 2.0}]
    table = member_points.by_category(rows, "deduction")
    assert table.tolist() == [[0, 0], [0, 0], [2, 0], [0, 2], [0, 0], [0, 0]]


def test_member_points_deduct_duties_missed_and_add_acts():
    # "根据党员应尽的基本义务和责任确定扣分内容…根据党员在带富创富、维护稳定、服务群众等方面的表现确定加分内容"
    # a member missing one 三会一课 (2) and one 党费 (2), and leading one income project (5): 100 − 4 + 5 = 101
    lost = member_points.deductions(np.array([[1, 1]]), np.array([[2.0, 2.0]]))
    gained = member_points.additions(np.array([[1, 0]]), np.array([[5.0, 3.0]]))
    assert 100 - lost[0] + gained[0] == 101


def test_a_category_without_behaviour_neither_misses_nor_acts():
    # rows for A and F only: B–E do every duty (share 1) and no act; A does 90 % and 3 acts a year
    duty, acts = member_points.category_rates([{"category": "A", "duty_rate": 90, "acts_per_year": 3},
                                               {"category": "F", "duty_rate": 70, "acts_per_year": 0.5}])
    assert duty.tolist() == [0.9, 1, 1, 1, 1, 0.7]
    assert acts.tolist() == [3, 0, 0, 0, 0, 0.5]


def test_a_rule_without_its_behaviour_is_refused_at_load(tmp_path):
    # the rules need behaviour.points to act: leaving it out is a scenario problem naming the group
    reform = tmp_path / "no_behaviour.toml"
    reform.write_text(f'extends = "{(SCENARIOS / "gaoyang.toml").as_posix()}"\ndisable = ["behaviour.points"]\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"policy.villager_points: needs \[behaviour.points\]"):
        load_scenario(reform)


def test_member_points_are_the_rules_items_not_the_generic_accrual(gaoyang):
    # with every duty done and no acts, the lists add and deduct nothing: every member ends the year
    # on the base (100), so no other accrual adds to the points column while the rule is on
    rows = [{"category": c, "duty_rate": 100, "acts_per_year": 0} for c in "ABCDEF"]
    model = CountyModel(gaoyang.with_changes({"behaviour.points.member_behaviour": rows}), years=1)
    model.run_for(12)  # up to December's review, before the reserve is ranked and points start over
    # (run_for(12) ends after December's yearly event; the indicators were taken before the reset)
    assert model.result.indicators["member_points_p10"][0] == model.result.indicators["member_points_p90"][0] == 100


# ---- 网格化管理 -----------------------------------------------------------------------------


def test_without_visits_problems_are_never_found(gaoyang):
    # "每月对网格内所有住户走访一遍…矛盾化解在基层": with no visits and no other way in, nothing is found
    quiet = gaoyang.with_changes({"behaviour.satisfaction.grid_visit_rate": 0, "behaviour.grid.detection_without_visit": 0})
    result = CountyModel(quiet, years=1).run()
    assert indicator(result, "grid_problems_new") > 0
    assert indicator(result, "grid_problems_found") == 0
    assert indicator(result, "grid_problems_resolved") == 0


def test_visits_that_find_and_resolve_everything_leave_no_open_problem(gaoyang):
    thorough = gaoyang.with_changes({"behaviour.satisfaction.grid_visit_rate": 100, "behaviour.grid.detection_per_visit": 100,
                                     "behaviour.grid.resolution_rate": 100, "behaviour.heads.effort_initial": 0.6})
    model = CountyModel(thorough, years=1)
    model.world.heads.effort[:] = 1.0  # the visit chance scales with effort: at least the usual rate
    result = model.run()
    assert indicator(result, "grid_problems_found") == indicator(result, "grid_problems_new")
    assert indicator(result, "grid_problems_open") == 0


# ---- 村(居)民积分制 -------------------------------------------------------------------------


def test_villager_points_from_positive_and_negative_lists():
    # "25条“正面清单”、19条“负面清单”…分别赋予相应积分值进行加减分": 2 × 孝老爱亲 (3) + 1 × 见义勇为 (10)
    # = 16 gained; 1 × 私搭乱建 (5) = 5 lost
    gained, lost = villager_points.net_points(np.array([[2, 1]]), np.array([[1]]), np.array([3.0, 10.0]), np.array([5.0]))
    assert (gained[0], lost[0]) == (16, 5)


def test_redemption_spends_whole_points_and_is_booked_per_village():
    # "每季度开展一次积分兑换奖品": balances 11, 5, 12.5 at a share of 80 % spend floor(8.8) = 8, floor(4) = 4,
    # floor(10) = 10; a vetoed household spends nothing. At 1.5 yuan a point village 0 pays (8 + 4) × 1.5 = 18
    # and village 1 pays 10 × 1.5 = 15.
    spent = villager_points.redeem(np.array([11.0, 5.0, 12.5, 30.0]), 0.8, np.array([True, True, True, False]))
    assert spent.tolist() == [8, 4, 10, 0]
    cost = villager_points.cost_by_village(spent, np.array([0, 0, 1, 1]), 2, 1.5)
    assert cost.tolist() == [18, 15]


def test_redemption_frequency_is_a_parameter():
    # 县规则 "每季度开展一次积分兑换" (3) and 斗洼村 "每月1日可以到…“积分超市”来兑换" (1)
    assert [m for m in range(12) if villager_points.is_redemption_month(m, 3)] == [2, 5, 8, 11]
    assert [m for m in range(12) if villager_points.is_redemption_month(m, 1)] == list(range(12))


def test_redemptions_are_in_the_ledger_per_village_by_their_payer(gaoyang, gaoyang_run):
    model, result = gaoyang_run
    P = gaoyang.params(gaoyang.value("run.start_year"))
    i, p = item_index("points_redemption"), payer_index(P.policy.villager_points.payer)
    booked = result.yearly_fen[0, i].sum()
    assert booked == result.yearly_fen[0, i, p].sum() > 0  # only the scenario's payer
    assert booked == result.yearly_fen[0, i, p, :, roles.code("household")].sum()  # on the household role
    # every point redeemed at the value of a point: the ledger and the volume agree
    assert booked / FEN_PER_YUAN == pytest.approx(indicator(result, "villager_points_redeemed") * P.policy.villager_points.point_value)
    months = np.flatnonzero(result.monthly_fen[:, i].sum(axis=1))
    assert months.tolist() == [2, 5, 8, 11]  # quarterly


def test_the_example_village_redeems_monthly_from_donations():
    # "斗洼村利用爱心人士捐款在村委会建立起“积分超市”…每月1日可以…来兑换奖品"
    result = CountyModel(load_scenario(SCENARIOS / "gaoyang_douwa.toml"), years=1).run()
    i = item_index("points_redemption")
    assert np.flatnonzero(result.monthly_fen[:, i].sum(axis=1)).tolist() == list(range(12))
    assert result.monthly_fen[:, i, payer_index("donation")].sum() == result.monthly_fen[:, i].sum() > 0


def test_a_veto_bars_points_and_redemption(gaoyang):
    # "4条一票否决事项": when every household commits one at once, nobody keeps points or redeems
    vetoed = CountyModel(gaoyang.with_changes({"behaviour.points.veto_rate": 100}), years=1).run()
    assert indicator(vetoed, "villager_points_redeemed") == 0
    assert indicator(vetoed, "villager_points_mean") == 0


def test_a_dearer_point_brings_more_positive_acts_and_cost(gaoyang, gaoyang_run):
    _, base = gaoyang_run
    dearer = CountyModel(gaoyang.with_changes({"policy.villager_points.point_value": 2}), years=1).run()
    assert indicator(dearer, "villager_acts_positive") > indicator(base, "villager_acts_positive")
    assert indicator(dearer, "villager_redemption_yuan") > 2 * indicator(base, "villager_redemption_yuan")


def test_the_points_distribution_is_reported(gaoyang_run):
    # the reported p10, p50 and p90 are the households' points at the year's end cut where the definition of a
    # percentile cuts: at least q of the households at or below it, at most q strictly below; and the mean is theirs
    model, result = gaoyang_run
    points = model.rulebook.find(VillagerPoints).household_points  # December's points: a new year would start again from the base
    assert indicator(result, "villager_points_mean") == pytest.approx(points.mean())
    for q in (10, 50, 90):
        cut = indicator(result, f"villager_points_p{q}")
        assert (points <= cut + 1e-9).mean() >= q / 100 and (points < cut - 1e-9).mean() <= q / 100, (q, cut)
    assert np.unique(points).size > 3  # a spread of points, so the three cuts are tested apart


def test_same_seed_same_points_and_costs(gaoyang, gaoyang_run):
    # every draw comes from named streams: a second run of the same scenario and seed is identical
    _, first = gaoyang_run
    again = CountyModel(gaoyang, years=1).run()
    assert first.indicators_frame().equals(again.indicators_frame())
    assert np.array_equal(first.yearly_fen, again.yearly_fen)


def test_qingxu_has_none_of_gaoyangs_mechanisms():
    # the groups are optional: a scenario without them pays no redemptions or thousand-point rewards
    model = CountyModel(load_scenario(SCENARIOS / "qingxu.toml"), years=1)
    result = model.run()
    in_force = {type(c).__name__ for c in model.rulebook.components}
    assert not in_force & {"GridProblems", "VillagerPoints", "MemberPoints", "ThousandPoint"} and model.first_secretaries is None
    for item in ("points_redemption", "committee_reward", "first_secretary_stipend"):
        assert result.yearly_fen[:, item_index(item)].sum() == 0
    assert not any(name.startswith(("villager_", "member_points", "committee", "grid_problems")) for name in result.indicators)
