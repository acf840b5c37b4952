"""Qingxu's star-rating rules (RULES.md §A), each checked on a small hand-made table worked out by hand.

Source: /work/shared/seeds/000_e0b0dd193435af35.txt (quoted in each test).
"""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.rules import assessment, eligibility, grades, incentives, mentoring, pay, recruitment, stars
from simtoolkit.rules.grades import BASIC, EXCELLENT, NONE, QUALIFIED, UNQUALIFIED
from simtoolkit.scenario import load_scenario
from simtoolkit.rules import roles


@pytest.fixture
def P(qingxu):
    """Qingxu's parameters in force in 2023."""
    return load_scenario(qingxu).params(2023)


# ---- 定范围: eligibility -------------------------------------------------------------------
def test_eligible_after_one_full_year():
    # “明确符合任职村社“两委”主干满一年条件才能参与星级初评”
    # rating at the end of December (month 11); a head who started in month 0 has served 12 months,
    # one who started in month 1 has served 11 — exactly one year is enough, a month less is not.
    start = np.array([0, 1, -5, 11])
    assert eligibility.months_in_post(start, 11).tolist() == [12, 11, 17, 1]
    assert eligibility.eligible(start, 11, 12).tolist() == [True, False, True, False]


# ---- 双评年考: the annual assessment ------------------------------------------------------
def test_annual_quantitative_is_the_mean_of_monthly_totals():
    # “以12个月的月评分总分平均为量化考核得分”
    # head 0: six months of 80 and six of 90 → 1020 / 12 = 85; head 1 came in October: 3 months → 270/3 = 90
    sums, months = np.array([6 * 80 + 6 * 90, 3 * 90.0]), np.array([12, 3])
    assert assessment.annual_quantitative(sums, months).tolist() == [85.0, 90.0]
    # a month's total is the sum of the 10 category scores (“10类41项内容作为考核指标”)
    categories = np.array([[15, 15, 10, 10, 10, 10, 10, 10, 5, 5], [7.5, 7.5, 5, 5, 5, 5, 5, 5, 2.5, 2.5]])
    assert assessment.monthly_total(categories).tolist() == [100.0, 50.0]


def test_organisation_score_is_the_raters_mean():
    # “召开乡街党委扩大会议对村党组织书记年度履职情况进行评价打分,进行平均为组织评价得分”
    raters = np.array([[90, 80, 70], [60, 60, 90.0]])
    assert assessment.organisation_score(raters).tolist() == [80.0, 70.0]


def test_democratic_score_from_three_voter_groups():
    # “引入党员和村民代表及普通群众参与测评…形成民主测评得分”
    points = np.array([100, 80, 60, 0.0])
    members = np.array([[3, 1, 0, 0]])  # (300 + 80) / 4 = 95
    representatives = np.array([[0, 2, 2, 0]])  # (160 + 120) / 4 = 70
    households = np.array([[1, 0, 0, 1]])  # (100 + 0) / 2 = 50
    weights = np.array([0.4, 0.3, 0.3])  # 0.4·95 + 0.3·70 + 0.3·50 = 38 + 21 + 15 = 74
    assert assessment.democratic_score([members, representatives, households], points, weights) == pytest.approx([74.0])
    # a group that cast no votes is left out: weights 0.4 and 0.3 rescale → (0.4·95 + 0.3·70)/0.7 = 59/0.7
    none = np.zeros((1, 4))
    assert assessment.democratic_score([members, representatives, none], points, weights) == pytest.approx([59 / 0.7])


def test_weighted_annual_score():
    # “星级考核由量化考核、组织评价、民主测评组成” — 0.6·85 + 0.2·80 + 0.2·74 = 51 + 16 + 14.8 = 81.8
    assert assessment.weighted_score(np.array([85.0]), np.array([80.0]), np.array([74.0]), (0.6, 0.2, 0.2)) == pytest.approx([81.8])


# ---- grades and the excellent cap --------------------------------------------------------
def test_grade_thresholds():
    # “将考核“基本合格”及以下等次…作为减星依据”: grades from score thresholds 60 / 70
    score = np.array([59.9, 60, 69.9, 70, 95])
    assert grades.grade_by_threshold(score, 60, 70).tolist() == [UNQUALIFIED, BASIC, BASIC, QUALIFIED, QUALIFIED]


def test_excellent_cap_county_wide_with_ties():
    # “严格把握考核优秀比例”: at most floor(10 % × 20 rated) = 2 excellent, county-wide
    n = 20
    score = np.full(n, 75.0)
    score[[3, 7, 9]] = 92.0  # three tie at the top
    quant = np.full(n, 80.0)
    quant[[7, 9]] = 88.0  # 7 and 9 have the better quantitative score; 9 vs 7 tie → lower id (7) first? both win
    ids = np.arange(100, 100 + n)
    g = grades.grade(score, quant, np.ones(n, bool), np.zeros(n, np.int32), ids, (60, 70, 85), 0.10)
    assert np.flatnonzero(g == EXCELLENT).tolist() == [7, 9]
    assert g[3] == QUALIFIED  # the third top scorer loses the tie on the quantitative score
    # full tie on score and quantitative score: lower id wins
    quant[[3, 7, 9]] = 88.0
    g = grades.grade(score, quant, np.ones(n, bool), np.zeros(n, np.int32), ids, (60, 70, 85), 0.10)
    assert np.flatnonzero(g == EXCELLENT).tolist() == [3, 7]


def test_excellent_cap_per_township_and_threshold():
    # township 0 has 10 rated heads → floor(0.2 × 10) = 2 places; township 1 has 4 → floor(0.8) = 0 places
    township = np.array([0] * 10 + [1] * 4)
    score = np.array([90, 88, 87, 70, 70, 70, 70, 70, 70, 84, 99, 98, 70, 70.0])
    g = grades.grade(score, score, np.ones(14, bool), township, np.arange(14), (60, 70, 85), 0.20)
    assert np.flatnonzero(g == EXCELLENT).tolist() == [0, 1]
    # a score under the excellent threshold (85) is never excellent, even with places left
    g = grades.grade(score, score, np.ones(14, bool), township, np.arange(14), (60, 70, 89), 0.30)
    # township 0: floor(0.3 × 10) = 3 places but only head 0 scores ≥ 89; township 1: floor(1.2) = 1 place → head 10
    assert np.flatnonzero(g == EXCELLENT).tolist() == [0, 10]


def test_unrated_heads_get_no_grade():
    g = grades.grade(np.array([90.0, 90.0]), np.array([90.0, 90.0]), np.array([True, False]), np.zeros(2, np.int32), np.arange(2), (60, 70, 85), 1.0)
    assert g.tolist() == [EXCELLENT, NONE]  # one rated head, floor(100 % × 1) = 1 place


# ---- 定星级: initial rating and dynamic adjustment ----------------------------------------
def test_initial_stars_from_grade():
    # “星级评定采取初次评定与年度动态调整相结合的方式进行,以星级考核为主要依据”
    g = np.array([EXCELLENT, QUALIFIED, BASIC, UNQUALIFIED])
    removed = stars.removal(g, np.zeros(4), np.zeros(4, bool), 1, 1, 5)
    assert removed.tolist() == [0, 0, 1, 1]
    assert stars.initial(g, removed, np.zeros(4, int), 5, (2, 1, 0, 0)).tolist() == [2, 1, 0, 0]


def test_three_removal_triggers():
    # “将考核“基本合格”及以下等次、6种履职不到位负面情形、因违纪违法受到处置3类标尺作为减星依据”
    g = np.array([BASIC, QUALIFIED, QUALIFIED, EXCELLENT, UNQUALIFIED])
    negatives = np.array([0, 2, 0, 1, 0])
    punished = np.array([False, False, True, False, True])
    # removal amounts: low grade 1, negative situation 1 (once, however many), punishment 5
    assert stars.removal(g, negatives, punished, 1, 1, 5).tolist() == [1, 1, 5, 1, 6]


def test_dynamic_adjustment_additions_removals_and_maximum():
    # excellent +1, qualified +0; any trigger removes and blocks the addition; stars stay in [0, 5]
    held = np.array([1, 2, 5, 3, 4, 1])
    g = np.array([EXCELLENT, QUALIFIED, EXCELLENT, EXCELLENT, QUALIFIED, BASIC])
    removed = np.array([0, 0, 0, 1, 5, 1])  # head 3 had a negative situation, head 4 was punished
    new = stars.dynamic(held, g, removed, np.zeros(6, int), 5, (1, 0))
    assert new.tolist() == [2, 2, 5, 2, 0, 0]


def test_punished_head_with_stars_loses_them():
    # “因违纪违法受到处置” with removed_punishment = 5 takes a 3-star head to 0, never below
    assert stars.dynamic(np.array([3]), np.array([EXCELLENT]), np.array([5]), np.array([0]), 5, (1, 0)).tolist() == [0]


def test_long_record_addition_exactly_ten_years():
    # “严格把握担任“两委”主干满10年以上且实绩特别突出增星情况”
    # four excellent heads: 120 months (exactly 10 years) qualifies, 119 does not; cap floor(50 % × 4) = 2
    rated = np.ones(4, bool)
    g = np.array([EXCELLENT, EXCELLENT, EXCELLENT, QUALIFIED])
    months = np.array([120, 119, 200, 300])
    score = np.array([91, 99, 95, 80.0])
    add = stars.senior_addition(rated, g, months, score, np.arange(4), 120, 1, 0.5)
    assert add.tolist() == [1, 0, 1, 0]
    # a tighter cap of 25 % → 1 place, to the best score among the qualifying (head 2: 95 > 91)
    assert stars.senior_addition(rated, g, months, score, np.arange(4), 120, 1, 0.25).tolist() == [0, 0, 1, 0]


def test_initial_rating_adds_the_long_record_star_within_the_maximum():
    g = np.array([EXCELLENT, EXCELLENT])
    assert stars.initial(g, np.zeros(2, int), np.array([1, 1]), 2, (2, 1, 0, 0)).tolist() == [2, 2]
    assert stars.initial(g, np.zeros(2, int), np.array([1, 0]), 5, (2, 1, 0, 0)).tolist() == [3, 2]


# ---- 核星: publicity and county review ----------------------------------------------------
def test_review_stops_increases_not_decreases():
    # “在村公示无异议后报县委组织部,县委组织部联合县纪委监委进行受处分审核”
    previous = np.array([1, 1, 1, 2])
    proposed = np.array([2, 2, 2, 1])
    objection = np.array([0.05, 0.5, 0.5, 0.0])  # head 0's objection is upheld (0.05 < 0.1)
    veto = np.array([0.5, 0.01, 0.5, 0.0])  # head 1 is vetoed at the county (0.01 < 0.02)
    assert stars.review(previous, proposed, objection, veto, 0.10, 0.02).tolist() == [1, 1, 2, 1]


# ---- 定帮带: mentoring --------------------------------------------------------------------
def test_two_mentor_one_pairs_every_unstarred_rated_head():
    # “二星级以上优秀村社书记与不定星级村社书记全部“2带1”结成对子”
    s = np.array([0, 1, 2, 0, 3])
    rated = np.array([True, True, True, False, True])
    assert mentoring.mentees(s, rated).tolist() == [True, False, False, False, False]
    assert mentoring.mentors_available(s, np.array([0, 0, 1, 1, 1]), 2, 2).tolist() == [0, 2]


# ---- 四重激励: pay ------------------------------------------------------------------------
def test_annual_pay_by_role(P):
    # ““一肩挑”的村主干报酬由6万元/年上调至6.8万元/年,其他村主干由5万元/年上调至5.8万元/年,
    #  选派机关事业单位干部到村担任党组织书记报酬3万元/年”
    role = roles.codes(["secretary_director", "secretary", "director", "sent_secretary"])
    assert pay.annual_pay(role, P).tolist() == [68000, 58000, 58000, 30000]


def test_pay_before_the_reform(qingxu):
    # the 2022 values of the dated pay: 60,000 and 50,000
    P = load_scenario(qingxu).params(2022)
    assert pay.annual_pay(roles.codes(["secretary_director", "director"]), P).tolist() == [60000, 50000]


def test_performance_coefficient_secretaries_and_directors(P):
    # “村党组织书记年度考核优秀的,绩效由原来100%提高到150%发放;考核合格的,绩效由原来80%提高到100%发放”
    # — secretaries get the new rates; directors (outside the source's scope) keep the old ones
    role = roles.codes(["secretary_director", "secretary_director", "director", "director"])
    g = np.array([EXCELLENT, QUALIFIED, EXCELLENT, QUALIFIED])
    assert pay.performance_coefficient(g, role, P).tolist() == [1.5, 1.0, 1.0, 0.8]


def test_base_and_performance_pay_with_a_head_leaving_mid_year():
    # 68,000 a year with a 30 % performance part: base 47,600 / 12 = 3,966.67 a month;
    # performance 20,400 × 150 % = 30,600 for a full year, 15,300 for a head who served 6 months
    annual = np.array([68000.0, 68000.0])
    assert pay.monthly_base(annual, 0.3) == pytest.approx([3966.6667, 3966.6667], abs=1e-3)
    assert pay.performance_pay(annual, 0.3, np.array([1.5, 1.5]), np.array([12, 6])).tolist() == pytest.approx([30600, 15300])


def test_star_award_per_star_gained_to_entitled_roles():
    # “初评定星及年度动态增星均按照1000元/星标准予以奖励”; the ceremony paid “为一星级以上村社书记”
    gained = np.array([2, 1, -1, 1])
    entitled = np.array([True, True, True, False])  # the last is a director
    assert incentives.star_award(gained, 1000, entitled).tolist() == [2000, 1000, 0, 0]


def test_pension_top_up_per_star():
    # “在原有县财政缴纳标准基础上,每增加一个星级每年补助50元” — base 600: 600, 650, 750
    assert incentives.pension_contribution(np.array([0, 1, 3]), 600, 50).tolist() == [600, 650, 750]


def test_retirement_subsidy_per_star_by_eligibility(P):
    # “根据离任时获得的星级,补贴标准每月每星增加15元” — standard 200 a month from age 60 with 6 years served
    age = np.array([61, 59, 70, 65])
    served = np.array([10, 10, 5, 8.0])
    stars_at_exit = np.array([2, 2, 2, 0])
    standard, topup = incentives.retirement_subsidy(age, served, np.zeros(4), stars_at_exit, np.ones(4, bool), P)
    assert standard.tolist() == [200, 0, 0, 200]  # the 59-year-old is too young, the third served too briefly
    assert topup.tolist() == [30, 0, 0, 0]


def test_retirement_subsidy_duration(qingxu):
    P = load_scenario(qingxu).with_changes({"policy.retirement.duration_years": 10}).params(2023)
    standard, _ = incentives.retirement_subsidy(np.array([75, 75]), np.array([10, 10]), np.array([9, 10]), np.array([1, 1]), np.ones(2, bool), P)
    assert standard.tolist() == [200, 0]  # paid for 10 years: years 0..9 after becoming eligible


def test_recruitment_and_referenced_pay():
    # “一届内优先通过专项招聘纳入乡街事业编,不宜纳入的参照乡街事业编待遇落实岗位报酬”
    s = np.array([3, 4, 3, 2, 5])
    role_ok = np.array([True, True, True, True, False])
    candidate = recruitment.candidates(s, role_ok, np.zeros(5, bool), 3)
    assert candidate.tolist() == [True, True, True, False, False]
    age = np.array([40, 44, 52, 30, 30])
    score = np.array([80, 90, 95, 99, 99.0])
    hired = recruitment.recruit(candidate, age, score, np.arange(5), 45, 1)
    assert hired.tolist() == [False, True, False, False, False]  # the 52-year-old is over the age limit
    topup = recruitment.referenced_topup(candidate, hired, np.array([68000, 68000, 58000, 58000, 58000.0]), 72000)
    assert topup.tolist() == [4000, 0, 14000, 0, 0]


# ---- timing: paid after the annual review -------------------------------------------------
def test_awards_and_performance_pay_fall_in_the_next_budget_year(qingxu):
    # performance pay and star awards follow the December review: with a 2-month lag they are paid in February
    from simtoolkit.ledger import item_index
    from simtoolkit.model import CountyModel

    model = CountyModel(load_scenario(qingxu, {"run.years": 2}))
    model.run()
    monthly = model.ledger.monthly.sum(axis=2)
    award, perf = item_index("star_award"), item_index("performance_pay")
    assert monthly[:13, award].sum() == 0 and monthly[13, award] > 0 and monthly[14:, award].sum() == 0
    # the prior year's performance pay is paid in February of the first year, as qualified under the old rule (80 %):
    # 68,000 → 60,000 a year for 一肩挑 in 2022, 50,000 for the others, 30,000 sent; a 30 % performance part × 80 %
    annual_2022 = {"secretary_director": 60000, "secretary": 50000, "director": 50000, "community_secretary": 60000, "sent_secretary": 30000}
    carry_in = sum(annual_2022[roles.CODES[r]] * 0.3 * 0.8 for r in model.world.heads.role)
    assert monthly[1, perf] == round(carry_in * 100)
    assert monthly[np.r_[0, 2:13], perf].sum() == 0 and monthly[13, perf] > 0
    # the award paid in February 2024 is exactly 1,000 yuan per star held by rated secretaries after the first rating
    counts = model.result.star_counts[0]  # township × role × stars, 2023
    secretary = roles.codes(["secretary_director", "secretary", "community_secretary", "sent_secretary"])
    stars_held = (counts[:, secretary, :] * np.arange(counts.shape[2])).sum()
    assert monthly[13, award] == stars_held * 1000 * 100  # fen
    assert model.ledger.outstanding_fen() > 0  # the second rating's awards fall after the horizon


def test_mentees_paired_while_two_mentors_are_free_lowest_scores_first():
    # RULES.md §A.5 (000_e0b0dd193435af35.txt): "二星级以上优秀村社书记与不定星级村社书记全部“2带1”结成对子" — two
    # heads with 2+ stars for each unstarred head. Hand-worked: 5 heads with 2+ stars give 5 // 2 = 2 pairs, one
    # pair still running leaves 1 place; of the three unstarred candidates (scores 70, 60, 65) the lowest, 60, is paired.
    from simtoolkit.rules import mentoring

    stars = np.array([2, 3, 2, 4, 5, 0, 0, 0, 1])
    county = np.zeros(stars.size, np.int64)
    mentors = mentoring.mentors_available(stars, county, 2, 1)
    assert mentors.tolist() == [5]
    places = np.maximum(mentors // 2 - 1, 0)
    candidate = stars == 0
    score = np.array([90, 90, 90, 90, 90, 70, 60, 65, 80], float)
    assert np.flatnonzero(mentoring.paired(candidate, county, score, np.arange(stars.size), places)).tolist() == [6]


def test_review_stops_an_increase_only_below_each_rate():
    # “在村公示无异议后报县委组织部,县委组织部联合县纪委监委进行受处分审核”: a uniform draw below the rate upholds an objection
    # (10 %) or a county veto (2 %); a draw of exactly 0.10 or 0.02 does not, so both increases stand
    previous, proposed = np.array([1, 1]), np.array([2, 2])
    assert stars.review(previous, proposed, np.array([0.10, 0.5]), np.array([0.5, 0.02]), 0.10, 0.02).tolist() == [2, 2]


def test_mentees_paired_township_by_township_and_only_candidates_take_places():
    # "二星级以上优秀村社书记与不定星级村社书记全部“2带1”结成对子", lowest scores first, in each of three townships: one
    # place in township 0, one in township 1, none in township 2 (no mentors). Township 0's candidates scored 70 and
    # 60 (the 60 is paired); a head there who holds a star and scored 50 is no candidate and takes no place; township
    # 1's one candidate (80) is paired
    candidate = np.array([True, True, False, True])
    township = np.array([0, 0, 0, 1])
    score = np.array([70.0, 60.0, 50.0, 80.0])
    assert mentoring.paired(candidate, township, score, np.arange(4), np.array([1, 1, 0])).tolist() == [False, True, False, True]


def test_the_yearly_adjustment_under_other_additions():
    # "excellent +2, qualified +1" (a county's own additions): a qualified head gains 1 (1 → 2); a head not graded
    # this year gains nothing (1 → 1); an excellent head with the long-record addition gains 2 + 1 (1 → 4)
    new = stars.dynamic(np.array([1, 1, 1]), np.array([QUALIFIED, NONE, EXCELLENT]), np.zeros(3, int), np.array([0, 0, 1]), 5, (2, 1))
    assert new.tolist() == [2, 1, 4]
    # the initial rating's stars by grade: a head with no grade has none
    assert stars.by_grade(np.array([EXCELLENT, UNQUALIFIED, NONE]), 2, 1, 0, 0).tolist() == [2, 0, 0]


def test_a_negative_situation_removes_its_stars_once():
    # “6种履职不到位负面情形”作为减星依据, with 2 stars removed for one (a county's value): three situations remove 2, not 6
    # and not a fraction; none removes nothing
    assert stars.removal(np.array([QUALIFIED, QUALIFIED]), np.array([3, 0]), np.zeros(2, bool), 1, 2, 5).tolist() == [2, 0]


def test_performance_pay_is_pro_rata_and_never_negative_or_more_than_a_year():
    # "绩效由原来100%提高到150%": 68,000 × 30 % × 1.5 = 30,600 for a full year, 2,550 a month; a head whose first month
    # is after the year (months served −1) earns nothing, not a negative amount; 13 months count as 12
    got = pay.performance_pay(np.full(3, 68000.0), 0.3, np.full(3, 1.5), np.array([-1, 1, 13]))
    assert got.tolist() == pytest.approx([0, 2550, 30600])


def test_retirement_subsidy_from_exactly_the_age_and_the_years_and_for_its_duration(qingxu):
    # “根据离任时获得的星级,补贴标准每月每星增加15元”, Qingxu's 200 a month from 60 with at least 6 years served, here
    # paid for 1 year only: exactly 60 with exactly 6 years, in the first year → 200 + 2 × 15; in the second year →
    # nothing; 59 years old → nothing, however long the duration
    P = load_scenario(qingxu).with_changes({"policy.retirement.duration_years": 1}).params(2023)
    standard, topup = incentives.retirement_subsidy(np.array([60, 60, 59]), np.array([6.0, 6.0, 10.0]), np.array([0, 1, 0]),
                                                    np.array([2, 2, 2]), np.ones(3, bool), P)
    assert standard.tolist() == [200, 0, 0] and topup.tolist() == [30, 0, 0]


def test_recruitment_at_exactly_the_age_limit_and_no_topup_above_the_reference_pay():
    # “一届内优先通过专项招聘纳入乡街事业编”: under an age limit of 45 a candidate of exactly 45 is recruited, one of 46 is
    # not; “不宜纳入的参照乡街事业编待遇落实岗位报酬”: the 46-year-old already paid 75,000, above the reference 72,000,
    # gets no top-up (not a negative one, nor a token one)
    candidate = np.ones(2, bool)
    hired = recruitment.recruit(candidate, np.array([45, 46]), np.array([80.0, 90.0]), np.arange(2), 45, 2)
    assert hired.tolist() == [True, False]
    assert recruitment.referenced_topup(candidate, hired, np.array([68000.0, 75000.0]), 72000).tolist() == [0, 0]


def test_grades_in_a_township_with_nobody_rated_and_an_unrated_head_takes_no_excellent_place():
    # “严格把握考核优秀比例”, a quota of 100 %: in township 0 the head not rated this year (99 points) takes no place from
    # the rated one (90 points, excellent); township 1's only head is not rated (the last township has nobody rated):
    # no grade. A county with no heads grades nobody.
    g = grades.grade(np.array([99.0, 90.0, 95.0]), np.array([99.0, 90.0, 95.0]), np.array([False, True, False]),
                     np.array([0, 0, 1], np.int32), np.arange(3), (60, 70, 85), 1.0)
    assert g.tolist() == [NONE, EXCELLENT, NONE]
    none = grades.grade(np.zeros(0), np.zeros(0), np.zeros(0, bool), np.zeros(0, np.int32), np.zeros(0, np.int64), (60, 70, 85), 1.0)
    assert none.tolist() == []


def test_a_head_scored_in_no_month_has_a_quantitative_score_of_0():
    # “以12个月的月评分总分平均为量化考核得分”: a head scored in no month (months 0) has no mean: 0, not 0 / 0; one month
    # of 80 → 80; two months summing 170 → 85
    assert assessment.annual_quantitative(np.array([0.0, 80.0, 170.0]), np.array([0, 1, 2])).tolist() == [0.0, 80.0, 85.0]
    # the heads' monthly sums are kept in float32; the score is float64, so that the weighting that follows (0.6 × the
    # quantitative score + …) is computed in float64, not rounded to float32 near a grade's threshold
    assert assessment.annual_quantitative(np.array([1000.0], np.float32), np.array([12], np.int16)).dtype == np.float64


def test_no_grade_no_performance_coefficient(P):
    # “村党组织书记年度考核优秀的,绩效由原来100%提高到150%发放”: a secretary and a director not graded this year (no
    # grade) get no performance pay by either table
    role = roles.codes(["secretary_director", "director"])
    assert pay.performance_coefficient(np.array([NONE, NONE]), role, P).tolist() == [0.0, 0.0]


def test_a_group_with_a_single_vote_counts_and_a_head_with_no_votes_scores_0():
    # “引入党员和村民代表及普通群众参与测评”: points 100 / 80 / 60 / 0; one member's vote of 80 is the members' mean, 80;
    # the representatives' 2 votes of 60 → 60; no household voted: left out — weights 0.4 and 0.3 rescale to
    # (0.4 · 80 + 0.3 · 60) / 0.7 = 50 / 0.7. A head nobody voted for scores 0.
    points = np.array([100, 80, 60, 0.0])
    members, representatives, households = np.array([[0, 1, 0, 0], [0, 0, 0, 0]]), np.array([[0, 0, 2, 0], [0, 0, 0, 0]]), np.zeros((2, 4))
    assert assessment.vote_score(members, points).tolist() == [80.0, 0.0]
    score = assessment.democratic_score([members, representatives, households], points, np.array([0.4, 0.3, 0.3]))
    assert score.tolist() == pytest.approx([50 / 0.7, 0.0])
