"""Every money rule Qingxu's effort choice weighs, one at a time: the money it adds to each of next year's 16
outcomes equals a reference written here from the rule's words (not from behaviour/effort.py's helpers), and more
of that money moves the chosen effort the way it should.

The rules (RULES.md §A.8; docs/model.md §Submodels: effort): performance pay by grade, the award per star gained,
the pension top-up per star held, the retirement subsidy per star, the township-referenced pay and the chance of a
township post for high-star heads, and keeping the post (dismissal after punishment or repeated low grades).
Each test changes one parameter by Δ and compares `effort.outcome_money` before and after, so a rule the choice
ignored would show a zero difference, and one read wrongly a difference other than the reference's.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import effort_reference
from effort_reference import GRADE, PUNISHED, retirement_years, stars_after_next_rating, years_in_post
from simtoolkit.behaviour import effort, performance
from simtoolkit.model import CountyModel
from simtoolkit.scenario import load_scenario
from simtoolkit.rules import roles

QINGXU = Path(__file__).resolve().parents[1] / "scenarios" / "qingxu.toml"
NO_REVIEW = {"policy.review.objection_rate": 0, "policy.review.county_veto_rate": 0}  # an increase always stands
MONTH = 11  # the choice is made in December, after the rating
PAY = {"secretary_director": 68000, "secretary": 58000, "director": 58000, "community_secretary": 68000,
       "sent_secretary": 30000}  # “一肩挑”…6.8万元/年, 其他村主干…5.8万元/年, 选派…3万元/年 (2023)


@pytest.fixture(scope="module")
def year_one():
    """Qingxu (without the review) after its first year: heads, streaks and the scenario."""
    scenario = load_scenario(QINGXU, NO_REVIEW)
    model = CountyModel(scenario, years=1)
    model.run()
    return model, scenario


def low_streak(model) -> np.ndarray:
    """Years in a row graded basically qualified or lower so far: every third head one (a second would dismiss it)."""
    return (np.arange(len(model.world.heads)) % 3 == 0).astype(np.int16)


def heads_sample(model, n: int = 40) -> np.ndarray:
    """Slots of heads of every role, with stars and without, to check one by one."""
    heads = model.world.heads
    return np.linspace(0, len(heads) - 1, n).astype(int)


def money(model, scenario, changes: dict) -> np.ndarray:
    """`effort.outcome_money` of every head (heads × 16) under changed parameters."""
    changed = scenario.with_changes(changes)
    P, heads = changed.params(model.start_year), model.world.heads
    hooks = model.effort_hooks()
    return effort.outcome_money(heads, low_streak(model), model.start_year, MONTH, P, changed.has, extra=hooks["extra"], rating=hooks["rating"],
                                outcomes=effort.outcome_space(tuple(name for name, _ in hooks["events"])), pays=hooks["pays"],
                                keeps=hooks["keeps"])


def head(model, slot: int, P) -> dict:
    """What the reference reads of one head."""
    h = model.world.heads
    age = int(model.start_year - h.birth_year[slot])
    return {"age": age, "sex": int(h.sex[slot]), "role": roles.CODES[h.role[slot]], "stars": int(h.stars[slot]),
            "rated": bool(h.rated[slot]), "recruited": bool(h.recruited[slot]),
            "eligible": MONTH + 12 + 1 - int(h.start_month[slot]) >= P.policy.stars.min_months_in_post,
            "served": (MONTH + 1 - int(h.start_month[slot])) / 12.0}


def added_money(model, scenario, changes: dict):
    """Qingxu's parameters and the money `changes` add to each head's outcomes (heads × 16)."""
    return scenario.params(model.start_year), money(model, scenario, changes) - money(model, scenario, {})


def raises_effort(model, scenario, more: dict, less: dict | None = None, slots=None) -> bool:
    """Whether the heads in `slots` (all by default) choose more effort on average under `more` than under `less`."""
    slots = np.arange(len(model.world.heads)) if slots is None else slots
    return chosen_effort(model, scenario, more, slots).mean() > chosen_effort(model, scenario, less or {}, slots).mean()


def chosen_effort(model, scenario, changes: dict, slots) -> np.ndarray:
    """December's best response of the heads in `slots` under changed parameters."""
    changed = scenario.with_changes(changes)
    P, heads = changed.params(model.start_year), model.world.heads
    endowment = model.world.villages.endowment[heads.village]
    fraction = performance.latent_fraction(heads.ability, heads.effort, endowment, 0.0, P)  # this year's performance share
    chosen = effort.best_response(heads, endowment, fraction, low_streak(model), model.start_year, MONTH, P, changed.has, **model.effort_hooks())
    return chosen[slots]


# ---- one rule at a time -----------------------------------------------------------------------------------------
def test_performance_pay_by_grade(year_one):
    # “村党组织书记年度考核优秀的,绩效由原来100%提高到150%发放”: raising the excellent coefficient of the graded
    # roles by 50 points adds annual pay × 30 % × 0.5 to the excellent outcomes of those roles only
    model, scenario = year_one
    P, added = added_money(model, scenario, {"policy.performance.excellent": 200})
    for slot in heads_sample(model):
        h = head(model, slot, P)
        graded = h["role"] in P.policy.performance.graded_roles
        expected = (GRADE == 0) * graded * PAY[h["role"]] * 0.30 * 0.50
        assert added[slot] == pytest.approx(expected, abs=1e-6)
    graded = roles.among(model.world.heads.role, P.policy.performance.graded_roles)
    assert raises_effort(model, scenario, {"policy.performance.excellent": 300}, slots=graded)


def test_award_per_star_gained(year_one):
    # “初评定星及年度动态增星均按照1000元/星标准予以奖励”: 500 yuan more per star adds 500 × stars gained
    # in each outcome, to the roles the award is for
    model, scenario = year_one
    P, added = added_money(model, scenario, {"policy.stars.award_per_star": 1500})
    for slot in heads_sample(model):
        h = head(model, slot, P)
        held, previous = stars_after_next_rating(h["stars"], h["rated"], h["eligible"], P.policy.stars)
        expected = 500 * np.maximum(held - previous, 0) * (h["role"] in P.policy.stars.award_roles)
        assert added[slot] == pytest.approx(expected, abs=1e-6)
    assert np.any(added > 0)
    assert raises_effort(model, scenario, {"policy.stars.award_per_star": 20000})


def test_pension_top_up_per_star_held(year_one):
    # “每增加一个星级每年补助50元”: 100 yuan more per star a year adds 100 × stars held after the rating × the
    # discounted years in post from next year, in each outcome
    model, scenario = year_one
    P, added = added_money(model, scenario, {"policy.pension.per_star": 150})
    for slot in heads_sample(model):
        h = head(model, slot, P)
        held, _ = stars_after_next_rating(h["stars"], h["rated"], h["eligible"], P.policy.stars)
        assert added[slot] == pytest.approx(100 * held * sum(years_in_post(h["age"], P)), rel=1e-9, abs=1e-6)
    assert raises_effort(model, scenario, {"policy.pension.per_star": 5000})


def test_retirement_subsidy_per_star(year_one):
    # “根据离任时获得的星级,补贴标准每月每星增加15元”: 10 yuan more a month per star adds 12 × 10 × stars held ×
    # the discounted, survival-weighted years of subsidy, for heads who will have served the minimum years
    model, scenario = year_one
    P, added = added_money(model, scenario, {"policy.retirement.per_star_monthly": 25})
    checked = 0
    for slot in heads_sample(model):
        h = head(model, slot, P)
        held, _ = stars_after_next_rating(h["stars"], h["rated"], h["eligible"], P.policy.stars)
        served = h["served"] + len(years_in_post(h["age"], P))
        entitled = h["role"] in P.policy.retirement.star_roles and served >= P.policy.retirement.min_years_served
        expected = 12 * 10 * held * entitled * retirement_years(h["age"], h["sex"], P)
        assert added[slot] == pytest.approx(expected, rel=1e-9, abs=1e-6)
        checked += entitled and held.any()
    assert checked > 5
    assert raises_effort(model, scenario, {"policy.retirement.per_star_monthly": 500})


def test_township_referenced_pay_and_post(year_one):
    # “一届内优先通过专项招聘纳入乡街事业编,不宜纳入的参照乡街事业编待遇落实岗位报酬”: for an eligible role
    # holding at least 3 stars, a reference pay 6,000 higher adds 6,000 × the discounted years in post (the pay
    # gap 72,000 − 68,000 grows by as much), and a township post worth 50,000 more adds the chance of a place × 50,000
    model, scenario = year_one
    P, higher_pay = added_money(model, scenario, {"policy.recruitment.reference_pay": 78000})
    _, higher_post = added_money(model, scenario, {"behaviour.effort.recruitment_value": 150000})
    chance = effort_reference.place_chance(model.world.heads, P)
    rc = P.policy.recruitment
    for slot in heads_sample(model):
        h = head(model, slot, P)
        held, _ = stars_after_next_rating(h["stars"], h["rated"], h["eligible"], P.policy.stars)
        candidate = (held >= rc.min_stars) & (h["role"] in rc.roles) & (not h["recruited"])
        annual = PAY[h["role"]]
        gap_rise = max(78000 - annual, 0) - max(72000 - annual, 0)
        assert higher_pay[slot] == pytest.approx(candidate * gap_rise * sum(years_in_post(h["age"], P)), rel=1e-9, abs=1e-6)
        assert higher_post[slot] == pytest.approx(candidate * chance * 50000, rel=1e-9, abs=1e-6)
    assert 0 < chance <= 1


def test_keeping_the_post(year_one):
    # dismissal after punishment: with it, each punished outcome loses the yearly pay × the discounted years in post
    # after next year; heads then choose more effort, which makes punishment less likely
    model, scenario = year_one
    P, kept = added_money(model, scenario, {"behaviour.turnover.dismiss_on_punishment": False})
    dismissed_by_grades = low_streak(model) + 1 >= P.behaviour.turnover.dismiss_after_low_grades
    for slot in heads_sample(model):
        h = head(model, slot, P)
        after_next_year = sum(years_in_post(h["age"], P)[1:])
        low_and_out = (GRADE >= 2) & dismissed_by_grades[slot]  # lost either way: no difference there
        expected = PUNISHED * ~low_and_out * PAY[h["role"]] * after_next_year
        assert kept[slot] == pytest.approx(expected, rel=1e-9, abs=1e-6)
    assert raises_effort(model, scenario, {}, {"behaviour.turnover.dismiss_on_punishment": False})


def test_all_the_money_of_each_outcome(year_one):
    # the rules together, with and without the review stopping some increases: every head's 16 outcomes as the
    # reference (tests/effort_reference.py) works them out head by head
    model, scenario = year_one
    heads = model.world.heads
    for changes in ({}, {"policy.review.objection_rate": 10, "policy.review.county_veto_rate": 5}):
        changed = scenario.with_changes(changes)
        P = changed.params(model.start_year)
        chance = effort_reference.place_chance(heads, P)
        expected = effort_reference.outcome_money(heads, low_streak(model), chance, model.start_year, MONTH, P, changed.has)
        assert money(model, scenario, changes) == pytest.approx(expected, rel=1e-9, abs=1e-6)
