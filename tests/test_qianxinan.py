"""Qianxinan's professionalised full-time cadres (RULES.md §C): posts, attendance, quarterly evaluation and pay,
pay floors, employees' pension insurance, removal, exit audit and subsidy, training, and the rewards (§C.7).

Source: /work/shared/seeds/002_9a823f6d1c9ce30e.txt (quoted in each test). Each rule is checked on a
small hand-made case; the arithmetic is in the comments.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simtoolkit.behaviour import attendance as presence
from simtoolkit.model import CountyModel
from simtoolkit.rules import attendance, cadre_exit, cadre_pay, cadre_rewards, employee_pension, training
from simtoolkit.rules.grades import BASIC, EXCELLENT, NONE, QUALIFIED, UNQUALIFIED
from simtoolkit.scenario import ScenarioError, load_scenario
from simtoolkit.rules import roles
from simtoolkit.world.cadres import staff_posts

ROOT = Path(__file__).resolve().parents[1]
QIANXINAN = ROOT / "scenarios" / "qianxinan.toml"
SEED = ROOT.parent / "shared" / "seeds" / "002_9a823f6d1c9ce30e.txt"  # the shared sources, beside the checkout
CLERK, DEPUTY = roles.code("clerk"), roles.code("deputy")


@pytest.fixture(scope="module")
def model():
    """The Qianxinan scenario run for five years (2022–2026, the 2026 election included), one replication."""
    m = CountyModel(load_scenario(QIANXINAN), years=5)
    m.run()
    return m


# ---- 专职干部: about three per village ----------------------------------------------------
def test_staff_posts_fill_each_village_to_three():
    # “副书记(副主任)或文书,一般每村(社区)按3名核定”: village 0 has one head (一肩挑), village 1 two
    # (secretary and director), village 2 one, village 3 none → 2, 1, 2, 3 more posts; the first is a clerk
    village, role = staff_posts(np.array([0, 1, 1, 2]), 4, 3, 1)
    assert village.tolist() == [0, 0, 1, 2, 2, 3, 3, 3]
    assert role.tolist() == [CLERK, DEPUTY, CLERK, CLERK, DEPUTY, CLERK, DEPUTY, DEPUTY]


def test_synthesised_county_has_three_cadres_in_every_village(model):
    heads = model.world.heads
    assert np.bincount(heads.village).tolist() == [3] * len(model.world.villages)
    assert len(heads) == 187 * 3  # 5,052 enrolled / 9 counties ≈ 561
    # 一肩挑 villages have a clerk and a deputy; villages with two heads have a clerk only
    assert (heads.role == CLERK).sum() == 187 and (heads.role == DEPUTY).sum() == 187 - 30


# ---- 坐班值班: at least 22 days a month, someone on duty every day ---------------------------
def test_days_short_cost_base_pay_and_score():
    # “每人每月在村(社区)上班时间不得少于22天”: 25 and 22 days meet it; 20 is 2 short; 0 is 22 short
    short = attendance.days_short(np.array([25, 22, 20, 0]), 22)
    assert short.tolist() == [0, 0, 2, 22]
    # 4.5 % of a 3,000 base per day short: 2 days → 3000 × (1 − 0.09) = 2730; 22 days → 3000 × (1 − 0.99) = 30
    assert attendance.base_after_deduction(np.full(4, 3000.0), short, 0.045) == pytest.approx([3000, 3000, 2730, 30])
    # 2 points a day off an 80-point month: 80, 80, 76, 80 − 44 = 36
    assert attendance.score_after_deduction(np.full(4, 80.0), short, 2.0).tolist() == [80, 80, 76, 36]


def test_someone_on_duty_every_day():
    # “每天必须有人值班为群众办事”: cadres 0, 1 in village 0, cadre 2 in village 1, four days
    present = np.array([[1, 0, 0, 1], [0, 0, 1, 1], [1, 1, 1, 0]], bool)
    covered = attendance.duty_covered(present, np.array([0, 0, 1]), 2)
    # village 0: day 1 nobody (0 and 0); village 1: day 3 nobody
    assert covered.tolist() == [[True, False, True, True], [True, True, True, False]]


def test_presence_rises_with_effort():
    # at the initial effort the chance is the rate itself; more effort, more days
    chance = presence.presence_chance(np.array([0.6, 0.9]), 0.6, 0.9, 1.5)
    assert chance[0] == pytest.approx(0.9) and chance[1] > 0.9
    draws = np.array([[0.5, 0.95], [0.1, 0.2]])
    assert presence.present(draws, chance, np.array([True, False])).tolist() == [[True, False], [False, False]]


# ---- 基础报酬+绩效报酬, with floors ---------------------------------------------------------
def test_base_at_least_three_times_income_and_income_floors():
    # “基本报酬均达到当地人均可支配收入的3倍以上,支书、主任年收入不低于4.2万元,“一肩挑”的不低于5万元”
    # income 13,707 × 3 = 41,121; performance share 20 %
    annual = np.array([50000.0, 42000, 36000])
    floor = np.array([50000.0, 42000, 0])
    base, performance = cadre_pay.standard_pay(annual, 0.2, 13707, 3, floor)
    # 一肩挑: base max(40,000, 41,121) = 41,121, performance 10,000 → 51,121 ≥ 50,000
    # director: base max(33,600, 41,121) = 41,121, performance 8,400; deputy: 41,121 and 7,200
    assert base == pytest.approx([41121, 41121, 41121])
    assert performance == pytest.approx([10000, 8400, 7200])
    # a floor that binds: annual 40,000, share 30 %, income 10,000 → base max(28,000, 30,000) = 30,000,
    # performance 12,000 → 42,000 < 50,000, so performance is raised by 8,000 to 20,000
    base, performance = cadre_pay.standard_pay(np.array([40000.0]), 0.3, 10000, 3, np.array([50000.0]))
    assert (base[0], performance[0]) == pytest.approx((30000, 20000))


def test_floors_by_role_and_year_end_guarantee():
    floors = [{"role": "secretary_director", "yuan": 50000}, {"role": "director", "yuan": 42000}]
    role = roles.codes(["secretary_director", "director", "clerk"])
    assert cadre_pay.income_floor(role, floors).tolist() == [50000, 42000, 0]
    # earned 45,000 of a 50,000 floor → 5,000; 52,000 → nothing; half a year: 25,000 − 20,000 = 5,000
    topup = cadre_pay.floor_topup(np.array([45000.0, 52000, 20000]), np.array([50000.0, 50000, 50000]), np.array([12, 12, 6]))
    assert topup.tolist() == [5000, 0, 5000]


def test_disposable_income_grows_after_its_last_dated_value():
    # the scenario dates 13,707 for 2022; grown 6 % a year: 2024 → 13,707 × 1.06² = 15,401.1852; as shipped (no
    # growth, like every scenario's pay) it stays 13,707
    scenario = load_scenario(QIANXINAN, {"policy.cadre_pay.income_growth": 6})
    assert cadre_pay.disposable_income(scenario, 2022) == pytest.approx(13707)
    assert cadre_pay.disposable_income(scenario, 2024) == pytest.approx(15401.1852)
    assert cadre_pay.disposable_income(load_scenario(QIANXINAN), 2024) == pytest.approx(13707)


# ---- 季评价+年考核 tied to performance pay ------------------------------------------------
def test_quarterly_evaluation_pays_the_quarterly_part():
    # “每季度对村(社区)专职干部工作目标完成情况进行评价,评价结果与绩效报酬挂钩”
    # mean monthly scores 90, 75, 65, 50 against 60 / 70 / 85; the fifth cadre was not in post
    grade = cadre_pay.quarter_grade(np.array([90, 75, 65, 50, 0.0]), np.array([True] * 4 + [False]), 60, 70, 85)
    assert grade.tolist() == [EXCELLENT, QUALIFIED, BASIC, UNQUALIFIED, NONE]
    coefficient = cadre_pay.by_grade(grade, [1.2, 1.0, 0.6, 0.0])
    # half of a 10,000 performance standard is quarterly: 5,000 / 4 = 1,250 a quarter × 120 % / 100 % / 60 % / 0
    paid = cadre_pay.quarterly_pay(np.full(5, 10000.0), 0.5, coefficient, np.array([3, 3, 3, 3, 0]))
    assert paid == pytest.approx([1500, 1250, 750, 0, 0])
    # two months in post of the quarter: 1,250 × 2/3
    assert cadre_pay.quarterly_pay(np.array([10000.0]), 0.5, np.array([1.0]), np.array([2]))[0] == pytest.approx(1250 * 2 / 3)
    # “季评价+年考核”: the annual part is the other half × the annual grade's coefficient: 5,000 × 1.2 = 6,000; half a year 3,000
    assert cadre_pay.annual_performance(np.full(2, 10000.0), 0.5, np.full(2, 1.2), np.array([12, 6])).tolist() == [6000, 3000]


# ---- 城镇企业职工基本养老保险 ---------------------------------------------------------------
def test_employee_pension_contributions():
    # “将村(社区)专职干部全部纳入城镇企业职工基本养老保险范围,以县为单位…购买”
    # monthly pay 3,000 / 4,500 / 20,000 within limits 3,500–17,500 → bases 3,500 / 4,500 / 17,500
    base = employee_pension.contribution_base(np.array([3000.0, 4500, 20000]), 3500, 17500, "pay")
    assert base.tolist() == [3500, 4500, 17500]
    # employer 16 %: 560 / 720 / 2,800 paid by the budget; the cadre's own 8 %: 280 / 360 / 1,400
    fiscal, own = employee_pension.contributions(base, 0.16, 0.08, 0.0)
    assert fiscal == pytest.approx([560, 720, 2800]) and own == pytest.approx([280, 360, 1400])
    # the budget paying half of the individual part: 560 + 140 = 700, the cadre 140
    fiscal, own = employee_pension.contributions(np.array([3500.0]), 0.16, 0.08, 0.5)
    assert (fiscal[0], own[0]) == pytest.approx((700, 140))
    assert employee_pension.contribution_base(np.array([9000.0]), 3500, 17500, "lower_limit").tolist() == [3500]


# ---- 动态调整, 离任审计, 离任生活补贴 --------------------------------------------------------
def test_removal_after_unqualified_quarters():
    # “对工作不力…需调整岗位的,及时按程序进行调整”: streaks 0, 1, 1, 2 then grades U, U, Q, none → 1, 2, 0, 2
    streak = cadre_exit.low_quarter_streak(np.array([0, 1, 1, 2], np.int16), np.array([UNQUALIFIED, UNQUALIFIED, QUALIFIED, NONE]))
    assert streak.tolist() == [1, 2, 0, 2]
    assert cadre_exit.removed(streak, 2).tolist() == [False, True, False, True]
    assert not cadre_exit.removed(streak, 0).any()


def test_exit_audit_and_subsidy_by_years_in_office():
    # “对需离职的村(社区)专职干部,执行离任经济责任审计制度”: removed for cause → not normal;
    # an audit finding (draw 0.01 < 5 %) → not normal; otherwise normal
    normal = cadre_exit.normal_exit(np.array([True, False, False]), np.array([0.9, 0.01, 0.5]), 0.05)
    assert normal.tolist() == [False, False, True]
    # “根据任职年限按标准足额发放离任生活补贴”: 20 yuan a month per whole year in office, from 60, ≥ 3 years
    # aged 59 → 0; 60 with 10 years → 200; 2.9 years → 0; not a normal exit → 0; 12.5 years → 12 × 20 = 240
    subsidy = cadre_exit.exit_subsidy(np.array([59, 60, 70, 75, 80]), np.array([10, 10, 2.9, 12.5, 12.5]), np.zeros(5),
                                      np.array([True, True, True, False, True]), np.ones(5, bool), 20, 3, 60, 0)
    assert subsidy.tolist() == [0, 200, 0, 0, 240]
    # for life (duration 0) versus 5 years: in the sixth year (5 years since eligible) nothing is paid
    assert cadre_exit.exit_subsidy(np.array([70]), np.array([10.0]), np.array([5]), np.array([True]), np.array([True]), 20, 3, 60, 5).tolist() == [0]


# ---- 培训 ---------------------------------------------------------------------------------
def test_training_once_a_term():
    # “换届以来,组织对全州9060名村(社区)两委干部全覆盖培训”: terms start at the 2021 and 2026 elections
    assert [training.term_start(y, 2026, 5) for y in (2022, 2025, 2026, 2030, 2031)] == [2021, 2021, 2026, 2026, 2031]
    due = training.due(np.array([2021, 2021, -1]), 2026, np.array([True, False, True]))
    assert due.tolist() == [True, False, True]


# ---- 奖励机制 (§C.7): collective-economy growth, honours, recruitment ---------------------------
REWARDS = "建立村(社区)专职干部“绩效奖励+村集体经济发展奖励+表彰奖励+政策激励”机制"
PROMOTIONS = ("2021年乡镇换届,共有7名优秀村党组织书记选拔进入乡镇领导班子", "近两年来,共有5名村干部被录用为乡镇公务员")


def test_collective_income_starts_by_endowment_around_the_mean():
    # endowments −1, 0, 1 (sd √(2/3) = 0.8165 → z = −1.2247, 0, 1.2247), mean 100,000, spread 0.5:
    # 100,000 × exp(0.5 z − 0.125) = 100,000 × exp(−0.7374), exp(−0.125), exp(0.4874) = 47,837; 88,250; 162,803
    income = cadre_rewards.collective_income_start(np.array([-1.0, 0.0, 1.0]), 100_000, 0.5)
    assert income == pytest.approx([47_837, 88_250, 162_803], rel=1e-4)
    # no spread: every village at the mean
    assert cadre_rewards.collective_income_start(np.array([-1.0, 3.0]), 80_000, 0.0).tolist() == [80_000, 80_000]


def test_collective_growth_follows_the_cadres_performance():
    # base 5 %, effect 1, sd 10 %: share 0.80 against reference 0.75 with noise 0 → 0.05 + 1 × 0.05 = 0.10;
    # share 0.75 with noise −1 → 0.05 − 0.10 = −0.05
    growth = cadre_rewards.collective_growth(np.array([0.80, 0.75]), 0.75, 0.05, 1.0, 0.10, np.array([0.0, -1.0]))
    assert growth == pytest.approx([0.10, -0.05])


def test_collective_economy_reward_shares_part_of_the_increase():
    # 村集体经济发展奖励 (REWARDS): share 10 % of the increase, at least 10 % growth, cap 5,000 a cadre.
    # village 0: 200,000 × 15 % = 30,000 increase → 3,000 among 3 cadres = 1,000 each
    # village 1: 200,000 × 5 % grew too little → 0
    # village 2: 1,000,000 × 20 % = 200,000 → 20,000 / 2 = 10,000 each, capped at 5,000
    # village 3: no cadre sharing → 0
    per_cadre = cadre_rewards.collective_reward(np.array([200_000.0, 200_000.0, 1_000_000.0, 200_000.0]), np.array([0.15, 0.05, 0.20, 0.30]),
                                                0.10, 0.10, np.array([3, 3, 2, 0]), 5_000)
    assert per_cadre == pytest.approx([1_000, 0, 5_000, 0])


def test_honours_follow_the_grade():
    # 表彰奖励 (REWARDS): chances 10 % excellent, 1 % qualified, none below; draws 0.05, 0.05, 0.005, 0.0, 0.05 for
    # excellent, qualified, qualified, basic, excellent-but-not-eligible → honoured, no, yes, no, no
    won = cadre_rewards.honoured(np.array([0.05, 0.05, 0.005, 0.0, 0.05]), np.array([EXCELLENT, QUALIFIED, QUALIFIED, BASIC, EXCELLENT]),
                                 [0.10, 0.01, 0.0, 0.0], np.array([True, True, True, True, False]))
    assert won.tolist() == [True, False, True, False, False]


def test_recruitment_places_follow_the_source():
    # PROMOTIONS: 7 secretaries / 9 counties ≈ 0.8 a county at each township election (2026, 2031) and
    # 5 / 9 / 2 ≈ 0.3 a county and year into the civil service (2023, 2027, 2030): 5 places over 2022–2031
    scenario = load_scenario(QIANXINAN)
    places = [scenario.value("policy.recruitment.annual_places", y) for y in range(2022, 2032)]
    assert places == [0, 1, 0, 0, 1, 1, 0, 0, 1, 1]
    assert scenario.value("policy.recruitment.min_stars") == 0 and scenario.value("policy.recruitment.leaves_post")
    assert not scenario.has("policy.stars")


def test_rewards_and_recruitment_in_the_run(model):
    frame = model.result.costs_frame()
    paid = frame.groupby(["item", "payer"])["fen"].sum()
    # the rewards are their own ledger items, paid by the payers the scenario names (after the review: from 2023)
    assert paid.loc[("collective_economy_reward", "village_collective")] > 0
    assert paid.loc[("honour_reward", "county")] % (2000 * 100) == 0 and paid.loc[("honour_reward", "county")] > 0
    years = frame[frame["item"].isin(["collective_economy_reward", "honour_reward"])]["year"]
    assert years.min() == 2023
    # one place in 2023 and one in 2026 (2022–2026); each recruited cadre leaves the village post
    recruited = model.result.indicators["recruited"]
    assert recruited.tolist() == [0, 1, 0, 0, 1]
    assert model.result.indicators["collective_income_mean"][0] > 0


# ---- the scenario ------------------------------------------------------------------------
def test_scenario_quotes_its_source():
    sentences = ("一般每村(社区)按3名核定", "每人每月在村(社区)上班时间不得少于22天(节假日除外),每天必须有人值班为群众办事",
                 "支书、主任年收入不低于4.2万元,“一肩挑”的不低于5万元", "根据任职年限按标准足额发放离任生活补贴", REWARDS, *PROMOTIONS)
    scenario_text = QIANXINAN.read_text(encoding="utf-8")
    seed_text = SEED.read_text(encoding="utf-8") if SEED.exists() else scenario_text
    assert all(s in scenario_text and s in seed_text for s in sentences)


def test_standard_pay_in_the_model_meets_the_floors(model):
    P = model.params()
    base, performance, floor = cadre_pay.standard(model.world.heads.role, P, model.config, model.year)
    income = cadre_pay.disposable_income(model.config, model.year)
    assert (base >= 3 * income - 1e-6).all()
    assert (base + performance >= floor - 1e-6).all()
    heads = model.world.heads
    assert floor[heads.role == roles.code("secretary_director")].min() == 50000
    assert floor[heads.role == roles.code("secretary")].min() == 42000


def test_every_mechanism_books_its_ledger_item(model):
    frame = model.result.costs_frame()
    yearly = frame.groupby(["year", "item"])["fen"].sum().unstack(fill_value=0)
    for item in ("base_pay", "performance_pay", "quarterly_pay", "employee_pension", "exit_subsidy", "training"):
        assert yearly[item].sum() > 0, item
    # training: every cadre in post in the 2026 election year (561 × 1,500 yuan), newcomers in between
    assert yearly.loc[2026, "training"] == 561 * 1500 * 100
    # deputies and clerks are paid too (the ledger keeps roles)
    by_role = model.ledger.yearly[0].sum(axis=(0, 1, 2))
    assert by_role[DEPUTY] > 0 and by_role[CLERK] > 0
    assert "pay_earned_median" in model.result.indicators and "duty_coverage" in model.result.indicators


def test_attendance_needs_its_behaviour(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(f'extends = "{QIANXINAN.as_posix()}"\ndisable = ["behaviour.attendance"]\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        load_scenario(bad)
    assert "policy.attendance: needs [behaviour.attendance]" in str(exc.value)


def test_cli_prints_costs_of_the_new_items(cli, tmp_path):
    code, out, err = cli("run", QIANXINAN, "--years", "2", "--reps", "1", "--out", tmp_path / "o")
    assert code == 0, err
    for label in ("季度考评绩效", "城镇职工养老保险单位缴费", "基本报酬", "考核等次分布", "实得报酬中位数"):
        assert label in out
    costs = pd.read_csv(tmp_path / "o" / "costs.csv", encoding="utf-8-sig")
    assert {"quarterly_pay", "employee_pension"} <= set(costs["item"])
    # attendance, audits and awards draw from named streams: the same seed gives the same files
    code, _, err = cli("run", QIANXINAN, "--years", "2", "--reps", "1", "--out", tmp_path / "again")
    assert code == 0, err
    for name in ("costs.csv", "indicators.csv"):
        assert (tmp_path / "o" / name).read_bytes() == (tmp_path / "again" / name).read_bytes()
