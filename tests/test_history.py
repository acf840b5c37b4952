"""A head's record of ratings (rules/history.py, rulebook/history.py), years in post across a break
(policy.tenure_continuity) and the star formula's additions under conditions (policy.star_formula.additions): issue
18 §3, "last year's grade/class/stars (a drop against last year), consecutive years at a grade, counts accumulated over
years, … and tenure that survives a break of at most N months", and §1, "honour and event stars; removal by
situations"."""

from __future__ import annotations

import numpy as np

from simtoolkit.model import CountyModel
from simtoolkit.rules import history
from simtoolkit.rules.grades import BASIC, EXCELLENT, NONE, QUALIFIED
from simtoolkit.rules.star_formula import CONDITION_NAMES, added, formula
from simtoolkit.scenario import load_scenario
from simtoolkit.scenario.schema import load_schema

from conftest import SCENARIOS, formula_columns

ZOUCHENG = SCENARIOS / "examples" / "zoucheng.toml"
TUANSHUITOU = SCENARIOS / "examples" / "tuanshuitou.toml"


def new_record(n: int) -> dict:
    """A record for `n` new holders: no grade, no score, no streak, no years."""
    return {"last_grade": np.full(n, NONE, np.int8), **{name: np.full(n, value, dtype) for name, (dtype, value) in history.RECORD.items()}}


def next_year(record: dict, grade, score) -> None:
    """The year's rating into the record, and last year's grade moved on as the year's report does (persistence.py)."""
    history.advance(record, grade, score)
    record["last_grade"][:] = np.where(grade >= 0, grade, NONE)


def test_three_years_of_a_record_worked_by_hand():
    # Three heads over three ratings:
    #   head 0: excellent, excellent, qualified → streak 1, 2, 1; years excellent 1, 2, 2; fell in year 3
    #   head 1: qualified, excellent, excellent → streak 1, 1, 2; rose in year 2
    #   head 2: not graded, qualified, basically qualified → streak 0, 1, 1; fell in year 3 (not in year 2: no grade before)
    record = new_record(3)
    years = [np.array([EXCELLENT, QUALIFIED, NONE]), np.array([EXCELLENT, EXCELLENT, QUALIFIED]),
             np.array([QUALIFIED, EXCELLENT, BASIC])]
    scores = [np.array([90.0, 80.0, 0.0]), np.array([91.0, 88.0, 75.0]), np.array([80.0, 89.0, 65.0])]
    expected = [  # streak, years excellent, years qualified, fell, rose, last excellent — as seen at each rating
        ([1, 1, 0], [1, 0, 0], [0, 1, 0], [False] * 3, [False] * 3, [False] * 3),
        ([2, 1, 1], [2, 1, 0], [0, 1, 1], [False] * 3, [False, True, False], [True, False, False]),
        ([1, 2, 1], [2, 2, 0], [1, 1, 1], [True, False, True], [False] * 3, [True, True, False]),
    ]
    for grade, score, (streak, excellent, qualified, fell, rose, last_excellent) in zip(years, scores, expected):
        now = history.seen(record, grade)
        assert now["streak"].tolist() == streak
        assert now["years_excellent"].tolist() == excellent and now["years_qualified"].tolist() == qualified
        assert now["grade_fell"].tolist() == fell and now["grade_rose"].tolist() == rose
        assert now["last_excellent"].tolist() == last_excellent
        next_year(record, grade, score)
    # last year's score and grade: those of the third year
    assert record["last_score"].tolist() == [80.0, 89.0, 65.0] and record["last_grade"].tolist() == [QUALIFIED, EXCELLENT, BASIC]


def test_a_year_without_a_grade_keeps_the_years_and_forgets_last_year():
    # Excellent, then not graded: last year's grade and score are none, the years at each grade stay, and the next
    # excellent year starts a new streak (the years in a row were broken).
    record = new_record(1)
    next_year(record, np.array([EXCELLENT]), np.array([90.0]))
    next_year(record, np.array([NONE]), np.array([0.0]))
    assert (record["years_excellent"][0], record["last_grade"][0], record["last_score"][0]) == (1, NONE, 0.0)
    assert history.seen(record, np.array([EXCELLENT]))["streak"].tolist() == [1]


def test_the_record_is_seen_on_the_outcome_grid():
    # A head excellent last year with a streak of 2: next year excellent → streak 3; any other grade → 1, and fell.
    record = new_record(1)
    record.update(last_grade=np.array([EXCELLENT], np.int8), streak=np.array([2], np.int16))
    outcomes = np.array([[EXCELLENT, QUALIFIED, BASIC]])
    now = history.seen({k: v[:, None] for k, v in record.items()}, outcomes)
    assert now["streak"].tolist() == [[3, 1, 1]] and now["grade_fell"].tolist() == [[False, True, True]]


def test_additions_apply_in_order_and_may_take_stars():
    # "连续两年考核优秀的加一星" (+1 at a streak of 2 excellent years) and a star taken on a drop against last year.
    rows = [{"when": "excellent and streak >= 2", "stars": 1}, {"when": "grade_fell", "stars": -1}]
    columns = {"excellent": np.array([True, True, False]), "streak": np.array([2, 1, 1]), "grade_fell": np.array([False, False, True])}
    assert added(np.array([3, 3, 3]), rows, columns).tolist() == [4, 3, 2]


def test_the_formula_adds_before_its_caps():
    # 80 points → 4 stars by 邹城's bands, +1 for two excellent years = 5, then at most 2 below 60 % satisfaction
    bands = [{"at_least": 0, "stars": 1}, {"at_least": 60, "stars": 2}, {"at_least": 70, "stars": 3}, {"at_least": 80, "stars": 4}]
    F = {"score_bands": bands, "additions": [{"when": "streak >= 2", "stars": 1}],
         "limits": [{"when": "satisfaction < 0.6", "bound": "at_most", "stars": 2}]}
    columns = {"score": np.array([80.0, 80.0]), "satisfaction": np.array([0.9, 0.5]), "grade": np.array([EXCELLENT, EXCELLENT]),
               "years_in_post": np.zeros(2), "previous_stars": np.zeros(2, np.int64), "streak": np.array([2, 2])}
    assert formula(F, None, columns, 5).tolist() == [5, 2]


def test_the_schema_lists_the_names_the_formula_knows():
    # one list (scenario/names.toml "conditions") for every expression column on heads' conditions
    schema = load_schema()
    keys = ("policy.star_formula.limits", "policy.star_formula.additions", "policy.statuses.list", "policy.grade_pay.multipliers",
            "policy.grade_pay.deductions")
    for key in keys:
        when = next(c for c in schema.params[key].columns if c.name == "when")
        assert set(when.names) == set(CONDITION_NAMES), key


def test_the_model_keeps_each_heads_record_across_ratings(monkeypatch):
    # Two ratings under 邹城's formula: the streak and years each head's conditions read at the second rating are
    # those of its grades at the two ratings, worked out from the grades recorded (same head in both years).
    seen = formula_columns(monkeypatch)
    model = CountyModel(load_scenario(ZOUCHENG, {"run.years": 2, "run.burn_in_years": 0}))
    ids = model.world.heads.id.copy()
    model.run()
    first, second = seen[-2], seen[-1]
    stayed = model.world.heads.id == ids  # slots whose head did not change in the two years
    g1, g2 = first["grade"][stayed], second["grade"][stayed]
    both = (g1 >= 0) & (g2 >= 0)
    streak = np.where(g2 == g1, 2, 1)
    assert both.sum() > 100
    assert second["streak"][stayed][both].tolist() == streak[both].tolist()
    assert second["years_excellent"][stayed][both].tolist() == ((g1 == EXCELLENT).astype(int) + (g2 == EXCELLENT))[both].tolist()
    assert second["grade_fell"][stayed][both].tolist() == (g2 > g1)[both].tolist()
    assert np.allclose(second["last_score"][stayed][both], first["score"][stayed][both])


def test_the_effort_choice_sees_a_star_taken_for_a_drop():
    # "−2 stars when the grade falls against last year's" makes a worse grade cost more to heads graded well this year:
    # they work harder than without it, and less when a drop is (perversely) rewarded with +2 — the same formula on the
    # outcome grid, with the record in it. Over seeds 1–3 the gaps are 0.008–0.012 each way; the bar is 0.004.
    base = load_scenario(ZOUCHENG, {"run.years": 3, "run.burn_in_years": 0})
    efforts = [float(CountyModel(base.with_changes({"policy.star_formula.additions": add})).run().indicators["mean_effort"][1:].mean())
               for add in ([], [{"when": "grade_fell", "stars": -2}], [{"when": "grade_fell", "stars": 2}])]
    assert efforts[1] > efforts[0] + 0.004 and efforts[2] < efforts[0] - 0.004


def test_service_before_a_break_of_at_most_the_bridged_months_counts():
    # 湍水头镇: "任职期间中断不超过1年的，视为连续任职". 9 years in post now: after a 10-month break with 2 years before
    # it → 11 years; after a 14-month break → 9; without a rule on breaks → 9; no earlier service → 9.
    from simtoolkit.rules.eligibility import months_served
    start = np.full(4, -9 * 12 + 1)  # 9 years at the end of month 0
    before, gap = np.array([24, 24, 24, 0]), np.array([10, 14, 12, 0])
    assert (months_served(start, 0, before, gap, 12) / 12).tolist() == [11, 9, 11, 9]
    assert (months_served(start, 0, before, gap, None) / 12).tolist() == [9, 9, 9, 9]


def test_a_rosters_break_gives_tuanshuitous_tenure_star(tmp_path):
    # Two heads 8 years in post at the start (9 at the first rating, in December 2023), each 2 years before a break:
    # one of 10 months (bridged: 11 years, +1 star: "担任两委主干满10年的加一星"), one of 14 months (9 years: none).
    from simtoolkit.world.roster import read_roster
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("id,township,village,role,age,sex,years_in_post,stars,years_before_break,break_months\n"
                           "A1,东镇,一村,一肩挑,52,男,8,0,2,10\nA2,东镇,二村,一肩挑,52,男,8,0,2,14\n", encoding="utf-8")
    scenario = load_scenario(TUANSHUITOU, {"run.years": 1, "run.burn_in_years": 0, "policy.review.objection_rate": 0,
                                           "policy.review.county_veto_rate": 0})
    model = CountyModel(scenario, years=1, roster=read_roster(scenario, roster_file))
    heads = model.world.heads
    assert heads.service_before_break.tolist()[:2] == [24, 24] and heads.break_months.tolist()[:2] == [10, 14]
    model.run()
    by_grade = np.select([heads.grade[:2] == EXCELLENT, heads.grade[:2] == QUALIFIED], [2, 1], 0)
    assert (heads.stars[:2] - by_grade).tolist() == [1, 0]


def test_a_single_month_before_a_bridged_break_counts_too():
    # 湍水头镇: "任职期间中断不超过1年的，视为连续任职": 9 years (108 months) in post now after a 6-month break with a single
    # month in post before it → 109 months; with no month before it → 108
    from simtoolkit.rules.eligibility import months_served
    start = np.full(2, -9 * 12 + 1)  # 108 months at the end of month 0
    assert months_served(start, 0, np.array([1, 0]), np.array([6, 6]), 12).tolist() == [109, 108]
