"""Rating cycles (policy.rating_cycle, rules/stars.py `in_cycle`): issue 18 §2, "rate every year, every N years, or
once per term (re-rated after each election, with or without a reset)"; and its bad input, "a cycle longer than the
run — one line … naming file and key, exit 2"."""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.cli.main import main
from simtoolkit.model import CountyModel
from simtoolkit.rules import history, stars
from simtoolkit.rules.grades import EXCELLENT, QUALIFIED, UNQUALIFIED
from simtoolkit.rules.star_formula import formula, over_cycle
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS, formula_columns

QINGXU = SCENARIOS / "qingxu.toml"
TUANSHUITOU = SCENARIOS / "examples" / "tuanshuitou.toml"


def test_a_cycle_rates_in_its_year_and_every_n_years_before_and_after():
    # every 3 years from 2024: 2018, 2021, 2024, 2027 rate; 2022, 2023, 2025, 2026 do not. Without a cycle: every year.
    P = load_scenario(QINGXU, {"policy.rating_cycle.every_years": 3, "policy.rating_cycle.rating_year": 2024}).params(2024)
    assert [y for y in range(2018, 2028) if stars.in_cycle(y, P)[0]] == [2018, 2021, 2024, 2027]
    assert stars.in_cycle(2024, P)[1] is False
    P = load_scenario(QINGXU).params(2024)
    assert all(stars.in_cycle(y, P) == (True, False) for y in range(2018, 2028))


def test_by_default_the_cycle_rates_in_the_start_year():
    scenario = load_scenario(QINGXU, {"policy.rating_cycle.every_years": 2})
    start = scenario.value("run.start_year")
    P = scenario.params(start)
    assert [stars.in_cycle(start + k, P)[0] for k in range(4)] == [True, False, True, False]


def years_of(changes: dict, years: int = 4, scenario=QINGXU) -> list[dict]:
    """Each year of a run without a burn-in: the slots' ids at its start and end, stars at both, who was rated, and the
    star awards scheduled that year (yuan)."""
    model = CountyModel(load_scenario(scenario, {"run.years": years, "run.burn_in_years": 0, **changes}))
    awards, schedule = [], model.ledger.schedule

    def spy(due, item, payer, township, role, yuan, person=None):
        if item == "star_award":
            awards.append(float(np.sum(yuan)))
        return schedule(due, item, payer, township, role, yuan, person)
    model.ledger.schedule = spy
    seen = []
    for k in range(years):
        heads = model.world.heads
        start = {"ids": heads.id.copy(), "stars": heads.stars.astype(int)}
        awards.append(0.0)
        model.run_until(12 * (k + 1))
        seen.append({"start": start, "ids": heads.id.copy(), "stars": heads.stars.astype(int), "rated": model.slots.rated_now.copy(),
                     "grade": heads.grade.copy(), "award": sum(awards)})
        awards.clear()
    return seen


def test_nobody_is_rated_between_the_cycles_ratings_and_no_award_is_due():
    # Every 2 years from the start: ratings in years 1 and 3. In years 2 and 4 nobody is rated, a head who stays keeps
    # his stars, and no star award is decided (it pays stars gained at a rating). Without the cycle: rated every year.
    seen = years_of({"policy.rating_cycle.every_years": 2})
    assert [bool(y["rated"].any()) for y in seen] == [True, False, True, False]
    for y in (seen[1], seen[3]):
        stayed = y["ids"] == y["start"]["ids"]
        assert np.array_equal(y["stars"][stayed], y["start"]["stars"][stayed]) and y["award"] == 0
    assert seen[0]["award"] > 0 and seen[2]["award"] > 0
    assert all(y["rated"].any() for y in years_of({}, years=2))


def test_a_reset_rates_every_head_afresh_at_the_cycles_rating():
    # 湍水头镇's initial rating by grade (优秀 2, 合格 1, 基本合格 and 不合格 0) applied to everyone at each rating
    # with a reset: a head's stars after a rating are those of his grade that year, whatever he held before (unless
    # the review stopped an increase).
    changes = {"policy.star_formula.tenure_stars": [], "policy.rating_cycle.every_years": 1, "policy.rating_cycle.reset": True}
    year = years_of(changes, years=2, scenario=TUANSHUITOU)[1]
    stayed = (year["ids"] == year["start"]["ids"]) & year["rated"]
    by_grade = np.select([year["grade"] == 0, year["grade"] == 1], [2, 1], 0)[stayed]
    before, after = year["start"]["stars"][stayed], year["stars"][stayed]
    assert stayed.sum() > 100
    assert np.all((after == by_grade) | ((after == before) & (by_grade > before)))
    assert (after < before).any()  # a reset can lower stars, which Qingxu's yearly adjustment (floor reading) would not


def test_the_effort_choice_sees_no_stars_in_a_year_without_a_rating():
    # Heads look one year ahead: in a year before a year without a rating, better grades bring no stars next year, so
    # they work less than under a yearly rating (Qingxu, every 2 years from the start: the choice made in year 2
    # looks at year 3 (a rating), the one made in year 1 at year 2 (none)).
    every_year = CountyModel(load_scenario(QINGXU, {"run.years": 3, "run.burn_in_years": 0})).run()
    cycle = CountyModel(load_scenario(QINGXU, {"run.years": 3, "run.burn_in_years": 0, "policy.rating_cycle.every_years": 2})).run()
    effort_yearly, effort_cycle = (np.asarray(r.indicators["mean_effort"]) for r in (every_year, cycle))
    # chosen at the end of year 1, for year 2 (no rating): over seeds 1–3, 0.60–0.62 against 0.66–0.68 (a gap of
    # 0.046–0.065); the bar is 0.01
    assert effort_cycle[1] < effort_yearly[1] - 0.01


@pytest.mark.parametrize("every, says", [(5, "policy.rating_cycle.every_years: a cycle of 5 years is longer than the run (3 years, run.years)")])
def test_a_cycle_longer_than_the_run_is_one_line_naming_file_and_key(tmp_path, capsys, every, says):
    bad = tmp_path / "bad.toml"
    bad.write_text(f'extends = {str(QINGXU)!r}\n[run]\nyears = 3\n[policy.rating_cycle]\nevery_years = {every}\n', encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {bad}: {says}"]


def test_stars_added_per_year_by_grade_summed_over_the_cycle_by_hand():
    # issue 18 §1: "added per year by grade, summed over a rating cycle". +1 a year excellent, 0 qualified, −1
    # unqualified, added at the cycle's rating to the stars held: a head holding 1 star, excellent twice and qualified
    # once in the cycle → 3; one holding 2, qualified, unqualified, unqualified → 0.
    table = [{"grade": "excellent", "stars": 1}, {"grade": "qualified", "stars": 0},
             {"grade": "basically_qualified", "stars": 0}, {"grade": "unqualified", "stars": -1}]
    columns = {"score": np.zeros(2), "grade": np.array([QUALIFIED, UNQUALIFIED]), "years_in_post": np.full(2, 5.0),
               "previous_stars": np.array([1, 2]), "cycle_excellent": np.array([2, 0]), "cycle_qualified": np.array([1, 1]),
               "cycle_basically_qualified": np.array([0, 0]), "cycle_unqualified": np.array([0, 2])}
    assert over_cycle(columns, table).tolist() == [2, -2]
    assert formula({"cycle_stars": table}, np.array([9, 9]), columns, 5).tolist() == [3, 0]


def test_the_cycles_count_starts_again_after_each_rating():
    # A cycle of 3 years rating in its third: the years at each grade since the last rating are 1, 2, 3 as read at
    # each year's rating, then 0 again after the third.
    record = {"last_grade": np.full(1, -1, np.int8), **{k: np.full(1, v, d) for k, (d, v) in history.RECORD.items()}}
    for year, rated in enumerate((False, False, True), start=1):
        assert history.seen(record, np.array([EXCELLENT]))["cycle_excellent"].tolist() == [year]
        history.advance(record, np.array([EXCELLENT]), np.array([90.0]), rated)
    assert record["cycle_excellent"].tolist() == [0] and record["years_excellent"].tolist() == [3]


def test_the_model_sums_the_grades_since_the_last_rating(monkeypatch):
    # Every 2 years from the start (ratings in years 1 and 3): at the third year's rating each head who stayed reads
    # the years at each grade of years 2 and 3, those since the rating of year 1.
    seen = formula_columns(monkeypatch)
    table = [{"grade": "excellent", "stars": 1}, {"grade": "qualified", "stars": 0},
             {"grade": "basically_qualified", "stars": 0}, {"grade": "unqualified", "stars": 0}]
    model = CountyModel(load_scenario(QINGXU, {"run.years": 3, "run.burn_in_years": 0, "policy.rating_cycle.every_years": 2,
                                               "policy.star_formula.cycle_stars": table}))
    ids = model.world.heads.id.copy()
    model.run()
    stayed = model.world.heads.id == ids
    year2, year3 = seen[1], seen[2]
    for code, name in enumerate(("excellent", "qualified")):
        by_hand = (year2["grade"] == code).astype(int) + (year3["grade"] == code)
        assert np.array_equal(year3[f"cycle_{name}"][stayed], by_hand[stayed])
    assert (year3["cycle_excellent"][stayed] > 0).sum() > 5 and (year3["cycle_qualified"][stayed] == 2).sum() > 50
