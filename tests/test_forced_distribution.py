"""Forced distributions of the annual grade (rules/grades.py `forced`, policy.forced_distribution): grades cut by rank
within each grading group, "fixed class ratios (e.g. 3:5:2) … cut by rank, not by a tuned score line" (issue 18 §4);
the effort choice reads the same cut off last year's ranking (behaviour/effort.py `grade_cutoffs`)."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import effort
from simtoolkit.cli.main import main
from simtoolkit.model import CountyModel
from simtoolkit.rules import grades
from simtoolkit.rules.grades import BASIC, EXCELLENT, NONE, QUALIFIED, UNQUALIFIED
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS

QINGXU = SCENARIOS / "qingxu.toml"
RATIO_352 = (0.3, 0.5, 0.2, 0.0)
FORCED_352 = {"policy.forced_distribution.excellent_share": 30, "policy.forced_distribution.qualified_share": 50,
              "policy.forced_distribution.basically_qualified_share": 20, "policy.forced_distribution.unqualified_share": 0}


def test_places_never_give_a_grade_more_than_its_share():
    # 3:5:2 of 10 heads: 3 excellent, down to rank 8 qualified, 10 at least basically qualified.
    # Of 7 heads: floor(2.1) = 2, floor(5.6) = 5, floor(7.0) = 7. Of 0 heads: nothing.
    assert grades.forced_places(np.array([10, 7, 0]), RATIO_352).tolist() == [[3, 8, 10], [2, 5, 7], [0, 0, 0]]


def test_ten_heads_graded_3_5_2_by_rank_not_by_score():
    # Scores 100, 99, … 91 (all above any excellent line): the best 3 excellent, the next 5 qualified, the last 2
    # basically qualified; a head not rated has no grade.
    score = np.arange(100.0, 90.0, -1.0)
    rated = np.ones(10, bool)
    got = grades.forced(score, score, rated, np.zeros(10, np.int32), np.arange(10), RATIO_352)
    assert got.tolist() == [EXCELLENT] * 3 + [QUALIFIED] * 5 + [BASIC] * 2
    rated[0] = False  # 9 rated: floor(2.7) = 2 excellent, floor(7.2) = 7, then basically qualified
    got = grades.forced(score, score, rated, np.zeros(10, np.int32), np.arange(10), RATIO_352)
    assert got.tolist() == [NONE, EXCELLENT, EXCELLENT, QUALIFIED, QUALIFIED, QUALIFIED, QUALIFIED, QUALIFIED, BASIC, BASIC]


def test_each_group_is_cut_on_its_own_and_ties_go_by_the_quantitative_score_then_id():
    # Township 0 (4 heads) with a 25/25/25/25 bottom quota: one head per grade. Two heads tie at 80 on the score:
    # the one with the higher quantitative score ranks first. Township 1 (2 heads) tie on both: the lower id first.
    score = np.array([90.0, 80.0, 80.0, 70.0, 60.0, 60.0])
    quantitative = np.array([0.0, 50.0, 60.0, 0.0, 5.0, 5.0])
    group = np.array([0, 0, 0, 0, 1, 1], np.int32)
    ids = np.array([1, 2, 3, 4, 9, 8])
    got = grades.forced(score, quantitative, np.ones(6, bool), group, ids, (0.25, 0.25, 0.25, 0.25))
    # township 1: 2 heads, places floor(0.5) = 0, floor(1.0) = 1, floor(1.5) = 1 → id 8 qualified, id 9 unqualified
    assert got.tolist() == [EXCELLENT, BASIC, QUALIFIED, UNQUALIFIED, UNQUALIFIED, QUALIFIED]


def test_heads_read_the_bars_where_last_years_ranking_cut():
    # Last year 10 heads scored 100 … 91 under 3:5:2: excellent began at the 3rd best (98), qualified at the 8th (93);
    # every rated head was at least basically qualified, so that bar cannot be missed (−inf). With no excellent place
    # (0:80:20) nobody can be excellent (+inf).
    score = np.arange(100.0, 90.0, -1.0)
    graded, group = np.ones(10, bool), np.zeros(10, np.int32)
    cuts = effort.ranked_cutoffs(score, graded, group, RATIO_352)
    assert cuts.shape == (3, 10)
    assert cuts[0].tolist() == [98.0] * 10 and cuts[1].tolist() == [93.0] * 10 and np.isneginf(cuts[2]).all()
    cuts = effort.ranked_cutoffs(score, graded, group, (0.0, 0.8, 0.2, 0.0))
    assert np.isposinf(cuts[0]).all() and cuts[1].tolist() == [93.0] * 10


def test_the_grading_and_the_effort_choice_read_the_scenarios_rule():
    # Without the group: thresholds and the cap (Qingxu: excellent from 85 within 10 %, qualified 70, basic 60).
    P = load_scenario(QINGXU).params(2023)
    score = np.array([95.0, 88.0, 86.0, 72.0, 65.0, 50.0, 40.0, 30.0, 20.0, 10.0])
    args = (score, score, np.ones(10, bool), np.zeros(10, np.int32), np.arange(10))
    g = P.policy.grades
    assert grades.annual(*args, P).tolist() == grades.grade(*args, (g.threshold_basic, g.threshold_qualified, g.threshold_excellent),
                                                            g.excellent_quota).tolist()
    assert effort.grade_cutoffs(score, np.ones(10, bool), np.zeros(10, np.int32), np.arange(10), P)[1:, 0].tolist() == [
        g.threshold_qualified, g.threshold_basic]
    # With it: by rank whatever the score
    P = load_scenario(QINGXU, FORCED_352).params(2023)
    assert grades.annual(*args, P).tolist() == [EXCELLENT] * 3 + [QUALIFIED] * 5 + [BASIC] * 2
    assert effort.grade_cutoffs(score, np.ones(10, bool), np.zeros(10, np.int32), np.arange(10), P)[:2, 0].tolist() == [86.0, 30.0]


def test_the_model_grades_each_township_by_its_shares(monkeypatch):
    # Graded within each township (quota_scope = "township"): under 3:5:2 each township's rated heads split floor(0.3 n),
    # floor(0.8 n) − floor(0.3 n), the rest, and nobody is unqualified.
    seen = []

    def recorded(score, quantitative, rated, group, ids, P):
        graded = annual(score, quantitative, rated, group, ids, P)
        seen.append((group.copy(), graded.copy()))  # a copy: the heads' grade column is cleared for leavers in December
        return graded
    annual = grades.annual
    monkeypatch.setattr(grades, "annual", recorded)
    CountyModel(load_scenario(QINGXU, {"run.years": 1, "run.burn_in_years": 0, "policy.grades.quota_scope": "township",
                                               **FORCED_352})).run()
    group, graded = seen[-1]
    assert len(np.unique(group)) > 5
    for township in np.unique(group):
        g = graded[(group == township) & (graded >= 0)]
        n = g.size
        assert [(g == k).sum() for k in range(4)] == [int(0.3 * n + 1e-9), int(0.8 * n + 1e-9) - int(0.3 * n + 1e-9),
                                                     n - int(0.8 * n + 1e-9), 0]


def test_a_grade_nobody_can_miss_gives_no_reason_to_work():
    # When every rated head is graded excellent (100:0:0:0), the grade no longer depends on effort: heads work less
    # than under 3:5:2, where a better rank means a better grade and more stars. Over seeds 1–3 the mean efforts are
    # 0.53–0.56 against 0.86–0.88 (a gap of 0.30–0.33; the bar is 0.05); an effort choice reading Qingxu's thresholds
    # instead of last year's ranking reverses the order (0.71–0.72 against 0.64–0.66).
    base = load_scenario(QINGXU, {"run.years": 3, "run.burn_in_years": 0})
    everyone = {**FORCED_352, "policy.forced_distribution.excellent_share": 100,
                "policy.forced_distribution.qualified_share": 0, "policy.forced_distribution.basically_qualified_share": 0}
    efforts = [float(CountyModel(base.with_changes(c)).run().indicators["mean_effort"][1:].mean()) for c in (everyone, FORCED_352)]
    assert efforts[1] > efforts[0] + 0.05


def test_shares_that_do_not_add_up_to_100_are_one_line_naming_file_and_key(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(f'extends = {str(QINGXU)!r}\n[policy.forced_distribution]\nexcellent_share = 30\nqualified_share = 50\n'
                   'basically_qualified_share = 10\nunqualified_share = 0\n', encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {bad}: policy.forced_distribution.unqualified_share:")
    assert "= 90" in err[0] and "must be 100" in err[0]


def test_a_township_with_nobody_rated_and_a_county_with_no_heads():
    # Township 0's two heads cut 3:5:2: floor(0.6) = 0 excellent, floor(1.6) = 1 down to qualified, floor(2.0) = 2 down
    # to basically qualified — the better qualified, the other basically qualified. Township 1's only head is not rated
    # this year (the last township, with no rated head): no grade. A county with no heads at all grades nobody.
    score = np.array([90.0, 80.0, 70.0])
    got = grades.forced(score, score, np.array([True, True, False]), np.array([0, 0, 1], np.int32), np.arange(3), RATIO_352)
    assert got.tolist() == [QUALIFIED, BASIC, NONE]
    none = grades.forced(np.zeros(0), np.zeros(0), np.zeros(0, bool), np.zeros(0, np.int32), np.zeros(0, np.int64), RATIO_352)
    assert none.tolist() == []
