"""Jiaozhou's first-secretary rulebook, checked against records worked out by hand.

Each test quotes the sentence of 003_9f1f85300d86763c.txt (胶州市…“三定一诺双评”实施细则) it
implements. The baseline record `PERFECT` does everything the rulebook asks and nothing more:
第十六条(一) 10+10+10+5+15+10 = 60, (二) 4+4+8+8+5+3+8 = 40, so base 100, bonus 0; its vote
(6 very satisfied, 3 satisfied, 1 basically satisfied of 12 entitled) gives satisfaction
(6+3)/10 = 0.9 and total 100 × 0.9 = 90.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simtoolkit.rules import first_secretary as fs
from simtoolkit.scenario import load_scenario

JIAOZHOU = Path(__file__).parents[1] / "scenarios" / "jiaozhou.toml"

PERFECT = dict(
    id="1", category="town/full-time",
    rules_study_held=1, conflict_deduction=0, training_held=1, study_trips=0, new_secretary_for_weak_village=0,
    development_plan=1, annual_plan=1, process_violations=0, democracy_days_missed=0, member_review=0,
    credit_rating=0, facilities_added=0, premises_investment_10k=0.0, service_point=0, diary_deduction=0,
    research_report=1, weekly_meetings_missed=0, meetings_missed=0, talks_deduction=0, appointments_deduction=0,
    households_paired=2, households_visited=1, school_aid=0, jobs=0, poverty_projects=0, relief_applications=0,
    discipline_breaches=0, severe_discipline_breaches=0, complaints=0, severe_complaints=0, funds_10k=0.0,
    policy_funds_10k=0.0, projects_class1=0, projects_class2=0, projects_class3=0, projects_class4=0,
    demonstration_bases=0, branch_rank_change=0, votes_very_satisfied=6, votes_satisfied=3,
    votes_basically_satisfied=1, votes_dissatisfied=0, eligible_voters=12, serious_adverse_impact=0,
    caused_petition=0, caused_mass_incident=0,
)
# Votes that give other satisfactions (with 10 votes of 12 entitled, turnout is fine).
SAT_80 = dict(votes_very_satisfied=5, votes_satisfied=3, votes_basically_satisfied=2)
SAT_75 = dict(votes_very_satisfied=6, votes_satisfied=0, votes_basically_satisfied=2, eligible_voters=8)
SAT_70 = dict(votes_very_satisfied=4, votes_satisfied=3, votes_basically_satisfied=3)
SAT_60 = dict(votes_very_satisfied=3, votes_satisfied=3, votes_basically_satisfied=4)
SAT_50 = dict(votes_very_satisfied=2, votes_satisfied=3, votes_basically_satisfied=5)
SAT_40 = dict(votes_very_satisfied=2, votes_satisfied=2, votes_basically_satisfied=3, votes_dissatisfied=3)


@pytest.fixture(scope="module")
def scenario():
    """The shipped Jiaozhou scenario."""
    return load_scenario(JIAOZHOU)


@pytest.fixture(scope="module")
def P(scenario):
    """Its values in the first year, as the scorer uses them."""
    return scenario.params(scenario.value("run.start_year"))


def records(*rows: dict) -> pd.DataFrame:
    """Records built from PERFECT with changes; ids 1, 2, … unless given; indexed like a sheet (row 2 on)."""
    built = [{**PERFECT, "id": str(i + 1), **row} for i, row in enumerate(rows)]
    return pd.DataFrame(built, index=pd.RangeIndex(2, 2 + len(built), name="row"))


def scored(P, **changes) -> pd.Series:
    """The scores of one record."""
    return fs.score(records(changes), P).iloc[0]


def grades(P, *rows: dict) -> list[str]:
    """The grade codes of several records, in order."""
    return list(fs.assess(records(*rows), P).grade)


def test_perfect_record_scores_the_base_100(P):
    # 第十五条 组织工作目标考评…基本分为100分: 60 + 40 = 100; 17: (6+3)/10 = 0.9; total 90
    row = scored(P)
    assert (row.base_score, row.bonus_score, row.organisation_score) == (100, 0, 100)
    assert row.satisfaction == pytest.approx(0.9)
    assert row.total == pytest.approx(90)


# (quote, changes, base score) for every line of 第十六条(一) and (二); bonus stays 0.
BASE_LINES = [
    # 100 − 5 = 95
    ("(一)1① 未组织学习《暂行办法》扣5分", dict(rules_study_held=0), 95),
    # 100 − 3 = 97
    ("(一)1① 村班子存在严重矛盾未及时化解视情扣1-5分", dict(conflict_deduction=3), 97),
    # item 10 − 5 − 5 = 0 → 100 − 10 = 90
    ("(一)1① …扣5分;…视情扣1-5分 (both)", dict(rules_study_held=0, conflict_deduction=5), 90),
    # 100 − 10 = 90
    ("(一)1② 集中培训记10分,否则扣10分", dict(training_held=0), 90),
    # 100 + 3 × 5 = 115
    ("(一)1③ 外出考察或进行致富技能培训,每次奖5分", dict(study_trips=3), 115),
    # 100 + 20 = 120
    ("(一)1④ 为后进村班子新选任一名…优秀党组织负责人奖20分", dict(new_secretary_for_weak_village=1), 120),
    # 100 − 10 = 90
    ("(一)2① 科学发展规划,记10分,否则扣10分", dict(development_plan=0), 90),
    # 100 − 5 = 95
    ("(一)2② 年度工作计划记5分,否则扣5分", dict(annual_plan=0), 95),
    # 100 − 2 × 5 = 90
    ("(一)3① 每发生一起违规决策事项或违规发展党员扣5分", dict(process_violations=2), 90),
    # item 15 − 4 × 5 = −5 → 0 (扣完为止): 100 − 15 = 85
    ("(一)3① …扣5分 (item floor)", dict(process_violations=4), 85),
    # 100 − 3 × 1 = 97
    ("(一)3② “民主活动日”记10分,每缺1次扣1分", dict(democracy_days_missed=3), 97),
    # item 10 − 12 → 0: 100 − 10 = 90
    ("(一)3② …每缺1次扣1分 (item floor)", dict(democracy_days_missed=12), 90),
    # 100 + 3 = 103
    ("(一)3③ 建立实施党员资格年审制度,奖3分", dict(member_review=1), 103),
    # 100 + 3 = 103
    ("(一)3④ 建立党员信用等级评价体系,奖3分", dict(credit_rating=1), 103),
    # 100 + 6 = 106
    ("(一)4① 新配备办公设施奖6分", dict(facilities_added=1), 106),
    # 2.5 万元 counts as 2 whole units: 100 + 2 × 5 = 110
    ("(一)4② 修缮、新建村活动场所,每投入1万元奖5分", dict(premises_investment_10k=2.5), 110),
    # 100 + 3 = 103
    ("(一)5 建立为民服务代理点,并充分发挥作用奖3分", dict(service_point=1), 103),
    # 100 − 3 = 97
    ("(二)1① 记写“民情日记”,记4分,否则视情扣1-4分", dict(diary_deduction=3), 97),
    # 100 − 4 = 96
    ("(二)1② 调研报告记4分,否则扣4分", dict(research_report=0), 96),
    # 100 − 3 × 1 = 97
    ("(二)2 工作例会记8分,每缺1次扣1分", dict(weekly_meetings_missed=3), 97),
    # item 8 − 10 → 0: 100 − 8 = 92
    ("(二)2 …每缺1次扣1分 (item floor)", dict(weekly_meetings_missed=10), 92),
    # 100 − 2 × 2 = 96
    ("(二)3 参加…会议…记8分,每缺一次扣2分", dict(meetings_missed=2), 96),
    # item 8 − 5 × 2 = −2 → 0: 100 − 8 = 92
    ("(二)3 …每缺一次扣2分 (item floor)", dict(meetings_missed=5), 92),
    # 100 − 2 = 98
    ("(二)4① 谈心谈话记5分,否则视情扣1-5分", dict(talks_deduction=2), 98),
    # 100 − 3 = 97
    ("(二)4② 接受党员群众约谈记3分,否则视情扣1-3分", dict(appointments_deduction=3), 97),
    # 100 − 1 × 3 = 97
    ("(二)5① 结对帮扶2户特困家庭…记8分,缺1户扣3分", dict(households_paired=1), 97),
    # 100 − 2 = 98
    ("(二)5① …未入户走访扣2分", dict(households_visited=0), 98),
    # item 8 − 2 × 3 − 2 = 0: 100 − 8 = 92
    ("(二)5① 缺1户扣3分,未入户走访扣2分 (both)", dict(households_paired=0, households_visited=0), 92),
    # 100 + 4 = 104
    ("(二)5② 对特困家庭的学生进行爱心助学,奖4分", dict(school_aid=1), 104),
    # 100 + 2 × 5 = 110
    ("(二)5③ 每帮助特困家庭落实1个就业岗位奖5分", dict(jobs=2), 110),
    # 100 + 8 = 108
    ("(二)5④ 每帮助特困家庭落实1个脱贫致富项目奖8分", dict(poverty_projects=1), 108),
    # 100 + 2 × 3 = 106
    ("(二)5⑤ 每帮助特困家庭向有关部门申请一笔困难救助奖3分", dict(relief_applications=2), 106),
    # 100 − 5 = 95
    ("(二)6① 每发生一起违反“六严禁”工作纪律的情况扣5分", dict(discipline_breaches=1), 95),
    # 100 − 10 = 90
    ("(二)6① …情节特别严重的扣10分", dict(severe_discipline_breaches=1), 90),
    # 100 − 5 = 95
    ("(二)6② 被群众投诉,经查实每起扣5分", dict(complaints=1), 95),
    # 100 − 10 = 90
    ("(二)6② …情节特别严重的扣10分", dict(severe_complaints=1), 90),
]


@pytest.mark.parametrize("quote, changes, base", BASE_LINES, ids=[str(c) for _, c, _ in BASE_LINES])
def test_every_line_of_sections_one_and_two(P, quote, changes, base):
    # 第十六条 (quoted in each case): sections (一) and (二) make the base score; no bonus
    row = scored(P, **changes)
    assert row.base_score == base, quote
    assert row.bonus_score == 0
    assert row.organisation_score == base


def test_discipline_deductions_have_no_floor(P):
    # 第十六条(二)6① 每发生一起违反“六严禁”工作纪律的情况扣5分,情节特别严重的扣10分
    # ② 被群众投诉,经查实每起扣5分,情节特别严重的扣10分 — no stated maximum, so no floor:
    # 100 − (2×5 + 5×10) − (1×5 + 3×10) = 100 − 60 − 35 = 5
    row = scored(P, discipline_breaches=2, severe_discipline_breaches=5, complaints=1, severe_complaints=3)
    assert row.base_score == 5
    # and below zero: 100 − 12 × 10 = −20; total −20 × 0.9 = −18
    row = scored(P, severe_discipline_breaches=12)
    assert (row.base_score, row.total) == (-20, pytest.approx(-18))


def test_deduction_floor_applies_to_its_item_only(P, scenario):
    # 第十六条(一)1① 未组织学习《暂行办法》扣5分;…视情扣1-5分 — the item stops at zero (扣完为止).
    # With the missing-study deduction raised to 8: item 10 − 8 − 5 = −3 → 0, and the other
    # items keep their points: 100 − 10 = 90 (not 87).
    changed = scenario.with_changes({"policy.first_secretary.rules_study_missing_deduction": 8})
    P8 = changed.params(2023)
    assert scored(P8, rules_study_held=0, conflict_deduction=5).base_score == 90


# (quote, changes, bonus score) for 第十六条(三) and (四); the base stays 100.
BONUS_LINES = [
    # 3.9 万元 → 3 whole units: 3 × 5 = 15
    ("(三)1 争取物资、资金投入,每投入1万元奖5分", dict(funds_10k=3.9), 15),
    # 4 × 2 = 8
    ("(三)2 为村庄争取各级政策扶持资金每1万元奖2分", dict(policy_funds_10k=4.0), 8),
    # 2 × 40 = 80
    ("(三)3 …按一类40分", dict(projects_class1=2), 80),
    # 30
    ("(三)3 …二类30分", dict(projects_class2=1), 30),
    # 20
    ("(三)3 …三类20分", dict(projects_class3=1), 20),
    # 3 × 10 = 30
    ("(三)3 …四类10分予以奖分", dict(projects_class4=3), 30),
    # 2 × 10 = 20
    ("(三)4 每帮助村庄建立一处种植或养殖示范基地奖10分", dict(demonstration_bases=2), 20),
    # 2 × 10 = 20
    ("(四) B、C、D级每晋一位奖10分", dict(branch_rank_change=2), 20),
    # −1 × 10 = −10
    ("(四) A、B、C级每降一位扣10分", dict(branch_rank_change=-1), -10),
]


@pytest.mark.parametrize("quote, changes, bonus", BONUS_LINES, ids=[str(c) for _, c, _ in BONUS_LINES])
def test_every_line_of_sections_three_and_four(P, quote, changes, bonus):
    # 第十六条 (quoted in each case): (三) and (四) make the bonus score; organisation = base + bonus
    row = scored(P, **changes)
    assert row.base_score == 100
    assert row.bonus_score == bonus, quote
    assert row.organisation_score == 100 + bonus


def test_bonus_lines_add_together(P):
    # 第十六条(三)1–4 均为奖分 with (四): 1 × 5 + 1 × 2 + 40 + 10 + 10 − 10 = 57; organisation 157
    row = scored(P, funds_10k=1.0, policy_funds_10k=1.0, projects_class1=1, projects_class4=1, demonstration_bases=1, branch_rank_change=-1)
    assert (row.bonus_score, row.organisation_score) == (57, 157)


def test_amounts_pro_rata_when_the_scenario_says_so(P, scenario):
    # 每投入1万元奖5分 / 每1万元奖2分 — with amounts_pro_rata = true, 2.5 万元 counts 2.5:
    # base 100 + 2.5 × 5 = 112.5; bonus 3.9 × 5 + 1.5 × 2 = 19.5 + 3 = 22.5
    pro_rata = scenario.with_changes({"policy.first_secretary.amounts_pro_rata": True}).params(2023)
    row = scored(pro_rata, premises_investment_10k=2.5, funds_10k=3.9, policy_funds_10k=1.5)
    assert (row.base_score, row.bonus_score) == (pytest.approx(112.5), pytest.approx(22.5))
    # whole units by default: 100 + 2 × 5 = 110; 3 × 5 + 1 × 2 = 17
    row = scored(P, premises_investment_10k=2.5, funds_10k=3.9, policy_funds_10k=1.5)
    assert (row.base_score, row.bonus_score) == (110, 17)


def test_points_come_from_the_scenario(scenario):
    # 第十六条(一)1③ 每次奖5分 — changed to 7 in a reform: 100 + 3 × 7 = 121
    reform = scenario.with_changes({"policy.first_secretary.study_trip_bonus": 7}).params(2023)
    assert scored(reform, study_trips=3).base_score == 121


def test_satisfaction_and_total(P):
    # 第十七条 群众满意度=(很满意票数+满意票数)÷投票数: (5 + 3) ÷ (5 + 3 + 2 + 0) = 0.8
    # 第十九条(四) 考核总分=组织工作目标考评得分×群众满意度: (100 + 20) × 0.8 = 96
    row = scored(P, jobs=4, **SAT_80)
    assert row.satisfaction == pytest.approx(0.8)
    assert row.organisation_score == 120
    assert row.total == pytest.approx(96)


def test_turnout_of_exactly_two_thirds_is_valid(P):
    # 第十七条 参加投票人数不少于应参加人数的2/3: 10 votes of 15 entitled, 10 × 3 = 30 ≥ 2 × 15 = 30
    row = scored(P, eligible_voters=15)
    assert row.valid_vote
    assert row.total == pytest.approx(90)


def test_turnout_below_two_thirds_makes_the_vote_invalid(P):
    # 第十七条 参加投票人数不少于应参加人数的2/3: 10 votes of 16 entitled, 30 < 32 → invalid;
    # the row keeps no scores
    row = scored(P, eligible_voters=16)
    assert not row.valid_vote
    assert row[["base_score", "bonus_score", "organisation_score", "satisfaction", "total"]].isna().all()


def test_top_thirty_percent_excellent_next_thirty_good(P):
    # 第十九条(四) 按照类别分别按30%的比例确定优秀等次,按30%的比例确定良好等次…其他为称职等次
    # 10 records with 0..9 study trips: totals 0.9 × (100 + 5k); places floor(0.3 × 10) = 3 and 3:
    # k = 9, 8, 7 excellent; 6, 5, 4 good; 3, 2, 1, 0 competent
    result = grades(P, *[dict(study_trips=k) for k in range(10)])
    assert result == ["competent"] * 4 + ["good"] * 3 + ["excellent"] * 3


def test_places_are_rounded_down(P):
    # 按30%的比例: 5 records → floor(0.3 × 5) = floor(1.5) = 1 excellent and 1 good
    assert grades(P, *[dict(study_trips=k) for k in range(5)]) == ["competent"] * 3 + ["good", "excellent"]
    # 3 records → floor(0.9) = 0: nobody excellent or good
    assert grades(P, *[dict(study_trips=k) for k in range(3)]) == ["competent"] * 3


def test_each_category_is_ranked_on_its_own(P):
    # 第十九条(四) 按镇(街道)和市直部门(单位)、脱产和非脱产…分别进行排名 … 按照类别分别按30%的比例
    # 4 per category → floor(1.2) = 1 place each; category B's best (total 0.8 × 100 = 80) is
    # excellent though every A row scores more (≥ 90)
    a = [dict(category="A", study_trips=k) for k in range(4)]
    b = [dict(category="B", study_trips=k, **SAT_80) for k in range(4)]
    result = grades(P, *a, *b)
    assert result == ["competent", "competent", "good", "excellent"] * 2


def test_equal_totals_are_ordered_by_organisation_score(P):
    # 根据考核位次 … ties (the issue): organisation score, then id.
    # id 1: 100 × 0.9 = 90; id 2: (100 + 4 × 5) × 6/8 = 120 × 0.75 = 90 — equal totals; id 2 has
    # the higher organisation score, so it takes the one excellent place (floor(0.3 × 4) = 1)
    rows = [dict(), dict(study_trips=4, **SAT_75), dict(**SAT_80), dict(**SAT_80)]
    assert grades(P, *rows) == ["good", "excellent", "competent", "competent"]


def test_full_ties_are_ordered_by_id(P):
    # equal total and organisation score (100 × 0.9 = 90 both): the lower id first; ids that are
    # all numbers compare as numbers, so "9" comes before "10"
    rows = [dict(id="10"), dict(id="9"), dict(id="11", **SAT_80), dict(id="12", **SAT_80)]
    assert grades(P, *rows) == ["good", "excellent", "competent", "competent"]
    # text ids compare as text: "a" before "b"
    rows = [dict(id="b"), dict(id="a"), dict(id="c", **SAT_80), dict(id="d", **SAT_80)]
    assert grades(P, *rows) == ["good", "excellent", "competent", "competent"]


def test_base_score_below_80_cannot_be_excellent(P):
    # 第十九条(四) 基本工作目标和执行工作制度及工作纪律得分低于80分…的,不得确定为优秀等次
    # id 1: base 100 − 10 − 10 − 5 = 75 (no training, no plans), + 40 (class-1 project):
    #       115 × 0.9 = 103.5, the best total, but base 75 < 80 → skipped; it is first of the rest → good
    # id 2: 110 × 0.9 = 99 → excellent; ids 3, 4: 90, 80 → competent (places floor(1.2) = 1 and 1)
    weak_base = dict(training_held=0, development_plan=0, annual_plan=0, projects_class1=1)
    result = fs.assess(records(weak_base, dict(study_trips=2), dict(), dict(**SAT_80)), P)
    assert list(result.grade) == ["good", "excellent", "competent", "competent"]
    assert result.base_score.iloc[0] == 75 and result.barred_base.iloc[0]


def test_base_score_of_exactly_80_can_be_excellent(P):
    # …得分低于80分…不得确定为优秀: base 100 − 10 − 10 = 80 is not below 80;
    # (80 + 40) × 0.9 = 108 beats 110 × 0.9 = 99 → excellent
    base_80 = dict(training_held=0, development_plan=0, projects_class1=1)
    assert grades(P, base_80, dict(study_trips=2), dict(), dict(**SAT_80)) == ["excellent", "good", "competent", "competent"]


def test_branch_that_fell_cannot_be_excellent(P):
    # 第十九条(四) …或所任职党组织年度考评定级降位的,不得确定为优秀等次
    # id 1: bonus 40 − 10 = 30: 130 × 0.9 = 117, best total, but its branch fell a rank → good;
    # id 2: 110 × 0.9 = 99 → excellent
    fell = dict(branch_rank_change=-1, projects_class1=1)
    result = fs.assess(records(fell, dict(study_trips=2), dict(), dict(**SAT_80)), P)
    assert list(result.grade) == ["good", "excellent", "competent", "competent"]
    assert result.barred_rank.iloc[0]


def test_a_bar_is_only_a_reason_where_it_cost_a_place(P):
    # base 75 but the lowest total (75 × 0.9 = 67.5): it would not have been excellent anyway,
    # so its reason does not mention the bar
    weak_base = dict(training_held=0, development_plan=0, annual_plan=0)
    result = fs.assess(records(dict(study_trips=2), dict(), dict(**SAT_80), weak_base), P)
    assert list(result.grade) == ["excellent", "good", "competent", "competent"]
    assert not result.barred_base.iloc[3]


def test_places_left_empty_when_every_row_is_barred(P):
    # …所任职党组织年度考评定级降位的,不得确定为优秀等次: all four branches fell a rank, totals
    # 0.9 × (100 − 10 + 5k). The one excellent place (floor(0.3 × 4) = 1) stays empty — it does
    # not pass to good — and the one good place goes to the best total: id 4 (k = 3, 85.5)
    fell = [dict(branch_rank_change=-1, study_trips=k) for k in range(4)]
    result = fs.assess(records(*fell), P)
    assert list(result.grade) == ["competent", "competent", "competent", "good"]
    assert result.barred_rank.all()


@pytest.mark.parametrize(
    "event, quote",
    [
        ("serious_adverse_impact", "①违犯“六严禁”纪律规定,造成严重不良影响的"),
        ("caused_petition", "②因工作方式方法不当,激化干群矛盾,造成群众集体访、越级访…的"),
        ("caused_mass_incident", "③因掌控信息迟缓、报告不及时、处置不得当,导致群体性事件发生的"),
    ],
)
def test_events_make_the_grade_incompetent(P, event, quote):
    # 第十九条(四) 出现下列情形之一的直接确定为不称职等次: (quoted per case).
    # id 1 has the best total (120 × 0.9 = 108) but the event → incompetent; it still counts in
    # n = 4, so one excellent place (floor(1.2)) goes to id 2 (99) and one good to id 3 (90)
    rows = [dict(study_trips=4, **{event: 1}), dict(study_trips=2), dict(), dict(**SAT_80)]
    assert grades(P, *rows) == ["incompetent", "excellent", "good", "competent"], quote


def test_low_satisfaction_sets_the_grade_directly(P):
    # 第十九条(四) 群众满意度测评为基本称职或不称职等次的直接确定为考核基本称职或不称职等次
    # thresholds (assumptions in jiaozhou.toml): below 50 % incompetent, below 70 % basically competent
    # 4/10 = 0.4 → incompetent; 5/10 = 0.5 → basically competent; 6/10 → basically competent;
    # 7/10 = 0.7 is not below 70 % → ranked: 100 × 0.7 = 70 … n = 4 → 1 excellent place: id 4
    result = grades(P, dict(**SAT_40), dict(**SAT_50), dict(**SAT_60), dict(**SAT_70))
    assert result == ["incompetent", "basically_competent", "basically_competent", "excellent"]


def test_direct_grades_count_in_the_places(P):
    # 按30%的比例 over the n rows with a valid vote, direct grades included: 10 rows, one of them
    # basically competent (satisfaction 0.6) → still floor(0.3 × 10) = 3 excellent and 3 good
    # among the other 9 (trips 1..9): 9, 8, 7 excellent; 6, 5, 4 good; 3, 2, 1 competent
    rows = [dict(**SAT_60)] + [dict(study_trips=k) for k in range(1, 10)]
    result = grades(P, *rows)
    assert result == ["basically_competent"] + ["competent"] * 3 + ["good"] * 3 + ["excellent"] * 3


def test_invalid_votes_take_no_part_in_ranking(P):
    # 第十七条 参加投票人数不少于应参加人数的2/3: 3 rows with 10 votes of 20 entitled (30 < 40) are
    # invalid, however high their scores; n = 4 valid rows → floor(1.2) = 1 excellent, 1 good
    # (counting all 7 rows would give floor(2.1) = 2)
    invalid = [dict(study_trips=10 + k, eligible_voters=20) for k in range(3)]
    valid = [dict(study_trips=k) for k in range(4)]
    result = grades(P, *invalid, *valid)
    assert result == ["invalid_vote"] * 3 + ["competent", "competent", "good", "excellent"]


def test_shares_come_from_the_scenario(scenario):
    # 按30%的比例确定优秀等次 — a reform with 50 % excellent and 20 % good over 10 rows:
    # floor(5) = 5 excellent (trips 9..5), floor(2) = 2 good (4, 3), 3 competent
    reform = scenario.with_changes({"policy.first_secretary.excellent_share": 50, "policy.first_secretary.good_share": 20})
    result = grades(reform.params(2023), *[dict(study_trips=k) for k in range(10)])
    assert result == ["competent"] * 3 + ["good"] * 2 + ["excellent"] * 5


def test_votes_above_entitled_are_a_problem_naming_the_row():
    # 参加投票人数…应参加人数: 6 + 3 + 1 + 0 = 10 votes but only 9 entitled → row 3 is reported
    problems = fs.vote_problems(records(dict(), dict(eligible_voters=9)))
    assert problems == [(3, "eligible_voters", "the four vote counts add up to 10, more than the 9 entitled voters")]


def test_reasons_in_english(P):
    # the 4 valid rows of test_base_score_below_80_cannot_be_excellent and one invalid vote:
    # places floor(0.3 × 4) = 1; id 2 is second by total but first of those who may be excellent
    weak_base = dict(training_held=0, development_plan=0, annual_plan=0, projects_class1=1)
    rows = records(weak_base, dict(study_trips=2), dict(), dict(**SAT_80), dict(eligible_voters=20))
    table = fs.present(fs.assess(rows, P), rows, P, "en")
    assert list(table.grade) == ["good", "excellent", "competent", "competent", "invalid_vote"]
    ranked = "by total of 4 ranked in category 'town/full-time'"
    assert table.reason[1] == f"rank 2 {ranked}; excellent place 1 of 1 (30% of 4)"
    assert table.reason[0] == f"rank 1 {ranked}; good place 1 of 1 (30% of 4); not excellent: base score 75.00 below 80"
    assert table.reason[3] == f"rank 4 {ranked}; outside the excellent and good places"
    # 10 votes of 20 entitled: 30 < 40
    assert table.reason[4] == "vote invalid: 10 of 20 entitled voters took part, fewer than 2/3; not ranked"
    # invalid: scores empty; others with 2 and 4 decimals: 115 × 0.9 = 103.50
    assert table.iloc[4][["base_score", "bonus_score", "organisation_score", "satisfaction", "total"]].tolist() == [""] * 5
    assert table.iloc[0][["base_score", "bonus_score", "organisation_score", "satisfaction", "total"]].tolist() == [
        "75.00", "40.00", "115.00", "0.9000", "103.50"
    ]


def test_event_reasons_name_the_article(P):
    # 第十九条(四) ①违犯“六严禁”纪律规定,造成严重不良影响的 and ③…导致群体性事件发生的, both on one row
    rows = records(dict(serious_adverse_impact=1, caused_mass_incident=1))
    table = fs.present(fs.assess(rows, P), rows, P, "zh")
    assert table.grade[0] == "不称职"
    assert table.reason[0] == (
        "违犯“六严禁”纪律规定,造成严重不良影响,直接确定为不称职(第十九条(四)①)；导致群体性事件,直接确定为不称职(第十九条(四)②③)"
    )


def test_reasons_and_grades_in_chinese(P):
    # 群众满意度 4/10 = 40.00% 低于 50%: 不称职; 5/10 低于 70%: 基本称职
    rows = records(dict(**SAT_40), dict(**SAT_50))
    table = fs.present(fs.assess(rows, P), rows, P, "zh")
    assert list(table.grade) == ["不称职", "基本称职"]
    assert table.reason[0] == "群众满意度40.00%低于50%,测评为不称职,直接确定为不称职"
    assert table.reason[1] == "群众满意度50.00%低于70%,测评为基本称职,直接确定为基本称职"


def test_scoring_is_vectorised_over_many_records(P):
    # 2,000 records score and grade in one pass, with one grade per record and the places per
    # category as the rule says: 2 categories × 1,000 → 300 excellent and 300 good each
    rng = np.random.default_rng(5)
    rows = [dict(id=str(i), category="AB"[i % 2], study_trips=int(k)) for i, k in enumerate(rng.integers(0, 20, 2000))]
    result = fs.assess(records(*rows), P)
    counts = result.groupby(["category", "grade"]).size()
    assert counts[("A", "excellent")] == counts[("B", "excellent")] == 300
    assert counts[("A", "good")] == counts[("B", "good")] == 300
