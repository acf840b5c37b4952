"""Edges of Jiaozhou's first-secretary rulebook (rules/first_secretary.py) found by mutation testing: exact
boundaries, the rank and place of rows that are not ranked, published rounding, and how reasons print numbers.

Records are built as in test_first_secretary_rules.py (PERFECT: base 100, satisfaction 0.9, total 90).
"""

from __future__ import annotations

import tomllib
from types import SimpleNamespace

import numpy as np
import pandas as pd

from simtoolkit.rules import first_secretary as fs
from simtoolkit.scenario.schema import PARAMETER_DIR
from test_first_secretary_rules import P, records, scenario  # noqa: F401  (fixtures)


def test_votes_equal_to_the_entitled_are_no_problem():
    # 参加投票人数…应参加人数: 10 votes of 10 entitled is fine; 10 of 9 is reported
    assert fs.vote_problems(records(dict(eligible_voters=10), dict(eligible_voters=9))) == [
        (3, "eligible_voters", "the four vote counts add up to 10, more than the 9 entitled voters")]


def test_a_single_vote_of_a_single_voter_is_valid():
    # 第十七条 参加投票人数不少于应参加人数的2/3: one vote of one entitled voter reaches the turnout; no vote never does
    f = SimpleNamespace(turnout_min_numerator=2, turnout_min_denominator=3)
    one = records(dict(votes_very_satisfied=1, votes_satisfied=0, votes_basically_satisfied=0, eligible_voters=1),
                  dict(votes_very_satisfied=0, votes_satisfied=0, votes_basically_satisfied=0, eligible_voters=0))
    share, valid = fs.satisfaction(one, f)
    assert valid.tolist() == [True, False] and share.iloc[0] == 1.0 and np.isnan(share.iloc[1])


def test_rows_not_ranked_have_rank_and_place_zero(P):  # noqa: F811
    # an invalid vote (10 of 20 entitled) and an incompetent row (an event) are not ranked: rank 0, place 0; the three
    # ranked rows are ranked 1, 2, 3 among themselves only — the incompetent row's higher total does not count
    rows = records(dict(eligible_voters=20), dict(study_trips=6, serious_adverse_impact=1), dict(study_trips=2), dict(), dict(study_trips=1))
    result = fs.assess(rows, P)
    assert result["rank"].tolist() == [0, 0, 1, 3, 2]
    assert result.place.tolist()[:2] == [0, 0] and (result.place.to_numpy()[2:] >= 0).all()
    assert result.grade.tolist()[:2] == ["invalid_vote", "incompetent"]


def test_a_base_score_that_prints_as_80_is_not_barred(P):  # noqa: F811
    # 基础分低于80分的不得确定为优秀: four rows, one excellent place (floor(0.3 × 4)), best total first (trips 3); its base
    # score, published with 2 decimals, is 79.996 → 80.00: not barred, excellent; 79.994 → 79.99: barred, the place
    # passes to the next row and the barred one is good
    rows = records(dict(study_trips=3), dict(study_trips=2), dict(study_trips=1), dict())
    for base, expected in ((79.996, ["excellent", "good", "competent", "competent"]), (79.994, ["good", "excellent", "competent", "competent"])):
        scored = fs.score(rows, P)
        scored.loc[rows.index[0], "base_score"] = base
        assert fs.grade(rows, scored, P).grade.tolist() == expected, base


def test_a_row_ranked_exactly_at_the_last_excellent_place_was_not_passed_over():
    # one group, one excellent place, filled by the row ranked 0: nobody was ranked ahead of it
    passed = fs.passed_over(np.zeros(3, np.int64), np.array([0, 1, 2]), np.array([True, False, False]), np.array([1]))
    assert passed.tolist() == [False, False, False]
    # the place left empty: every row was passed over
    assert fs.passed_over(np.zeros(2, np.int64), np.array([0, 1]), np.zeros(2, bool), np.array([1])).tolist() == [True, True]


def test_totals_rank_as_published_to_two_decimals():
    # 80.004 and 80.001 both print as 80.00: they tie on the total and the organisation score decides
    scored = pd.DataFrame({"total": [80.004, 80.001], "organisation_score": [70.0, 75.0]})
    total, organisation = fs.rank_keys(scored)
    assert total.tolist() == [80.0, 80.0] and organisation.tolist() == [70.0, 75.0]


def test_numbers_print_without_minus_zero_and_percentages_without_trailing_zeros():
    assert fs.fixed(pd.Series([-0.001, 2.5, np.nan]), 2).tolist() == ["0.00", "2.50", ""]
    assert [fs.percent(0.5), fs.percent(0.125), fs.percent(0.123456), fs.percent(0.9, 2)] == ["50%", "12.5%", "12.35%", "90.00%"]


def test_record_columns_default_to_not_unique_and_no_note():
    columns = {c.name: c for c in fs.record_columns()}
    assert columns["id"].unique and not columns["category"].unique
    assert columns["category"].max_note == ""


def test_a_fallen_branch_reason_says_by_how_many_ranks(P):  # noqa: F811
    # 所任职党组织年度考评定级降位的,不得确定为优秀等次: the best total (7 study trips, less the fall's deduction) fell 2
    # ranks, so the one excellent place (floor(0.3 × 4)) passes to the next row; the reason names the fall as a
    # positive number of ranks
    rows = records(dict(study_trips=7, branch_rank_change=-2), dict(study_trips=2), dict(study_trips=1), dict())
    table = fs.present(fs.assess(rows, P), rows, P, "en")
    assert list(table.grade) == ["good", "excellent", "competent", "competent"]
    assert table.reason[0].endswith("not excellent: the party branch fell 2 rank(s)")


def test_column_bounds_name_the_parameters_that_cap_them(P):  # noqa: F811
    # 第十六条(一)1① "村班子存在严重矛盾未及时化解视情扣1-5分": the conflict deduction is at most the scenario's
    # conflict_deduction_max (5 in Jiaozhou); 第十六条(二)1① "记写“民情日记”,记4分,否则视情扣1-4分": the diary deduction
    # at most diary_points (4); a branch gains or loses at most branch_rank_max_change ranks (3): −3 … 3.
    columns = {c.name: c for c in fs.record_columns(P)}
    assert (columns["conflict_deduction"].min, columns["conflict_deduction"].max) == (0, 5)
    assert (columns["diary_deduction"].min, columns["diary_deduction"].max) == (0, 4)
    assert (columns["branch_rank_change"].min, columns["branch_rank_change"].max) == (-3, 3)
    # a bound written as a number stays that number; every column keeps the schema file's words, kind and note
    assert (columns["study_trips"].min, columns["study_trips"].max) == (0, 366)
    written = tomllib.loads((PARAMETER_DIR / "first_secretary.toml").read_text(encoding="utf-8"))["records"]["columns"]
    for name in ("study_trips", "conflict_deduction", "id"):
        spec = written[name]
        assert (columns[name].zh, columns[name].kind, columns[name].max_note) == (spec["zh"], spec["kind"], spec.get("max_note", ""))
    assert columns["study_trips"].kind == "integer" and columns["conflict_deduction"].max_note != ""
    # without the scenario (the blank template) a bound naming a parameter is left open; numbers are kept
    open_ = {c.name: c for c in fs.record_columns()}
    assert (open_["branch_rank_change"].min, open_["branch_rank_change"].max) == (None, None)
    assert (open_["conflict_deduction"].min, open_["conflict_deduction"].max) == (0, None)
    assert (open_["study_trips"].min, open_["study_trips"].max) == (0, 366)


def test_a_bound_is_a_number_or_a_parameter_read_with_its_sign():
    # the schema's bounds: a number, or a parameter's dotted key, "-" in front meaning its negative
    P = SimpleNamespace(get={"policy.first_secretary.branch_rank_max_change": 3}.__getitem__)
    assert fs.bound(366, P) == 366 and fs.bound(None, P) is None and fs.bound(2.5, None) == 2.5
    assert fs.bound("policy.first_secretary.branch_rank_max_change", P) == 3
    assert fs.bound("-policy.first_secretary.branch_rank_max_change", P) == -3
    assert fs.bound("-policy.first_secretary.branch_rank_max_change", None) is None


def test_the_output_table_has_its_nine_columns_and_rows_numbered_from_0(P):  # noqa: F811
    # the scorer's table: id, category, the base, bonus and organisation scores, satisfaction, total, grade and reason,
    # one row per record numbered 0, 1, … — not by the rows of the sheet the records came from (2, 3)
    rows = records(dict(), dict(study_trips=1))
    table = fs.present(fs.assess(rows, P), rows, P, "en")
    assert list(table.columns) == ["id", "category", "base_score", "bonus_score", "organisation_score", "satisfaction",
                                   "total", "grade", "reason"]
    assert table.index.tolist() == [0, 1] and table.id.tolist() == ["1", "2"]
