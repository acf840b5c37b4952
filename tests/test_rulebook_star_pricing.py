"""The star rating's rules on next year's outcomes, as the effort choice prices them (`rulebook/star_rating.py`:
`star_tables`, `stars_next`, `stars_next_removed`, `stars_from_points`, `star_outcomes`, `senior_chance`), each
called on a few heads built in the test, every number worked out by hand below.

Sources: /work/shared/seeds/000_e0b0dd193435af35.txt (Qingxu) —
“星级评定采取初次评定与年度动态调整相结合的方式进行” (an initial rating, then a yearly adjustment);
“将考核“基本合格”及以下等次、6种履职不到位负面情形、因违纪违法受到处置3类标尺作为减星依据” (the three removal triggers);
“严格把握担任“两委”主干满10年以上且实绩特别突出增星情况” (the long-record addition, strictly limited);
“在村公示无异议后报县委组织部,县委组织部联合县纪委监委进行受处分审核” (an increase stands only through the review);
“初评定星及年度动态增星均按照1000元/星标准予以奖励” (1,000 yuan per star gained).
/work/shared/seeds/001_b322809883d0143e.txt (Yuncheng) —
“根据“年度考核+任职年限+奖励情况”三项指标设置基础星级” (base stars from grade, years in post and awards).

Qingxu's rule: at most 5 stars; an initial rating gives 2 / 1 / 0 / 0 stars for excellent / qualified / basic /
unqualified; the yearly adjustment adds 1 for excellent, 0 for qualified; a grade of basic or lower removes 1, a
negative situation 1, punishment 5, and a removal blocks every gain; under the shipped "floor" reading a year without a
trigger leaves a head no lower than an initial rating would. The effort choice's 16 outcomes are grade-major, then
(negative, punished) as (no, no), (no, yes), (yes, no), (yes, yes).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from simtoolkit.behaviour import effort
from simtoolkit.rulebook import star_rating
from simtoolkit.rules import roles
from simtoolkit.rules.grades import BASIC, EXCELLENT, QUALIFIED, UNQUALIFIED
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS

OUTCOMES = effort.outcome_space(("negative", "punished"))
NONE_, PUNISHED, NEGATIVE, BOTH = 0, 1, 2, 3  # the four event cases within a grade


def outcome(grade: int, case: int = NONE_) -> int:
    """The column of a grade and an event case."""
    return 4 * grade + case


class Heads(SimpleNamespace):
    """A heads' table of a few rows, built in the test."""

    def __len__(self):
        return len(self.stars)


def qingxu(changes=None):
    return load_scenario(SCENARIOS / "qingxu.toml", changes or {}).params(2023)


TRIGGERS, PER_GRADE, ADDED = (1, 1, 5), (2, 1, 0, 0), (1, 0)


def test_star_tables_removals_initial_rating_and_yearly_adjustment_in_each_outcome():
    removed, initial, dynamic = star_rating.star_tables(OUTCOMES, TRIGGERS, PER_GRADE, ADDED, 5)
    # removed: excellent and qualified 0 / 5 / 1 / 6; basic and unqualified one more for the grade
    assert removed.tolist() == [0, 5, 1, 6] * 2 + [1, 6, 2, 7] * 2
    # initial rating: excellent 2 / 0 / 1 / 0; qualified 1 / 0 / 0 / 0; basic, unqualified 0
    assert initial.tolist() == [2, 0, 1, 0, 1, 0, 0, 0] + [0] * 8
    # yearly adjustment ("increment" reading, the default) from 0…5 stars held:
    assert dynamic.shape == (6, 16)
    assert dynamic[:, outcome(EXCELLENT)].tolist() == [1, 2, 3, 4, 5, 5]  # +1, at most 5
    assert dynamic[:, outcome(QUALIFIED)].tolist() == [0, 1, 2, 3, 4, 5]  # +0
    assert dynamic[:, outcome(EXCELLENT, NEGATIVE)].tolist() == [0, 0, 1, 2, 3, 4]  # −1 and no gain
    assert dynamic[:, outcome(BASIC)].tolist() == [0, 0, 1, 2, 3, 4]  # −1 for the grade
    assert dynamic[:, outcome(UNQUALIFIED, NEGATIVE)].tolist() == [0, 0, 0, 1, 2, 3]  # −1 −1
    assert dynamic[:, outcome(QUALIFIED, PUNISHED)].tolist() == [0] * 6  # −5


def test_star_tables_floor_reading_long_record_and_a_further_removal():
    # "floor": without a trigger no lower than the initial rating — excellent max(held + 1, 2), qualified max(held, 1)
    _, _, dynamic = star_rating.star_tables(OUTCOMES, TRIGGERS, PER_GRADE, ADDED, 5, reading="floor")
    assert dynamic[:, outcome(EXCELLENT)].tolist() == [2, 2, 3, 4, 5, 5]
    assert dynamic[:, outcome(QUALIFIED)].tolist() == [1, 1, 2, 3, 4, 5]
    assert dynamic[:, outcome(EXCELLENT, NEGATIVE)].tolist() == [0, 0, 1, 2, 3, 4]  # a trigger: the stars held, less 1
    # the long-record addition of 1 in the excellent outcomes only, blocked by a removal
    removed, initial, dynamic = star_rating.star_tables(OUTCOMES, TRIGGERS, PER_GRADE, ADDED, 5, senior=1)
    assert initial[[outcome(EXCELLENT), outcome(EXCELLENT, NEGATIVE), outcome(QUALIFIED)]].tolist() == [3, 2, 1]
    assert dynamic[:, outcome(EXCELLENT)].tolist() == [2, 3, 4, 5, 5, 5]  # +1 +1
    assert dynamic[:, outcome(EXCELLENT, NEGATIVE)].tolist() == [0, 0, 1, 2, 3, 4]
    assert dynamic[:, outcome(QUALIFIED)].tolist() == [0, 1, 2, 3, 4, 5]
    # at most 2 stars: an excellent first rating with the addition, 2 + 1, stays at 2
    _, initial, _ = star_rating.star_tables(OUTCOMES, TRIGGERS, PER_GRADE, ADDED, 2, senior=1)
    assert initial[[outcome(EXCELLENT), outcome(QUALIFIED)]].tolist() == [2, 1]
    # a further trigger removing 2 more in every outcome
    removed, initial, dynamic = star_rating.star_tables(OUTCOMES, TRIGGERS, PER_GRADE, ADDED, 5, removed_more=2)
    assert removed.tolist() == [2, 7, 3, 8] * 2 + [3, 8, 4, 9] * 2
    assert initial[[outcome(EXCELLENT), outcome(QUALIFIED)]].tolist() == [0, 0]
    assert dynamic[:, outcome(EXCELLENT)].tolist() == [0, 0, 0, 1, 2, 3]


def three_heads():
    """A head rated before with 3 stars; one unrated, in post long enough for next year's rating; one not yet."""
    return SimpleNamespace(stars=np.array([3, 0, 0], np.int8), rated=np.array([True, False, False]))


ELIGIBLE = np.array([True, True, False])


def test_stars_next_initial_for_the_first_rating_adjustment_for_the_rest_none_for_the_ineligible():
    # Qingxu ("floor"): the head with 3 stars → 4 if excellent, 3 if qualified, 2 if basic (−1), 2 if excellent with a
    # negative situation, 0 if punished; the first rating gives 2 / 1 / 0 / 1 / 0; the third keeps 0 stars
    held, previous = star_rating.stars_next(three_heads(), ELIGIBLE, qingxu(), OUTCOMES)
    cols = [outcome(EXCELLENT), outcome(QUALIFIED), outcome(BASIC), outcome(EXCELLENT, NEGATIVE), outcome(EXCELLENT, PUNISHED)]
    assert held[:, cols].tolist() == [[4, 3, 2, 2, 0], [2, 1, 0, 1, 0], [0, 0, 0, 0, 0]]
    assert previous[:, 0].tolist() == [3, 0, 0] and (previous == previous[:, :1]).all()


def test_stars_next_under_each_reading_of_the_yearly_adjustment():
    # a head rated before who holds no star: under "floor" (Qingxu) an excellent year gives max(0 + 1, 2) = 2 and a
    # qualified one max(0, 1) = 1; under "increment" 1 and 0
    heads = SimpleNamespace(stars=np.array([0], np.int8), rated=np.array([True]))
    cols = [outcome(EXCELLENT), outcome(QUALIFIED)]
    held, _ = star_rating.stars_next(heads, np.array([True]), qingxu(), OUTCOMES)
    assert held[:, cols].tolist() == [[2, 1]]
    held, _ = star_rating.stars_next(heads, np.array([True]), qingxu({"policy.stars.yearly_reading": "increment"}), OUTCOMES)
    assert held[:, cols].tolist() == [[1, 0]]


def test_stars_next_a_rated_ineligible_head_keeps_his_stars_and_starts_from_them():
    heads = SimpleNamespace(stars=np.array([4], np.int8), rated=np.array([True]))
    held, previous = star_rating.stars_next(heads, np.array([False]), qingxu(), OUTCOMES)
    assert held.tolist() == [[4] * 16] and np.broadcast_to(previous, held.shape).tolist() == [[4] * 16]


def test_stars_next_with_the_long_record_addition_and_a_county_formula():
    held, _ = star_rating.stars_next(three_heads(), ELIGIBLE, qingxu(), OUTCOMES, senior=1)
    assert held[:, [outcome(EXCELLENT), outcome(QUALIFIED)]].tolist() == [[5, 3], [3, 1], [0, 0]]  # 3 + 1 + 1; 2 + 1
    seen = []

    def formula(new, first):  # a county's own formula: here one star more for a first rating
        seen.append(first.copy())
        return new + first

    held, _ = star_rating.stars_next(three_heads(), ELIGIBLE, qingxu(), OUTCOMES, adjust=formula)
    assert seen[0].ravel().tolist() == [False, True, False]
    assert held[:, [outcome(EXCELLENT), outcome(QUALIFIED)]].tolist() == [[4, 3], [3, 2], [0, 0]]  # the ineligible unchanged


def test_stars_next_removed_takes_k_more_stars_in_every_outcome():
    # 2 more removed: a removal blocks the gain and the floor — the head with 3 stars ends at 1 if excellent or
    # qualified, 0 if basic; the first rating 2 − 2 = 0 and 1 − 2 → 0; the ineligible keeps his 0
    held = star_rating.stars_next_removed(three_heads(), ELIGIBLE, qingxu(), OUTCOMES, 2)
    assert held[:, [outcome(EXCELLENT), outcome(QUALIFIED), outcome(BASIC)]].tolist() == [[1, 1, 0], [0, 0, 0], [0, 0, 0]]
    held = star_rating.stars_next_removed(three_heads(), ELIGIBLE, qingxu(), OUTCOMES, 1, adjust=lambda new, first: new + first)
    assert held[:, [outcome(EXCELLENT), outcome(QUALIFIED)]].tolist() == [[2, 2], [2, 1], [0, 0]]


def test_star_outcomes_award_and_value_through_the_review():
    # a secretary (award role) and a director (not); the value of each number of stars held (0…5) per head:
    #   secretary 0, 100, 200, …; director 0, 10, 20, …; both start from 1 star
    # review: objection and veto at 50 % each, so an increase stands with chance 0.25
    #   secretary to 2 stars: 0.25 × (1,000 + 200) + 0.75 × 100 = 375; staying at 1: 100
    #   director down to 0: 0 (a decrease always stands); up to 3: 0.25 × 30 + 0.75 × 10 = 15
    P = qingxu({"policy.review.objection_rate": 50, "policy.review.county_veto_rate": 50})
    role = np.array([roles.code("secretary"), roles.code("director")])
    by_stars = np.array([[0, 100, 200, 300, 400, 500], [0, 10, 20, 30, 40, 50]], float)
    held, previous = np.array([[2, 1], [0, 3]]), np.array([[1, 1], [1, 1]])
    money = star_rating.star_outcomes(held, previous, by_stars, role, P, lambda group: True)
    np.testing.assert_allclose(money, [[375, 100], [0, 15]])
    # without the review every increase stands: 1,000 + 200 and 30
    money = star_rating.star_outcomes(held, previous, by_stars, role, P, lambda group: group != "policy.review")
    np.testing.assert_allclose(money, [[1200, 100], [0, 30]])
    # two stars gained: 2,000 of award
    money = star_rating.star_outcomes(np.array([[3]]), np.array([[1]]), by_stars[:1], role[:1], P, lambda group: False)
    np.testing.assert_allclose(money, [[2300]])


def test_senior_chance_is_the_places_over_last_years_excellent_long_serving_heads():
    # 25 heads rated and 5 not: a cap of 10 % gives floor(2.5) = 2 places; the choice is made in month 11, so by the
    # end of next year (month 23) a head who started in month −96 has served 120 months = 10 years, one from −95 not.
    # Rivals: the 4 excellent heads who would then have served 10 years → each long-serving head's chance 2 / 4
    n = 30
    everyone = SimpleNamespace(rated=np.arange(n) < 25, start_month=np.where(np.arange(n) < 6, -100, 0),
                               grade=np.where(np.arange(n) % 3 == 0, EXCELLENT, QUALIFIED))  # heads 0, 3 excellent and long
    everyone.grade[[1, 2]] = EXCELLENT  # 0, 1, 2, 3 excellent and long-serving; 4, 5 long-serving but qualified
    everyone.start_month[6], everyone.grade[6] = -95, EXCELLENT  # excellent, but 119 months by then: no rival
    everyone.start_month[0] = -96  # exactly 120 months by then: a rival
    heads = SimpleNamespace(start_month=np.array([-96, -95, -200]))
    P = qingxu({"policy.stars.senior_quota": 10, "policy.stars.senior_bonus": 1})
    assert star_rating.senior_chance(heads, everyone, 11, P).tolist() == [0.5, 0.0, 0.5]
    # one rival: 2 places for 1 — certain
    everyone.grade[[1, 2, 3]] = QUALIFIED
    assert star_rating.senior_chance(heads, everyone, 11, P).tolist() == [1.0, 0.0, 1.0]
    # no rival at all: as certain (the division by at least one)
    everyone.grade[0] = QUALIFIED
    assert star_rating.senior_chance(heads, everyone, 11, P).tolist() == [1.0, 0.0, 1.0]
    # no places (a cap of 3 %: floor(0.75) = 0), or no bonus: no chance
    assert star_rating.senior_chance(heads, everyone, 11, qingxu({"policy.stars.senior_quota": 3, "policy.stars.senior_bonus": 1})).tolist() == [0, 0, 0]
    assert star_rating.senior_chance(heads, everyone, 11, qingxu({"policy.stars.senior_quota": 10, "policy.stars.senior_bonus": 0})).tolist() == [0, 0, 0]
    # a cap of 4 %: 25 × 0.04 = 1 place exactly (not floored to 0 by rounding); one rival → certain
    assert star_rating.senior_chance(heads, everyone, 11, qingxu({"policy.stars.senior_quota": 4, "policy.stars.senior_bonus": 1})).tolist() == [1, 0, 1]


def test_stars_from_points_without_and_with_an_award_next_year():
    # Yuncheng: points = grade (4 / 2 / 0 / 0) + one per 3 full years in post (at most 3) + one per award (at most 2);
    # stars = thresholds reached of 2, 4, 6, 7, 8; a head rated before moves at most one star a year; then the
    # removals (a negative situation 1, punishment 5; no removal for the grade). Month 11: tenure counted to month 23.
    #   A: rated, 2 stars, 72 months (2 points), 1 award — excellent 4 + 2 + 1 = 7 → 4, limited to 3; with an award
    #      8 → 5, limited to 3; qualified 5 → 2 (3 with an award: 6 → 3); basic 3 → 1 (2 with an award: 4 → 2);
    #      excellent with a negative situation 3 − 1 = 2; punished 0
    #   B: unrated, 24 months (0 points), no award — first rating, not limited: excellent 4 → 2 (5 → 2), qualified
    #      2 → 1 (3 → 1), basic 0 → 0 (1 → 0); excellent with a negative situation 1
    #   C: unrated, 4 months: not rated next year, keeps 0
    #   D: rated, 5 stars, 156 months (4 → 3 points), 5 awards (2 points): excellent 9 → 5; qualified 7 → 4;
    #      basic 5 → 2, limited to 4; with an award the same (both capped)
    #   E: unrated, 35 months (one short of 3 years: 0 points), no award — excellent 4 → 2; with an award 5 → 2
    P = load_scenario(SCENARIOS / "yuncheng.toml").params(2023)
    heads = Heads(stars=np.array([2, 0, 0, 5, 0]), rated=np.array([True, False, False, True, False]),
                  start_month=np.array([24 - 72, 0, 20, 24 - 156, 24 - 35]))
    eligible = np.array([True, True, False, True, True])
    awards = np.array([1, 0, 0, 5, 0])
    (without, with_award), previous = star_rating.stars_from_points(heads, eligible, awards, 11, P, OUTCOMES)
    cols = [outcome(EXCELLENT), outcome(QUALIFIED), outcome(BASIC), outcome(EXCELLENT, NEGATIVE), outcome(EXCELLENT, PUNISHED)]
    assert without[:, cols].tolist() == [[3, 2, 1, 2, 0], [2, 1, 0, 1, 0], [0, 0, 0, 0, 0], [5, 4, 4, 4, 0], [2, 1, 0, 1, 0]]
    assert with_award[:, cols].tolist() == [[3, 3, 2, 2, 0], [2, 1, 0, 1, 0], [0, 0, 0, 0, 0], [5, 4, 4, 4, 0], [2, 1, 0, 1, 0]]
    assert previous[:, 0].tolist() == [2, 0, 0, 5, 0] and (previous == previous[:, :1]).all()
    assert without.dtype == np.int64 and previous.dtype == np.int64
    # with a star removed for a grade of basic or lower as well (Qingxu's trigger): A basic 1 − 1 = 0 (2 − 1 = 1 with
    # an award), D basic 4 − 1 = 3; excellent and qualified as before
    P = load_scenario(SCENARIOS / "yuncheng.toml", {"policy.stars.removed_low_grade": 1}).params(2023)
    (without, with_award), _ = star_rating.stars_from_points(heads, eligible, awards, 11, P, OUTCOMES)
    assert without[:, cols[:3]].tolist() == [[3, 2, 0], [2, 1, 0], [0, 0, 0], [5, 4, 3], [2, 1, 0]]
    assert with_award[[0, 3], outcome(BASIC)].tolist() == [1, 3]


# ---- the money per star held that other components price (`star_value`), and their pay by grade -------------------
# Qingxu: “在原有县财政缴纳标准基础上,每增加一个星级每年补助50元” (pension: 50 yuan a year per star on top of the
# county's contribution, 600 here); recruitment: “一届内优先通过专项招聘纳入乡街事业编,不宜纳入的参照乡街事业编待遇落实岗位报酬”
# (from 3 stars, secretaries first in line for 2 township posts a year; pay referenced to the post's, 72,000 yuan).

def test_pension_in_post_contribution_and_top_up_per_star_held():
    from simtoolkit.rulebook.pension import Pension

    P = qingxu()
    stars, in_post = np.array([0, 2, 3]), np.array([True, True, False])
    amounts = Pension.in_post(stars, in_post, P, True)
    assert amounts["pension_contribution"].tolist() == [600, 600, 0]
    assert amounts["pension_star_topup"].tolist() == [0, 100, 0]
    # weighted by a chance of being in post (the liabilities): 600 × 0.5 and 100 × 0.5
    amounts = Pension.in_post(stars, np.array([1.0, 0.5, 0.0]), P, True)
    assert amounts["pension_contribution"].tolist() == [600, 300, 0] and amounts["pension_star_topup"].tolist() == [0, 50, 0]
    assert list(Pension.in_post(stars, in_post, P, False)) == ["pension_contribution"]  # no stars, no top-up


def test_pension_star_value_is_the_top_up_over_the_discounted_years_in_post():
    from simtoolkit.rulebook.pension import Pension

    levels = np.zeros((2, 1), np.int64) + np.arange(6)
    prospect = SimpleNamespace(active=lambda group: True, post_years=np.array([2.0, 0.5]))
    value = Pension.star_value(None, levels, prospect, qingxu())
    np.testing.assert_allclose(value, [[0, 100, 200, 300, 400, 500], [0, 25, 50, 75, 100, 125]])  # 50 × stars × years
    assert Pension.star_value(None, levels, SimpleNamespace(active=lambda group: group != "policy.pension"), qingxu()) == 0.0


def test_recruitment_star_value_from_the_minimum_stars_referenced_pay_and_a_chance_at_a_place():
    from simtoolkit.rulebook.recruitment import Recruitment, place_chance

    P = qingxu()
    code = roles.code
    # heads: an 一肩挑 head (pay 68,000: 4,000 below the post's), a director (not a listed role), a secretary already
    # recruited, a secretary paid 80,000 (nothing to top up); 3 discounted years in post each
    heads = SimpleNamespace(role=np.array([code("secretary_director"), code("director"), code("secretary"), code("secretary")]),
                            recruited=np.array([False, False, True, False]))
    # county-wide: 4 candidates (listed role, 3 stars or more, not recruited) for 2 places → a chance of 1/2 each
    everyone = SimpleNamespace(role=np.array([code("secretary")] * 6 + [code("director")]), stars=np.array([3, 4, 5, 3, 2, 5, 5]),
                               recruited=np.array([False, False, False, False, False, True, False]))
    assert place_chance(everyone, P) == 0.5
    prospect = SimpleNamespace(heads=heads, annual=np.array([68000.0, 58000.0, 58000.0, 80000.0]), post_years=np.full(4, 3.0),
                               everyone=everyone)
    levels = np.zeros((4, 1), np.int64) + np.arange(6)
    value = Recruitment.star_value(None, levels, prospect, P)
    post = P.behaviour.effort.recruitment_value  # the value of a township post itself
    from_three = np.array([0, 0, 0, 1, 1, 1])
    np.testing.assert_allclose(value, [(4000 * 3 + 0.5 * post) * from_three, np.zeros(6), np.zeros(6), 0.5 * post * from_three])
    # one candidate for 2 places, or none: certain (never more than 1)
    everyone.stars[:] = [3, 0, 0, 0, 0, 0, 0]
    assert place_chance(everyone, P) == 1.0
    everyone.stars[:] = 0
    assert place_chance(everyone, P) == 1.0
    # one place for one candidate: certain; for two: 1/2
    one = qingxu({"policy.recruitment.annual_places": 1})
    everyone.stars[:] = [3, 0, 0, 0, 0, 0, 0]
    assert place_chance(everyone, one) == 1.0
    everyone.stars[:] = [3, 3, 0, 0, 0, 0, 0]
    assert place_chance(everyone, one) == 0.5


def test_mentoring_boosts_the_heads_mentored_in_the_year():
    from simtoolkit.rulebook.mentoring import Mentoring

    # Qingxu: a pairing lasts 1 year with an effect of 2 on the performance share; mentored until 2023, 2024, 2022
    heads = SimpleNamespace(mentored_until=np.array([2023, 2024, 2022]))
    assert Mentoring.effort_boost(heads, 2023, qingxu()).tolist() == [2.0, 2.0, 0.0]
    assert Mentoring.effort_boost(heads, 2024, qingxu()).tolist() == [0.0, 2.0, 0.0]


def test_performance_pay_by_each_outcomes_grade_for_the_effort_choice():
    from simtoolkit.rulebook.performance_pay import PerformancePay

    # “绩效由原来100%提高到150%”: 30 % of 68,000 (一肩挑) = 20,400 × 150 / 100 / 50 / 0 %; a director (58,000, not a
    # graded role): 17,400 × 100 / 80 / 50 / 0 %; kept with the post: the annual pay
    P = qingxu()
    heads = SimpleNamespace(role=np.array([roles.code("secretary_director"), roles.code("director")]))
    by_grade, kept = PerformancePay.effort_pay(heads, None, effort.outcome_space(()), P, None)
    np.testing.assert_allclose(by_grade, [[30600, 20400, 10200, 0], [17400, 13920, 8700, 0]])
    assert kept.tolist() == [68000, 58000]


def test_retirement_subsidy_owed_after_leaving_by_item():
    # “离任补贴…补贴标准每月每星增加15元”: Qingxu pays former heads 200 yuan a month from 60 years of age after at least
    # 6 years served, plus 15 yuan a month per star held at exit (the listed roles), from the year after leaving, for life.
    # In 2023: A (born 1960, left 2020 after 10 years, 2 stars, secretary) 200 and 30; B (aged 53) nothing yet;
    # C (left in 2023) nothing this year; D (5 years served) nothing; E (a deputy, not a listed role) 200 and no top-up
    from simtoolkit.rulebook.retirement_subsidy import RetirementSubsidy

    code = roles.code
    people = SimpleNamespace(birth_year=np.array([1960, 1970, 1960, 1960, 1960]), exit_year=np.array([2020, 2020, 2023, 2020, 2020]),
                             years_served=np.array([10.0, 10.0, 10.0, 5.0, 10.0]), stars_at_exit=np.array([2, 2, 2, 2, 2]),
                             role=np.array([code("secretary")] * 4 + [code("deputy")]))
    owed = RetirementSubsidy.after_exit(people, 2023, qingxu())
    assert sorted(owed) == ["retirement_star_topup", "retirement_subsidy"]
    assert owed["retirement_subsidy"].tolist() == [200, 0, 0, 0, 200]
    assert owed["retirement_star_topup"].tolist() == [30, 0, 0, 0, 0]
    # paid for 5 years only: A, entitled from 2021 (the year after leaving, already 60), is paid in 2025, not in 2026;
    # F, born 1965 and gone in 2020, is entitled from 2025 (aged 60), paid in 2029, not in 2030
    five = qingxu({"policy.retirement.duration_years": 5})
    people = SimpleNamespace(birth_year=np.array([1960, 1965]), exit_year=np.array([2020, 2020]), years_served=np.array([10.0, 10.0]),
                             stars_at_exit=np.array([2, 1]), role=np.array([code("secretary")] * 2))
    assert RetirementSubsidy.after_exit(people, 2025, five)["retirement_subsidy"].tolist() == [200, 200]
    assert RetirementSubsidy.after_exit(people, 2026, five)["retirement_star_topup"].tolist() == [0, 15]
    assert RetirementSubsidy.after_exit(people, 2029, five)["retirement_star_topup"].tolist() == [0, 15]
    assert RetirementSubsidy.after_exit(people, 2030, five)["retirement_subsidy"].tolist() == [0, 0]


# ---- StarRating.effort_outcomes: the stars of each outcome priced, on two heads built here -----------------------------
def pricing(P, active, heads, everyone=None, seen=None, hooks=None):
    """A StarRating over a model that holds only its hooks (each star held worth 100 yuan unless `hooks` say
    otherwise), and a `prospect` as the effort choice builds it: called with (stars, previous[, price_stars, remove]),
    it returns what a component sees."""
    from simtoolkit.rulebook.star_rating import StarRating

    hooks = {"star_value": [lambda levels, base, P: 100.0 * levels], **(hooks or {})}
    model = SimpleNamespace(rulebook=SimpleNamespace(hooks=lambda name: hooks.get(name, [])))
    rating = StarRating.__new__(StarRating)
    rating.model = model

    if seen is not None:  # what the model holds besides: no head barred from a rating by a situation
        seen = SimpleNamespace(**{"barred_until": None, **vars(seen)})

    def prospect(stars, previous, price_stars=None, remove=None):
        # December of the first year (2023): the outcomes are those of 2024's rating
        return SimpleNamespace(heads=heads, month=11, year=2024, active=active, seen=seen, everyone=heads if everyone is None else everyone,
                               outcomes=OUTCOMES, grade=OUTCOMES.grade, stars=stars, previous=previous,
                               price_stars=price_stars, remove=remove)

    return rating, prospect


def two_heads():
    """A secretary rated before with 2 stars, in post since month −24; a director not yet rated, in post since month 0
    (24 months by the end of next year: rated then)."""
    return Heads(stars=np.array([2, 0]), rated=np.array([True, False]), start_month=np.array([-24, 0]),
                 role=np.array([roles.code("secretary"), roles.code("director")]), recruited=np.array([False, False]))


def EXTRA(p, P):
    """A component's own money on the stars of an outcome: 10 yuan per star held after the rating, and (a thousandth of
    the award per star, 1 yuan) per star held before it."""
    return 10.0 * p.stars + P.policy.stars.award_per_star / 1000 * p.previous


NO_REVIEW = {"policy.stars", "policy.pension", "policy.retirement", "policy.recruitment"}.__contains__  # the groups in force


def test_effort_outcomes_add_the_award_and_the_stars_value_of_each_outcome():
    # Qingxu ("floor"), no review, 100 yuan per star held, 5 yuan of other money in every outcome:
    #   secretary, 2 stars: excellent → 3: award 1,000 + 300 = 1,300; qualified → 2: 200; excellent with a negative
    #   situation → 1: 100 (a decrease: no award); basic → 1: 100
    #   director, first rating: excellent → 2: 200 (no award for directors); qualified → 1: 100; basic → 0: 0
    rating, prospect = pricing(qingxu(), NO_REVIEW, two_heads())
    money = rating.effort_outcomes(np.full((2, 16), 5.0), prospect, (), (), [], qingxu())
    cols = [outcome(EXCELLENT), outcome(QUALIFIED), outcome(EXCELLENT, NEGATIVE), outcome(BASIC)]
    np.testing.assert_allclose(money[:, cols], [[1305, 205, 105, 105], [205, 105, 105, 5]])
    # a component's own money on the stars of each outcome (10 yuan per star held after the rating, 1 per star held
    # before it) is added: the secretary + 10 × stars + 2, the director + 10 × stars
    money = rating.effort_outcomes(np.full((2, 16), 5.0), prospect, (EXTRA,), (), [], qingxu())
    np.testing.assert_allclose(money[:, cols], [[1337, 227, 117, 117], [225, 115, 115, 5]])


def test_effort_outcomes_price_no_rating_for_heads_not_in_post_long_enough_by_then():
    # with two years in post required, the director (in post since month 1: 23 months by next December) is not rated
    # next year: no stars in any outcome, 0; the secretary (since month −24) as before
    P = qingxu({"policy.stars.min_months_in_post": 24})
    heads = two_heads()
    heads.start_month = np.array([-24, 1])
    rating, prospect = pricing(P, NO_REVIEW, heads)
    money = rating.effort_outcomes(np.zeros((2, 16)), prospect, (), (), [], P)
    np.testing.assert_allclose(money[:, [outcome(EXCELLENT), outcome(QUALIFIED)]], [[1300, 200], [0, 0]])


def test_effort_outcomes_price_what_a_removal_would_cost_for_the_situations():
    # a component's situation sees the stars priced and the stars after k more removed: one more star removed costs
    # the secretary his gain (excellent: 2 → 1, worth 100) and gives the director 1 star at his first rating (100)
    rating, prospect = pricing(qingxu(), NO_REVIEW, two_heads())
    losses = []
    # it also sees the stars of each outcome and those they start from: here it adds the stars gained (secretary
    # excellent 3 − 2 = 1, qualified 0; director 2 and 1)
    situation = lambda p, P: p.price_stars(p.remove(P.policy.stars.removed_negative)) + (p.stars - p.previous)  # noqa: E731
    money = rating.effort_outcomes(np.zeros((2, 16)), prospect, (), (situation,), losses, qingxu())
    assert len(losses) == 1
    np.testing.assert_allclose(losses[0][:, [outcome(EXCELLENT), outcome(QUALIFIED)]], [[101, 100], [102, 1]])
    np.testing.assert_allclose(money[:, outcome(EXCELLENT)], [1300, 200])


def test_effort_outcomes_weigh_the_long_record_addition_by_its_chance():
    # the secretary has served since month −120 (144 months by next December: a long record); 20 heads rated with a cap
    # of 10 % give 2 places for 4 excellent long-serving rivals: a chance of 1/2. Excellent: 3 stars (1,300) or with
    # the addition 2 + 1 + 1 = 4 (2,000 + 400 = 2,400): 1,850; qualified is the same either way (200). The director
    # has no long record: 200 and 100 as before. A component's 10 yuan per star: (30 + 40) / 2 = 35 more, and 2 for
    # the 2 stars held before.
    heads = two_heads()
    heads.start_month = np.array([-120, 0])
    everyone = SimpleNamespace(rated=np.arange(22) < 20, start_month=np.where(np.arange(22) < 4, -120, 0),
                               grade=np.where(np.arange(22) < 4, EXCELLENT, QUALIFIED))
    P = qingxu({"policy.stars.senior_quota": 10, "policy.stars.senior_bonus": 1})
    rating, prospect = pricing(P, NO_REVIEW, heads, everyone=everyone)
    cols = [outcome(EXCELLENT), outcome(QUALIFIED)]
    money = rating.effort_outcomes(np.zeros((2, 16)), prospect, (), (), [], P)
    np.testing.assert_allclose(money[:, cols], [[1850, 200], [200, 100]])
    money = rating.effort_outcomes(np.zeros((2, 16)), prospect, (EXTRA,), (), [], P)
    np.testing.assert_allclose(money[:, cols], [[1887, 222], [220, 110]])
    # a county formula capping stars at 3 applies to the stars with the addition too: excellent 3 either way (1,300)
    rating, prospect = pricing(P, NO_REVIEW, heads, everyone=everyone,
                               hooks={"star_proposal_outcomes": [lambda new, first, P, base: np.minimum(new, 3)]})
    money = rating.effort_outcomes(np.zeros((2, 16)), prospect, (), (), [], P)
    np.testing.assert_allclose(money[:, cols], [[1300, 200], [200, 100]])


def test_effort_outcomes_apply_a_countys_own_formula_on_the_grid():
    # a formula giving one star more at a first rating: the director's excellent outcome is 3 stars (300)
    seen = []

    def formula(new, first, P, base):
        seen.append((first[:, 0].tolist(), base.month))
        return new + first * P.policy.stars.added_excellent  # 1 star

    rating, prospect = pricing(qingxu(), NO_REVIEW, two_heads(), hooks={"star_proposal_outcomes": [formula]})
    money = rating.effort_outcomes(np.zeros((2, 16)), prospect, (), (), [], qingxu())
    assert seen[0] == ([False, True], 11)
    np.testing.assert_allclose(money[:, [outcome(EXCELLENT), outcome(QUALIFIED)]], [[1300, 200], [300, 200]])
    # the stars a situation's further removal would leave go through the formula too: one star less for the director,
    # excellent 2 − 1 + 1 = 2 (200), qualified 1 − 1 + 1 = 1 (100)
    losses = []
    situation = lambda p, P: p.price_stars(p.remove(1))  # noqa: E731
    rating.effort_outcomes(np.zeros((2, 16)), prospect, (), (situation,), losses, qingxu())
    np.testing.assert_allclose(losses[0][1, [outcome(EXCELLENT), outcome(QUALIFIED)]], [200, 100])


def test_effort_outcomes_in_the_points_mode_weigh_an_award_next_year_by_its_chance():
    # Yuncheng: the secretary rated before with 2 stars, 72 months by next December, 1 award (see the points test
    # above): excellent → 3 with or without an award (1,300); qualified → 2 (200), or 3 with an award (1,300), which
    # comes with a chance of 2 % in a qualified year: 0.98 × 200 + 0.02 × 1,300 = 222. The director, first rating with
    # 24 months and no award: excellent 2 (200), qualified 1 (100) either way. A component's 10 yuan per star held
    # and 1 per star before: qualified (0.98 × 20 + 0.02 × 30) + 2 = 22.2 more for the secretary.
    P = load_scenario(SCENARIOS / "yuncheng.toml").params(2023)
    heads = two_heads()
    heads.start_month = np.array([24 - 72, 0])
    active = {"policy.stars", "policy.star_points"}.__contains__
    rating, prospect = pricing(P, active, heads, seen=SimpleNamespace(awards=np.array([1, 0])))
    cols = [outcome(EXCELLENT), outcome(QUALIFIED)]
    money = rating.effort_outcomes(np.zeros((2, 16)), prospect, (), (), [], P)
    np.testing.assert_allclose(money[:, cols], [[1300, 222], [200, 100]])
    money = rating.effort_outcomes(np.zeros((2, 16)), prospect, (EXTRA,), (), [], P)
    np.testing.assert_allclose(money[:, cols], [[1332, 244.2], [220, 110]])
    # the awards held unknown (no record of them): priced by the yearly adjustment instead — Yuncheng's initial 2 / 1 and
    # +1 for excellent: the secretary 2 → 3 (1,300) or 2 (200), the director 2 (200) or 1 (100)
    rating, prospect = pricing(P, active, heads, seen=None)
    money = rating.effort_outcomes(np.zeros((2, 16)), prospect, (), (), [], P)
    np.testing.assert_allclose(money[:, cols], [[1300, 200], [200, 100]])


def test_retirement_star_value_is_the_top_up_over_the_years_of_subsidy_for_heads_who_will_qualify():
    # “补贴标准每月每星增加15元”: 12 × 15 yuan a year per star held at exit, over the discounted years of subsidy after
    # leaving (from 60, for life, each weighted by survival: effort_reference.retirement_years, written from the rule's
    # words), for heads in a listed role who will have served 6 years by then. Three men aged 50 who stay to the
    # leaving age: a secretary in post since month −60 (6 years by next December) qualifies; one who started in month
    # 11 (1 month + his remaining years) qualifies only if those years reach 6; a deputy (not a listed role) never.
    import effort_reference
    from simtoolkit.rulebook.retirement_subsidy import RetirementSubsidy

    P = qingxu()
    remaining = len(effort_reference.years_in_post(50, P))
    heads = SimpleNamespace(start_month=np.array([-60, 11, -60]), sex=np.zeros(3, np.int8),
                            role=np.array([roles.code("secretary"), roles.code("secretary"), roles.code("deputy")]))
    prospect = SimpleNamespace(active=lambda group: True, heads=heads, month=11, age=np.full(3, 50), remaining=np.full(3, float(remaining)))
    levels = np.zeros((3, 1), np.int64) + np.arange(6)
    value = RetirementSubsidy.star_value(None, levels, prospect, P)
    years = effort_reference.retirement_years(50, 0, P)
    short = (1 / 12 + remaining) >= 6
    np.testing.assert_allclose(value, [180 * np.arange(6) * years, 180 * np.arange(6) * years * short, np.zeros(6)], rtol=1e-9)
    # the second with years left too few, 5 years and 11 months in all: no subsidy; and none without the group
    prospect.remaining = np.array([float(remaining), 6 - 2 / 12, 0.0])  # served: 1/12 + this = 5 years 11 months < 6
    assert not RetirementSubsidy.star_value(None, levels, prospect, P)[1].any()
    prospect.remaining[1] = 6 - 1 / 12  # exactly 6 years: qualifies
    np.testing.assert_allclose(RetirementSubsidy.star_value(None, levels, prospect, P)[1], 180 * np.arange(6) * years, rtol=1e-9)
    assert RetirementSubsidy.star_value(None, levels, SimpleNamespace(active=lambda group: False), P) == 0.0
