"""Every threshold at its boundary and every limit at its edge, for the rules beyond Qingxu's core (RULES.md §B, §C):
a value exactly at a threshold, one step either side of a limit, and the defaults a rule falls back on.

Each case is small and worked out by hand in its comment; where a rule quotes its source, the test quotes it too.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simtoolkit.rules import (attendance, cadre_exit, cadre_pay, cadre_rewards, differentiation, grades, mentoring, roles,
                              star_points, thousand_point, training, villager_points)
from simtoolkit.rules.grades import BASIC, EXCELLENT, NONE, QUALIFIED, UNQUALIFIED
from simtoolkit.scenario import load_scenario

QIANXINAN = Path(__file__).resolve().parents[1] / "scenarios" / "qianxinan.toml"


# ---- the annual grade (§A.4) ---------------------------------------------------------------------------------------
def test_annual_grade_at_each_threshold():
    # Qingxu's thresholds 60 / 70 / 85 with room under the excellent cap (100 %): a score exactly at a threshold
    # reaches that grade — 85 is excellent, 84.99 qualified; 70 qualified, 69.99 basically qualified; 60 basic, 59.99 not
    score = np.array([85.0, 84.99, 70.0, 69.99, 60.0, 59.99])
    g = grades.grade(score, score, np.ones(6, bool), np.zeros(6, np.int32), np.arange(6), (60, 70, 85), 1.0)
    assert g.tolist() == [EXCELLENT, QUALIFIED, QUALIFIED, BASIC, BASIC, UNQUALIFIED]


# ---- full-time cadres' pay (§C.4–5) -----------------------------------------------------------------------------
def test_quarter_grade_at_each_threshold():
    # 季评价 against 60 / 70 / 85: a mean score exactly at a threshold reaches that grade, a hair below does not
    score = np.array([85.0, 84.99, 70.0, 69.99, 60.0, 59.99])
    grade = cadre_pay.quarter_grade(score, np.ones(6, bool), 60, 70, 85)
    assert grade.tolist() == [EXCELLENT, QUALIFIED, QUALIFIED, BASIC, BASIC, UNQUALIFIED]


def test_a_cadre_not_graded_gets_no_coefficient():
    # 季评价 coefficients 120 / 100 / 60 / 0 %: a cadre not in post that quarter (no grade) gets 0, not a grade's
    coefficient = cadre_pay.by_grade(np.array([EXCELLENT, UNQUALIFIED, NONE]), [1.2, 1.0, 0.6, 0.0])
    assert coefficient.tolist() == [1.2, 0.0, 0.0]


def test_pay_is_pro_rata_to_months_and_never_more_than_the_period():
    # “评价结果与绩效报酬挂钩”: performance 12,000 a year, 40 % of it quarterly, coefficient 1:
    # a quarter pays 12,000 × 40 % / 4 = 1,200 for 3 months, 400 a month, nothing for none, never more than 3 months'
    months = np.array([-1, 0, 1, 3, 4])
    quarterly = cadre_pay.quarterly_pay(np.full(5, 12000.0), 0.4, np.ones(5), months)
    assert quarterly.tolist() == pytest.approx([0, 0, 400, 1200, 1200])
    # the annual part, 12,000 × 60 % = 7,200 for 12 months, 600 a month, never more than a year's
    months = np.array([-1, 0, 6, 12, 13])
    assert cadre_pay.annual_performance(np.full(5, 12000.0), 0.4, np.ones(5), months).tolist() == pytest.approx([0, 0, 3600, 7200, 7200])
    # the floor top-up: a floor of 48,000 is 4,000 a month; earned 1,000 over 6 months → 23,000; never beyond a year
    topup = cadre_pay.floor_topup(np.full(5, 1000.0), np.full(5, 48000.0), months)
    assert topup.tolist() == pytest.approx([0, 0, 23000, 47000, 47000])


def _qianxinan_with(tmp_path, income: str, growth: str | None, lag: bool = True) -> object:
    """Qianxinan with the disposable income written as `income`, the growth line `growth` (None: left out) and its
    income lag of a year (or none written: `lag` False)."""
    text = QIANXINAN.read_text(encoding="utf-8")
    if not lag:
        text = text.replace("income_year_lag = 1\n", "")
    text = text.replace("disposable_income = { 2021 = 12856, 2022 = 13707 }", f"disposable_income = {income}")
    text = text.replace("income_growth = 0\n", "" if growth is None else f"income_growth = {growth}\n")
    path = tmp_path / "qianxinan.toml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "qingxu.toml").write_bytes((QIANXINAN.parent / "qingxu.toml").read_bytes())  # the file it extends
    return load_scenario(path)


def test_disposable_income_between_and_after_its_dated_values(tmp_path):
    # dated 12,856 from 2021 and 13,707 from 2022: 2022 reads the 2022 value; without a growth rate it stays flat
    flat = _qianxinan_with(tmp_path, "{ 2021 = 12856, 2022 = 13707 }", None)
    assert cadre_pay.disposable_income(flat, 2022) == 13707 and cadre_pay.disposable_income(flat, 2025) == 13707
    assert cadre_pay.disposable_income(flat, 2021) == 12856
    # growth counts from the last dated year (2023), not the first simulated one (2022): 11,000 × 1.1² in 2025
    later = _qianxinan_with(tmp_path, "{ 2022 = 10000, 2023 = 11000 }", "10")
    assert cadre_pay.disposable_income(later, 2025) == pytest.approx(13310)
    # a plain value grows from the first simulated year (2022): 10,000 × 1.1² in 2024
    plain = _qianxinan_with(tmp_path, "10000", "10")
    assert cadre_pay.disposable_income(plain, 2022) == pytest.approx(10000)
    assert cadre_pay.disposable_income(plain, 2024) == pytest.approx(12100)


# ---- dynamic removal, exit audit, exit subsidy (§C.3, §C.8) -----------------------------------------------------
def test_removal_after_exactly_the_limit_and_never_without_one():
    # “对工作不力…需调整岗位的,及时按程序进行调整”: a limit of 1 removes after one unqualified quarter; 0 never removes
    streak = np.array([0, 1, 2])
    assert cadre_exit.removed(streak, 1).tolist() == [False, True, True]
    never = cadre_exit.removed(streak, 0)
    assert never.dtype == bool and not never.any()  # a mask the model ORs into who leaves


def test_low_quarter_streak_keeps_its_type():
    streak = np.array([1, 2, 0], np.int16)
    after = cadre_exit.low_quarter_streak(streak, np.array([UNQUALIFIED, BASIC, NONE]))
    assert after.tolist() == [2, 0, 0] and after.dtype == np.int16


def test_audit_finding_at_the_rate():
    # “执行离任经济责任审计制度”: a uniform draw below the finding rate (10 %) finds problems; a draw of exactly 0.10 does not
    normal = cadre_exit.normal_exit(np.zeros(3, bool), np.array([0.0999, 0.10, 0.5]), 0.10)
    assert normal.tolist() == [False, True, True]


def test_exit_subsidy_for_a_limited_number_of_years():
    # “根据任职年限按标准足额发放离任生活补贴”: 20 yuan a month per whole year in office (12.5 → 12 years: 240), from 60,
    # with at least 5 years; paid for one year only: in its first year of eligibility (0) but not its second (1)
    args = (np.array([65, 65, 65]), np.array([12.5, 12.5, 4.0]), np.array([0, 1, 0]), np.ones(3, bool), np.ones(3, bool))
    assert cadre_exit.exit_subsidy(*args, 20.0, 5, 60, 1).tolist() == [240, 0, 0]
    # for life (duration 0): every year; the cadre with 4 years in office never
    assert cadre_exit.exit_subsidy(*args, 20.0, 5, 60, 0).tolist() == [240, 240, 0]


# ---- attendance (§C.2) -------------------------------------------------------------------------------------------
def test_deductions_stop_at_zero():
    # “每人每月在村上班时间不得少于22天”: 10 % of the base a day short; 12 days short would be −20 %: nothing, not less
    kept = attendance.base_after_deduction(np.full(3, 3000.0), np.array([0.0, 4.0, 12.0]), 0.10)
    assert kept.tolist() == pytest.approx([3000, 1800, 0])
    # 2 points a day off a total of 10.5: 5 days short leave 0.5 points (not 1), 6 leave 0
    assert attendance.score_after_deduction(np.full(2, 10.5), np.array([5.0, 6.0]), 2.0).tolist() == [0.5, 0.0]


# ---- collective-economy reward (§C.7) ------------------------------------------------------------------------------
def test_collective_income_starts_centred_on_the_endowment_mean():
    # endowments 10, 20, 30: mean 20, sd 8.165 → z = −1.22, 0, 1.22; the middle village gets mean × exp(−spread²/2)
    income = cadre_rewards.collective_income_start(np.array([10.0, 20.0, 30.0]), 100000, 0.5)
    assert income[1] == pytest.approx(100000 * np.exp(-0.125))
    assert income[0] < income[1] < income[2] and income[0] * income[2] == pytest.approx(income[1] ** 2)
    # all endowments equal: no spread to read, every village at the same income
    same = cadre_rewards.collective_income_start(np.full(3, 7.0), 100000, 0.5)
    assert same.tolist() == pytest.approx([100000 * np.exp(-0.125)] * 3)


def test_collective_reward_at_the_minimum_growth_and_with_one_or_no_cadre():
    # “村集体经济发展奖励”: income 100,000; 30 % of the increase split among the cadres, at most 5,000 each, where the
    # income grew by at least 5 %: growth exactly 5 % pays (5,000 × 30 % = 1,500 to the one cadre), 4.9 % does not;
    # a village with no cadre pays nobody; a fall pays nothing
    income = np.full(5, 100000.0)
    growth = np.array([0.05, 0.049, 0.05, -0.1, 0.000001])
    cadres = np.array([1, 1, 0, 2, 1])
    reward = cadre_rewards.collective_reward(income, growth, 0.05, 0.3, cadres, 5000)
    assert reward.tolist() == pytest.approx([1500, 0, 0, 0, 0])
    # with no minimum growth a tiny increase pays its share: 100,000 × 0.000001 × 30 % = 0.03
    assert cadre_rewards.collective_reward(income, growth, -1.0, 0.3, cadres, 5000)[4] == pytest.approx(0.03)
    assert cadre_rewards.collective_reward(income, growth, -1.0, 0.3, cadres, 5000)[3] == 0.0


# ---- differentiated assessment and points stars (§B.1, §B.4) ------------------------------------------------------
def test_village_categories_at_the_cut():
    # four villages ranked by endowment: shares poorer than each 0, 0.25, 0.5, 0.75; cuts at 0.25 and 0.75
    # put the village exactly at a cut into the upper category
    category = differentiation.categories(np.array([1.0, 2.0, 3.0, 4.0]), [0.25, 0.75], np.arange(4))
    assert category.tolist() == [0, 1, 1, 2]
    # one village: nobody poorer, the poorest category
    assert differentiation.categories(np.array([5.0]), [0.5], np.arange(1)).tolist() == [0]


def test_individual_part_with_a_category_nobody_was_assessed_in():
    # “个性部分”: scores 80, 90 in category 0 (mean 85), 70 in category 2 not assessed; overall mean of the assessed 85:
    # 80 − 85 + 85 = 80, 90; the unassessed head in the top category has no category mean: 70 − 0 + 85 = 155
    part = differentiation.individual_part(np.array([80.0, 90.0, 70.0]), np.array([0, 0, 2]), np.array([True, True, False]))
    assert part.tolist() == [80.0, 90.0, 155.0]
    assert differentiation.quota_groups(np.array([1, 0]), np.array([2, 1]), 3).tolist() == [5, 1]


def test_points_stars_at_each_threshold():
    # “设置基础星级”: thresholds 60 / 75 / 90 points; exactly 75 reaches two stars, 74.99 one
    assert star_points.stars_from_points(np.array([90.0, 75.0, 74.99, 59.0]), [60, 75, 90], 5).tolist() == [3, 2, 1, 0]
    # points per award 2.5: three awards 7.5, capped at 6
    assert star_points.award_points(np.array([1, 3]), 2.5, 6).tolist() == [2.5, 6.0]
    # a slot without a grade gets no grade points and wins no award, whatever its draw
    assert star_points.grade_points(np.array([EXCELLENT, NONE, UNQUALIFIED]), [40, 30, 10, 5]).tolist() == [40, 0, 5]
    assert star_points.draw_awards(np.array([0.0, 0.0]), np.array([NONE, UNQUALIFIED]), [0.5, 0.3, 0.1, 0.05]).tolist() == [False, True]


def test_points_proposal_adds_the_long_record_star_and_caps_at_the_maximum():
    from types import SimpleNamespace

    sp = SimpleNamespace(grade_points=[40, 30, 10, 0], years_per_point=1, years_points_max=10, points_per_award=5,
                         award_points_max=10, thresholds=[30, 45, 60], max_change=1)
    # head 0: excellent 40 + 10 years 10 + 2 awards 10 = 60 → 3 stars, +1 long record = 4 → capped at 3
    # head 1: qualified 30 + 0 + 0 = 30 → 1 star, +1 long record = 2; rated before with 0: one step at most → 1
    propose = star_points.propose(np.array([EXCELLENT, QUALIFIED]), np.array([120, 0]), np.array([2, 0]), np.array([3, 0]),
                                  np.array([True, False]), np.zeros(2, int), np.array([1, 1]), sp, 3)
    assert propose.tolist() == [3, 1] and propose.dtype == np.int8


# ---- training, mentoring -------------------------------------------------------------------------------------------
def test_training_due_once_per_term():
    # “换届以来…全覆盖培训”: a cadre trained in this term (2021) is not due; one trained in the last (2016) is
    assert training.due(np.array([2021, 2016, 0]), 2021, np.array([True, True, False])).tolist() == [False, True, False]


def test_mentors_counted_in_every_township():
    # township 2 has no head with 2 stars or more: it still has a count, 0
    assert mentoring.mentors_available(np.array([2, 3, 0]), np.array([0, 0, 2]), 2, 3).tolist() == [2, 0, 0]


# ---- Gaoyang's points systems (§E) --------------------------------------------------------------------------------
def test_a_list_column_is_read_as_numbers_in_row_order():
    # 《奖励加分项目清单》: each line's points and its most occurrences, one row a line — two lines worth 20 (at most 2)
    # and 5 (at most 4) read as [20, 5] and [2, 4]
    rows = [{"points": 20, "max_times": 2}, {"points": 5, "max_times": 4}]
    assert thousand_point.column(rows, "points").tolist() == [20.0, 5.0]
    assert thousand_point.column(rows, "max_times").tolist() == [2.0, 4.0]


def test_a_village_whose_shop_pays_nothing_still_has_its_line():
    # "积分超市" per village: three villages, only the first redeems (4 points at 1.5 yuan = 6); the other two pay
    # 0 — the last one too, though no household of it redeemed
    cost = villager_points.cost_by_village(np.array([4.0, 0.0]), np.array([0, 1]), 3, 1.5)
    assert cost.tolist() == [6.0, 0.0, 0.0]


# ---- the roles' words in reports ------------------------------------------------------------------------------------
def test_a_role_is_named_in_the_readers_language_by_its_code_or_its_name():
    # Qingxu: "“一肩挑”的村主干报酬由6万元/年上调至6.8万元/年,其他村主干由5万元/年上调至5.8万元/年" — the report says
    # which head is which: the secretary who is also director (一肩挑, code 0) in Chinese or English, the director (code 2)
    # given by name, by code or by a numpy code as the agent tables hold it
    assert roles.label("secretary_director", "zh") == "村党组织书记兼村委会主任(“一肩挑”)"
    assert roles.label("secretary_director", "en") == "Secretary also director"
    assert roles.label(2, "zh") == "村委会主任" and roles.label(np.int8(2), "en") == "Village director"
    assert roles.label("household", "zh") == "农户"


def test_individual_part_with_categories_on_either_side_of_one_nobody_was_assessed_in():
    # “个性部分”: 80 and 90 in category 0 (mean 85), 70 in category 1 (mean 70), 50 in category 2 not assessed; the
    # overall mean of the assessed (80 + 90 + 70) / 3 = 80: 80 − 85 + 80 = 75, 90 − 85 + 80 = 85, 70 − 70 + 80 = 80,
    # and the head of the category nobody was assessed in has no category mean: 50 − 0 + 80 = 130
    part = differentiation.individual_part(np.array([80.0, 90.0, 70.0, 50.0]), np.array([0, 0, 1, 2]),
                                           np.array([True, True, True, False]))
    assert part.tolist() == [75.0, 85.0, 80.0, 130.0]


def test_standard_pay_with_and_without_the_full_time_cadres_rules(tmp_path):
    # Qingxu, without policy.cadre_pay: "“一肩挑”的村主干报酬由6万元/年上调至6.8万元/年" (from 2023), the sent secretary's
    # 30,000 a plain value; pay indexed 10 % a year after its last dated value: in 2025 68,000 × 1.1² = 82,280 and
    # 30,000 × 1.1² = 36,300, split by the performance share of 30 %: base 57,596 and 25,410, performance 24,684 and
    # 10,890; no floor
    qingxu = load_scenario(QIANXINAN.parent / "qingxu.toml").with_changes({"policy.pay.indexation_rate": 10})
    base, performance, floor = cadre_pay.standard(roles.codes(["secretary_director", "sent_secretary"]), qingxu.params(2025), qingxu, 2025)
    assert base.tolist() == pytest.approx([57596, 25410]) and performance.tolist() == pytest.approx([24684, 10890])
    assert floor.tolist() == [0, 0]
    # Qianxinan, "基本报酬均达到当地人均可支配收入的3倍以上": a clerk's 36,000 at 20 % performance is 28,800 base, raised to 3 ×
    # the income published by then — with the shipped lag of a year, 2021's 12,856 in 2022: 38,568; without a lag (the
    # default) 2022's 13,707: 41,121; performance 7,200 either way, no floor for clerks
    for lag, income in ((True, 12856), (False, 13707)):
        scenario = _qianxinan_with(tmp_path, "{ 2021 = 12856, 2022 = 13707 }", "0", lag=lag)
        base, performance, floor = cadre_pay.standard(roles.codes(["clerk"]), scenario.params(2022), scenario, 2022)
        assert (base.tolist(), performance.tolist(), floor.tolist()) == ([3 * income], [7200], [0])


def test_the_exit_subsidy_starts_at_exactly_the_minimum_years():
    # “根据任职年限按标准足额发放离任生活补贴”: at least 10 years in office, from 60: exactly 10 years gives 10 × 100 = 1,000
    # a month; 9.5 years nothing
    paid = cadre_exit.exit_subsidy(np.array([60, 60]), np.array([10.0, 9.5]), np.zeros(2), np.ones(2, bool), np.ones(2, bool),
                                   100.0, 10, 60, 0)
    assert paid.tolist() == [1000.0, 0.0]


def test_a_cadre_not_graded_gets_no_coefficient_even_where_unqualified_gets_one():
    # 季评价 coefficients 120 / 100 / 60 / 20 %: an unqualified quarter still pays 20 %; a cadre not in post that quarter
    # (no grade) gets 0, not the last grade's 20 %
    assert cadre_pay.by_grade(np.array([UNQUALIFIED, NONE]), [1.2, 1.0, 0.6, 0.2]).tolist() == [0.2, 0.0]
