"""Yuncheng's star management (RULES.md §B): base stars from points, yearly adjustment, differentiated assessment.

Source: /work/shared/seeds/001_b322809883d0143e.txt (quoted in each test). Each rule is checked on a
small hand-made case; the arithmetic is in the comments.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from simtoolkit.model import CountyModel
from simtoolkit.rules import differentiation, grades, star_points
from simtoolkit.rules.grades import BASIC, EXCELLENT, NONE, QUALIFIED, UNQUALIFIED
from simtoolkit.scenario import ScenarioError, load_scenario

ROOT = Path(__file__).resolve().parents[1]
YUNCHENG = ROOT / "scenarios" / "yuncheng.toml"
SEED = ROOT.parent / "shared" / "seeds" / "001_b322809883d0143e.txt"  # the shared sources, beside the checkout


# ---- 科学设星: base stars from three indicators -----------------------------------------------
def test_points_for_the_annual_grade():
    # “根据“年度考核+任职年限+奖励情况”三项指标设置基础星级” — the first indicator, points by grade 4/2/0/0
    g = np.array([EXCELLENT, QUALIFIED, BASIC, UNQUALIFIED, NONE])
    assert star_points.grade_points(g, [4, 2, 0, 0]).tolist() == [4, 2, 0, 0, 0]


def test_points_for_years_in_post_capped():
    # 任职年限: one point per full 3 years, at most 3 — months 0, 35, 36, 108, 300 → 0, 0, 1, 3, min(8, 3) = 3
    months = np.array([0, 35, 36, 108, 300])
    assert star_points.tenure_points(months, 3, 3).tolist() == [0, 0, 1, 3, 3]


def test_points_for_awards_capped_and_awards_drawn_by_grade():
    # 奖励情况: 1 point per award, at most 2 — awards 0, 1, 3 → 0, 1, 2
    assert star_points.award_points(np.array([0, 1, 3]), 1.0, 2.0).tolist() == [0, 1, 2]
    # chances 20 % for excellent, 2 % for qualified, none below or ungraded:
    # draws 0.10 < 0.20 win; 0.30 ≥ 0.20 not; 0.01 < 0.02 win; basic and ungraded never win
    g = np.array([EXCELLENT, EXCELLENT, QUALIFIED, BASIC, NONE])
    draws = np.array([0.10, 0.30, 0.01, 0.0, 0.0])
    assert star_points.draw_awards(draws, g, [0.2, 0.02, 0.0, 0.0]).tolist() == [True, False, True, False, False]


def test_stars_are_the_thresholds_reached():
    # “为星级评定“定好标””: thresholds 2/4/6/7/8 points for 1–5 stars
    # 1.9 → 0; 2 → 1; 5 → 2 (2 and 4 reached); 7 → 4; 12 → 5; with a 4-star maximum 12 → 4
    points = np.array([1.9, 2, 5, 7, 12])
    assert star_points.stars_from_points(points, [2, 4, 6, 7, 8], 5).tolist() == [0, 1, 2, 4, 5]
    assert star_points.stars_from_points(points, [2, 4, 6, 7, 8], 4).tolist()[-1] == 4


def test_yearly_adjustment_moves_at_most_max_change():
    # “将初次评定与年度动态调整相结合”: from 1 towards 4 by one → 2; from 3 towards 0 → 2; 2 stays 2
    previous, target = np.array([1, 3, 2]), np.array([4, 0, 2])
    assert star_points.limit_change(previous, target, 1).tolist() == [2, 2, 2]
    assert star_points.limit_change(previous, target, 0).tolist() == [4, 0, 2]  # 0: no limit


def test_proposed_stars_by_hand():
    sp = SimpleNamespace(grade_points=[4, 2, 0, 0], years_per_point=3, years_points_max=3, points_per_award=1,
                         award_points_max=2, thresholds=[2, 4, 6, 7, 8], max_change=1)
    g = np.array([EXCELLENT, QUALIFIED, QUALIFIED, QUALIFIED])
    months = np.array([120, 72, 36, 120])
    awards = np.array([1, 0, 0, 0])
    previous = np.array([0, 1, 3, 2])
    first = np.array([True, False, False, False])
    removed = np.array([0, 0, 1, 5])
    # A, first rating: 4 (excellent) + floor(10/3) = 3 + 1 award = 8 points → 5 stars, no limit at the first rating
    # B: 2 + floor(6/3) = 2 → 4 points → 2 stars; from 1 by at most one → 2
    # C: 2 + 1 = 3 points → 1 star; from 3 by at most one → 2; a negative situation removes 1 → 1
    # D: 2 + 3 = 5 points → 2 stars = last year's 2; punishment removes 5 → 0 (never below zero)
    out = star_points.propose(g, months, awards, previous, first, removed, 0, sp, 5)
    assert out.tolist() == [5, 2, 1, 0]


# ---- 差异化考核: common part and individual part by village category ---------------------------
def test_villages_fall_into_categories_by_endowment():
    # “个性部分根据资源禀赋不同将农村分为不同类别实行差异化考核”: cuts at 30 % and 70 % of villages
    # endowments sorted: -8(v7) -3(v1) -1(v4) | 0(v2) 1(v9) 2(v5) 4(v8) | 5(v0) 7(v6) 9(v3)
    # shares poorer than each: v7 0.0, v1 0.1, v4 0.2 → 0; v2 0.3 … v8 0.6 → 1; v0 0.7, v6 0.8, v3 0.9 → 2
    endowment = np.array([5, -3, 0, 9, -1, 2, 7, -8, 4, 1], dtype=np.float32)
    cats = differentiation.categories(endowment, [0.3, 0.7], np.arange(10))
    assert cats.tolist() == [2, 0, 1, 2, 0, 1, 2, 0, 1, 1]


def test_individual_part_is_measured_against_the_category():
    # “将考核指标分为共性部分和个性部分”: scores 60, 70 (poor) and 80, 90 (rich);
    # category means 65 and 85, overall 75 → individual 60-65+75 = 70, 80, 80-85+75 = 70, 80
    score, cat = np.array([60.0, 70, 80, 90]), np.array([0, 0, 1, 1])
    individual = differentiation.individual_part(score, cat, np.ones(4, bool))
    assert individual.tolist() == [70, 80, 70, 80]
    # half common, half individual: (60+70)/2 = 65, 75, (80+70)/2 = 75, 85
    assert differentiation.blend(score, individual, 0.5).tolist() == [65, 75, 75, 85]
    # an unassessed head is left out of the means: category 1 mean 80, overall (60+70+80)/3 = 70 → 80-80+70 = 70
    partial = differentiation.individual_part(score, cat, np.array([True, True, True, False]))
    assert partial[2] == pytest.approx(70.0)


def test_excellent_cap_within_category():
    # “既强调完成工作任务,又充分考虑所在村的工作基础与条件的差异性”: four heads, cap 50 %
    # poor villages 86, 80; rich villages 95, 90. County-wide the two places go to 95 and 90;
    # within category one place each: 86 (poor, ≥ 85) and 95 (rich)
    score = np.array([86.0, 80, 95, 90])
    cat, ids, rated = np.array([0, 0, 1, 1]), np.arange(1, 5), np.ones(4, bool)
    county = grades.grade(score, score, rated, np.zeros(4, np.int64), ids, (60, 70, 85), 0.5)
    assert county.tolist() == [QUALIFIED, QUALIFIED, EXCELLENT, EXCELLENT]
    group = differentiation.quota_groups(np.zeros(4, np.int64), cat, 2)
    assert group.tolist() == [0, 0, 1, 1]
    within = grades.grade(score, score, rated, group, ids, (60, 70, 85), 0.5)
    assert within.tolist() == [EXCELLENT, QUALIFIED, EXCELLENT, QUALIFIED]
    # crossing townships with categories keeps them apart: township 1 × 3 categories + category 2 = 5
    assert differentiation.quota_groups(np.array([1]), np.array([2]), 3).tolist() == [5]


# ---- the scenario ------------------------------------------------------------------------
def test_scenario_quotes_its_source():
    # the scenario file cites the source's sentences verbatim (checked against the seed where the sources are present)
    sentences = ("根据“年度考核+任职年限+奖励情况”三项指标设置基础星级", "将初次评定与年度动态调整相结合",
                 "个性部分根据资源禀赋不同将农村分为不同类别实行差异化考核")
    scenario_text = YUNCHENG.read_text(encoding="utf-8")
    seed_text = SEED.read_text(encoding="utf-8") if SEED.exists() else scenario_text
    assert all(s in scenario_text and s in seed_text for s in sentences)


def test_star_points_need_the_star_system(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(f'extends = "{YUNCHENG.as_posix()}"\ndisable = ["policy.stars"]\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        load_scenario(bad)
    assert "policy.star_points: needs [policy.stars]" in str(exc.value)


def _stars_by_category(scenario, years: int) -> pd.DataFrame:
    """Last year's mean stars per category, one replication."""
    result = CountyModel(scenario, years=years).run()
    frame = result.stars_by_category_frame()
    last = frame[frame.year == frame.year.max()]
    return last.groupby("category").apply(lambda f: (f.stars * f["count"]).sum() / f["count"].sum(), include_groups=False)


def test_run_counts_every_rated_head_by_category_and_points_stars_reach_the_top():
    scenario = load_scenario(YUNCHENG)
    model = CountyModel(scenario, years=2)
    result = model.run()
    by_category = result.category_star_counts.sum(axis=(1, 2))
    assert by_category.tolist() == result.star_counts.sum(axis=(1, 2, 3)).tolist()
    # three categories of 30 / 40 / 30 % of the 200 villages
    assert np.bincount(model.village_category).tolist() == [60, 80, 60]
    # points decide the stars: long-serving excellent heads reach beyond Qingxu's 2-star initial rating
    assert result.star_counts[0].sum(axis=(0, 1))[3:].sum() > 0


def test_differentiation_narrows_the_gap_between_poor_and_rich_villages():
    # without differentiation the richest category out-stars the poorest; the category part narrows that gap
    scenario = load_scenario(YUNCHENG)
    with_diff = _stars_by_category(scenario, 3)
    without = _stars_by_category(scenario.with_changes({"policy.differentiation.enabled": False}), 3)
    assert without[2] - without[0] > 0
    assert with_diff[2] - with_diff[0] < without[2] - without[0]


def test_cli_runs_with_and_without_differentiation(cli, tmp_path):
    for name, extra in (("on", []), ("off", ["--set", "policy.differentiation.enabled=false"])):
        code, out, err = cli("run", YUNCHENG, "--years", "2", "--reps", "1", "--out", tmp_path / name, *extra)
        assert code == 0, err
        assert "星级分布" in out
        indicators = pd.read_csv(tmp_path / name / "indicators.csv", encoding="utf-8-sig")
        assert {"mean_stars_category_0", "mean_stars_category_2"} <= set(indicators.indicator)


def test_heads_in_post_before_the_run_bring_their_earlier_awards():
    # “奖励情况” counts the awards a head holds, so the heads in post at the start bring the awards of their years in
    # post before the run (an assumption of the scenario: a Poisson number, prior_award_rate a year in post; 0.3 here
    # for a mean that shows): 10 years before → mean 0.3 × 10 = 3 (the sd of a mean of 20,000 heads is 0.012), half a
    # year → 0.15 (sd 0.003); a head who starts in the run's first month or later brings none
    scenario = load_scenario(YUNCHENG).with_changes({"policy.star_points.prior_award_rate": 0.3})
    start = np.repeat([-120, -6, 0, 6], 20_000)
    awards = star_points.prior_awards(scenario, start, np.random.default_rng(1)).reshape(4, 20_000)
    assert awards[0].mean() == pytest.approx(3, abs=0.05) and awards[1].mean() == pytest.approx(0.15, abs=0.02)
    assert awards[2:].max() == 0
    # a county without the points star mode (Qingxu) counts no awards at all
    qingxu = load_scenario(ROOT / "scenarios" / "qingxu.toml")
    assert star_points.prior_awards(qingxu, start, np.random.default_rng(1)).max() == 0


def test_the_excellent_cap_applies_over_the_county_or_each_township_and_within_each_category():
    # “个性部分根据资源禀赋不同将农村分为不同类别实行差异化考核”, with the excellent cap within each category: Yuncheng's
    # cap applies over the county, so the grading groups are the villages' categories (2, 0, 1, 1), and without
    # categories one group; applied per township, each township's categories are their own groups — township × 3
    # categories + category: 0 × 3 + 2 = 2, 1 × 3 + 0 = 3, 2 × 3 + 1 = 7, 1 × 3 + 1 = 4 — and without categories the
    # townships
    township, category = np.array([0, 1, 2, 1], np.int32), np.array([2, 0, 1, 1], np.int8)
    scenario = load_scenario(YUNCHENG)
    for P, with_categories, without in ((scenario.params(2023), [2, 0, 1, 1], [0, 0, 0, 0]),
                                        (scenario.with_changes({"policy.grades.quota_scope": "township"}).params(2023), [2, 3, 7, 4], [0, 1, 2, 1])):
        assert differentiation.grading_groups(township, category, P).tolist() == with_categories
        assert differentiation.grading_groups(township, None, P).tolist() == without
