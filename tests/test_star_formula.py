"""A county's own star formula (rules/star_formula.py, rulebook/star_formula.py, policy.star_formula), on 邹城's
rule (scenarios/examples/zoucheng.toml): "90分以上五星，80—89分四星，70—79分三星，60—69分二星，60分以下一星；
群众满意度占30%；群众满意度低于60%的，最高评为二星"."""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.cli.main import main
from simtoolkit.model import CountyModel
from simtoolkit.rulebook import conditions
from simtoolkit.rules.grades import BASIC, EXCELLENT, NONE, QUALIFIED, UNQUALIFIED
from simtoolkit.rules.star_formula import by_bands, by_grade, formula, tenure_added
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS, formula_columns

ZOUCHENG = SCENARIOS / "examples" / "zoucheng.toml"
TUANSHUITOU = SCENARIOS / "examples" / "tuanshuitou.toml"
BANDS = [{"at_least": 0, "stars": 1}, {"at_least": 60, "stars": 2}, {"at_least": 70, "stars": 3},
         {"at_least": 80, "stars": 4}, {"at_least": 90, "stars": 5}]
CAP = [{"when": "satisfaction < 0.6", "bound": "at_most", "stars": 2}]


def zoucheng_by_hand(score, satisfaction):
    """邹城's rule written out: 1 star, +1 at 60, 70, 80 and 90 points; at most 2 below 60 % satisfaction."""
    stars = 1 + (score >= 60) + (score >= 70) + (score >= 80) + (score >= 90)
    return np.where(satisfaction < 0.6, np.minimum(stars, 2), stars)


def columns(score, satisfaction, grade=None, years=0.0):
    """The formula's columns for a few heads."""
    score = np.asarray(score, float)
    grade = np.full(score.shape, QUALIFIED) if grade is None else np.asarray(grade)
    return {"score": score, "satisfaction": np.asarray(satisfaction, float), "grade": grade,
            "years_in_post": np.broadcast_to(years, score.shape), "previous_stars": np.zeros(score.shape, np.int64)}


def test_zoucheng_bands_at_their_edges():
    # 59.9 → 1 (60分以下一星), 60 → 2, 69.9 → 2, 70 → 3, 89.9 → 4, 90 → 5, 100 → 5
    score = np.array([0, 59.9, 60, 69.9, 70, 89.9, 90, 100])
    assert by_bands(score, BANDS, "at_least").tolist() == [1, 1, 2, 2, 3, 4, 5, 5]


def test_zoucheng_satisfaction_below_60_percent_caps_at_two_stars():
    # 95 points at 59 % satisfaction → 2 (capped); at 60 % → 5; 65 points at 30 % → 2 (the cap does not lift);
    # 50 points at 10 % → 1 (a cap is no floor)
    F = {"score_bands": BANDS, "limits": CAP}
    stars = formula(F, None, columns([95, 95, 65, 50], [0.59, 0.60, 0.30, 0.10]), 5)
    assert stars.tolist() == [2, 5, 2, 1]


def test_tuanshuitou_grade_table_and_tenure_stars():
    # 湍水头镇: 优秀 2, 合格 1, 基本合格 and 不合格 0; +1 star at 10 years as a 两委主干 and +2 at 20 (not +3).
    grades = [{"grade": "excellent", "stars": 2}, {"grade": "qualified", "stars": 1},
              {"grade": "basically_qualified", "stars": 0}, {"grade": "unqualified", "stars": 0}]
    assert by_grade(np.array([EXCELLENT, QUALIFIED, BASIC, UNQUALIFIED, NONE]), grades).tolist() == [2, 1, 0, 0, 0]
    tenure = [{"years": 10, "stars": 1}, {"years": 20, "stars": 2}]
    assert tenure_added(np.array([9.99, 10.0, 19.5, 20.0, 31.0]), tenure).tolist() == [0, 1, 1, 2, 2]
    # excellent at 20 years: 2 + 2 = 4, under a maximum of 3 → 3; qualified at 12 years: 1 + 1 = 2
    F = {"grade_stars": grades, "tenure_stars": tenure}
    got = formula(F, None, columns([80, 80], [0.9, 0.9], [EXCELLENT, QUALIFIED], np.array([20.0, 12.0])), 3)
    assert got.tolist() == [3, 2]


def test_without_bands_or_a_grade_table_the_formula_limits_the_ratings_own_stars():
    # the rating proposed 4 and 1; at least 2 stars for excellent heads (the 1st is qualified, the 2nd excellent) → 4, 2
    F = {"limits": [{"when": "excellent", "bound": "at_least", "stars": 2}]}
    got = formula(F, np.array([4, 1]), columns([80, 80], [0.9, 0.9], [QUALIFIED, EXCELLENT]), 5)
    assert got.tolist() == [4, 2]


def test_limits_apply_in_row_order():
    # at most 2 where satisfaction < 0.6, then at least 3 for 10+ years: the later row wins (a 95-point head at
    # 50 % satisfaction with 12 years → 3); swapped, the cap wins (→ 2)
    cap, floor = CAP[0], {"when": "years_in_post >= 10", "bound": "at_least", "stars": 3}
    cols = columns([95], [0.5], years=12.0)
    assert formula({"score_bands": BANDS, "limits": [cap, floor]}, None, cols, 5).tolist() == [3]
    assert formula({"score_bands": BANDS, "limits": [floor, cap]}, None, cols, 5).tolist() == [2]


def rate_one_year(monkeypatch, path, changes):
    """Run one year of an example; the heads (same person, rated this year) with their stars before and after, whether
    they had been rated before, and the formula's columns at the rating."""
    seen = formula_columns(monkeypatch)
    model = CountyModel(load_scenario(path, {"run.years": 1, **changes}))
    heads = model.world.heads
    ids, before, rated_before = heads.id.copy(), heads.stars.astype(np.int64).copy(), heads.rated.copy()
    model.run()
    rated = (heads.id == ids) & model.slots.rated_now
    return rated, before, heads.stars.astype(np.int64), rated_before, seen[-1]


def test_zoucheng_heads_are_rated_by_the_rule(monkeypatch):
    # One year of the example: every rated head gets 邹城's stars from its score and its village's satisfaction, or
    # keeps last year's where the three-level review stopped an increase (Qingxu's review stays in force).
    rated, before, after, _, cols = rate_one_year(monkeypatch, ZOUCHENG, {})
    expected = zoucheng_by_hand(cols["score"], cols["satisfaction"])[rated]
    got = after[rated]
    by_rule = got == expected
    reviewed = (got == before[rated]) & (expected > before[rated])
    assert rated.sum() > 100 and np.all(by_rule | reviewed) and by_rule.mean() > 0.8


def test_tuanshuitou_first_ratings_by_grade_and_years_in_post(monkeypatch):
    # The first year without a burn-in: every head in post a year or more is rated the first time. "初评：年度考核优秀的
    # 评定二星，合格的评定一星，基本合格和不合格的不评星；担任两委主干满10年的加一星，满20年的加二星": by hand, 2/1/0/0
    # by grade plus 1 from 10 years and 2 from 20; a first rating the review stops stays at 0.
    rated, _, after, rated_before, cols = rate_one_year(monkeypatch, TUANSHUITOU, {"run.burn_in_years": 0})
    by_grade_hand = np.select([cols["grade"] == EXCELLENT, cols["grade"] == QUALIFIED], [2, 1], 0)
    tenure = (cols["years_in_post"] >= 10).astype(int) + (cols["years_in_post"] >= 20)
    first = rated & ~rated_before
    expected, got = (by_grade_hand + tenure)[first], after[first]
    assert first.sum() > 100 and np.all((got == expected) | (got == 0))
    assert (got == expected).mean() > 0.8 and (expected >= 3).any()


@pytest.mark.parametrize("edit, says", [
    (("at_least = 80", "at_least = 65"), "policy.star_formula.score_bands[3].at_least: 65 does not rise above the row before (70)"),
    (("at_least = 0,", "at_least = 10,"), "policy.star_formula.score_bands[0].at_least: the first row starts at 10"),
    (("satisfaction < 0.6", "villagers < 0.6"), "policy.star_formula.limits[0].when: unknown name 'villagers'"),
    (("satisfaction < 0.6", "satisfaction ** 2 < 0.36"), "policy.star_formula.limits[0].when: operator '**' is not allowed"),
])
def test_bad_bands_and_conditions_are_one_line_naming_file_and_key(tmp_path, capsys, edit, says):
    text = ZOUCHENG.read_text(encoding="utf-8").replace('"../qingxu.toml"', repr(str(SCENARIOS / "qingxu.toml")))
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace(*edit), encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {bad}: {says}")


def test_a_grade_table_must_name_every_grade(tmp_path, capsys):
    text = ZOUCHENG.read_text(encoding="utf-8").replace('"../qingxu.toml"', repr(str(SCENARIOS / "qingxu.toml")))
    text += '\ngrade_stars = [ { grade = "excellent", stars = 2 }, { grade = "qualified", stars = 1 }, { grade = "qualified", stars = 0 } ]\n'
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    # problems come sorted, as ScenarioError lists them
    assert err == sorted([f"error: {bad}: policy.star_formula.grade_stars.grade: 'qualified' appears 2 times: every level needs exactly one row",
                   f"error: {bad}: policy.star_formula.grade_stars.grade: 'basically_qualified' appears 0 times: every level needs exactly one row",
                   f"error: {bad}: policy.star_formula.grade_stars.grade: 'unqualified' appears 0 times: every level needs exactly one row"])


def test_an_outcomes_score_is_this_years_moved_into_the_outcome_grades_band():
    # Qingxu's thresholds: basic 60, qualified 70, excellent 85. A 78-point head: excellent → 85, qualified → 78,
    # basically qualified → just under 70, unqualified → just under 60. A 50-point head: 85, 70, 60, 50.
    P = load_scenario(ZOUCHENG).params(2023)
    grade = np.array([[EXCELLENT, QUALIFIED, BASIC, UNQUALIFIED]])
    got = conditions.outcome_score(np.array([[78.0], [50.0]]), grade, P)
    assert got[:, [0, 1]].tolist() == [[85, 78], [85, 70]]
    assert got[0, 2] == pytest.approx(70) and got[0, 2] < 70 and got[0, 3] == pytest.approx(60) and got[0, 3] < 60
    assert got[1, 2:].tolist() == [60, 50]
    # so 邹城's bands read 5 stars only in the excellent outcome (85 is not 90: 4), 3 when qualified at 78, 2 and 1 below
    assert by_bands(got[0], BANDS, "at_least").tolist() == [4, 3, 2, 1]


def test_the_effort_choice_sees_the_formula():
    # Under 邹城's bands a better grade means a higher score band and more stars; with one band (3 stars whatever the
    # score) it does not. Heads see it through the same formula on the outcome grid, and work harder under the bands.
    scenario = load_scenario(ZOUCHENG, {"run.years": 3})
    flat = scenario.with_changes({"policy.star_formula.score_bands": [{"at_least": 0, "stars": 3}]})
    efforts = [float(CountyModel(s).run().indicators["mean_effort"][1:].mean()) for s in (flat, scenario)]
    assert efforts[1] > efforts[0]


def test_the_effort_choice_applies_the_formula_in_the_points_mode_too(monkeypatch):
    # 运城's points mode (policy.star_points) proposes the stars; a county's formula then limits them, in the rating
    # and on the effort choice's outcomes alike. Under "at most 0 stars" every outcome the heads price holds none;
    # without the cap some hold stars.
    from simtoolkit.rulebook import star_rating
    priced, star_outcomes = [], star_rating.star_outcomes

    def spy(held, previous, **kw):
        priced.append(int(np.max(held)))
        return star_outcomes(held, previous, **kw)
    monkeypatch.setattr(star_rating, "star_outcomes", spy)
    base = load_scenario(SCENARIOS / "yuncheng.toml", {"run.years": 2, "run.burn_in_years": 0})
    CountyModel(base).run()
    assert max(priced) > 0
    priced.clear()
    CountyModel(base.with_changes({"policy.star_formula.limits": [{"when": "True", "bound": "at_most", "stars": 0}]})).run()
    assert priced and max(priced) == 0


def test_a_limit_reads_the_stars_the_formula_has_reached_so_far():
    # docs/cookbook.md: a condition's `stars` are "the stars the formula has reached so far (after the earlier limit
    # rows)": 95 points → 5 stars by 邹城's bands; "at most 4 where stars >= 5" takes them to 4, and a second row "at
    # most 3 where stars >= 5" then no longer holds (4 reached so far); 85 points → 4, untouched by either
    F = {"score_bands": BANDS, "limits": [{"when": "stars >= 5", "bound": "at_most", "stars": 4},
                                          {"when": "stars >= 5", "bound": "at_most", "stars": 3}]}
    assert formula(F, None, columns([95, 85], [0.9, 0.9]), 5).tolist() == [4, 4]


def test_the_stars_cover_every_outcome_whichever_column_has_them():
    # "every column may be heads or heads × outcomes": two heads holding 1 and 2 stars (the rating's own stars, no
    # bands or grade table) keep them in each of three outcomes, whether the grade or the score has the outcomes
    base = np.array([[1], [2]])
    wide_grade = {**columns([[80.0], [80.0]], [[0.9], [0.9]]), "grade": np.full((2, 3), QUALIFIED)}
    assert formula({}, base, wide_grade, 5).tolist() == [[1, 1, 1], [2, 2, 2]]
    wide_score = {**columns(np.full((2, 3), 80.0), np.full((2, 3), 0.9)), "grade": np.full((2, 1), QUALIFIED),
                  "years_in_post": np.zeros((2, 1))}
    assert formula({}, base, wide_score, 5).tolist() == [[1, 1, 1], [2, 2, 2]]


def test_an_addition_reads_the_stars_the_formula_has_reached_so_far():
    # the additions in row order, each reading the stars reached so far: 95 points → 5 by 邹城's bands; "−1 where
    # stars >= 5" takes them to 4, and then "+1 where stars >= 5" no longer holds (4 so far); 65 points → 2, untouched
    F = {"score_bands": BANDS, "additions": [{"when": "stars >= 5", "stars": -1}, {"when": "stars >= 5", "stars": 1}]}
    assert formula(F, None, columns([95, 65], [0.9, 0.9]), 5).tolist() == [4, 2]


# ---- the component and its columns alone, on a few heads built here ------------------------------------------------------
def test_a_formula_for_first_ratings_only_leaves_the_others_the_ratings_stars(monkeypatch):
    # 团水头: "初评：年度考核优秀的评定二星，合格的评定一星…；担任两委主干满10年的加一星" applies to first ratings only: two
    # excellent heads of 12 years, the rating proposing 4 each; the first rated the first time gets 2 + 1 = 3, the
    # other keeps the rating's 4
    from types import SimpleNamespace

    from simtoolkit.rulebook.star_formula import StarFormula

    P = load_scenario(TUANSHUITOU).params(2023)
    assert P.policy.star_formula.get("applies_to") == "first_rating"
    got = StarFormula._stars(P, np.array([4, 4]), np.array([True, False]), columns([80, 80], [0.9, 0.9], [EXCELLENT, EXCELLENT], 12.0))
    assert got.tolist() == [3, 4]
    # on next year's outcomes (excellent, qualified) alike: the head rated the first time next year gets 3 or 1 + 1 = 2
    wide = {**columns([[80.0], [80.0]], [[0.9], [0.9]], years=12.0), "grade": np.array([[EXCELLENT, QUALIFIED]])}
    monkeypatch.setattr(conditions, "on_outcomes", lambda model, base, P: wide)
    got = StarFormula(SimpleNamespace()).star_proposal_outcomes(np.full((2, 2), 4), np.array([[True], [False]]), P, None)
    assert got.tolist() == [[3, 2], [4, 4]]


def test_an_outcomes_score_without_grade_thresholds_is_this_years_in_every_outcome():
    # without the three thresholds an outcome's score is this year's, the same in each outcome (heads × outcomes)
    from types import SimpleNamespace

    P = SimpleNamespace(policy=SimpleNamespace(grades=None), has=lambda key: False)
    got = conditions.outcome_score(np.array([[78.0], [50.0]]), np.array([[EXCELLENT, QUALIFIED, BASIC]]), P)
    assert got.tolist() == [[78, 78, 78], [50, 50, 50]]


def test_the_outcomes_columns_read_years_in_post_at_next_years_rating_and_the_villagers_by_household_size():
    # December 2023 (month 11): next year's rating is month 23; a head in post from month −96 has then served 120
    # months, 10 years. His village's satisfaction is the mean over its households weighted by the people each stands
    # for: 0.2 for one and 0.8 for three → 0.65
    from types import SimpleNamespace

    from conftest import Table, small_model
    from simtoolkit.rules import history

    heads = Table(score=[78.0], stars=[2], start_month=[-96], service_before_break=[0], break_months=[0], village=[0])
    model = small_model(load_scenario(TUANSHUITOU), 2023, households=Table(satisfaction=[0.2, 0.8], village=[0, 0], size=[1, 3]),
                        villages=Table(township=[0]))
    record = {"last_grade": np.array([-1]), **{name: np.zeros(1) for name in history.RECORD}}
    base = SimpleNamespace(heads=heads, grade=np.array([EXCELLENT, QUALIFIED]), month=11, seen=SimpleNamespace(record=record))
    got = conditions.on_outcomes(model, base, model.config.params(2023))
    assert got["years_in_post"].tolist() == [[10.0]] and got["satisfaction"].tolist() == [[pytest.approx(0.65)]]
    assert got["previous_stars"].tolist() == [[2]] and got["grade"].tolist() == [[EXCELLENT, QUALIFIED]]
