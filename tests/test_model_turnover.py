"""CountyModel's own steps at the year's end: who leaves (turn_over), who succeeds (succeed), and what the yearly step
starts from and clears, each on a county of four villages built per test (mutmut links a function only to the first
test whose setup runs it, docs/testing.md), the heads' ages, stars and years set here and the outcomes worked by hand.
Elections by each head's own draw, the successors' first month and birth year, and the years served are checked on a
whole county by test_model_calendar.py::test_at_an_election_each_head_loses_by_his_own_draw_and_the_reserve_fills_the_post.

Qingxu's turnover: retirement at 63, village elections every 5 years from 2026 lost at a rate of 15 %, a successor of
42 years on average (sd 6), taken from the village's reserve (members of categories B and C aged 45 or less, ranked
by points) when it has one; a head who leaves goes home to his village's members as category C.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from simtoolkit.behaviour.members import category_codes
from simtoolkit.model import CountyModel
from simtoolkit.rules.grades import NONE, QUALIFIED
from simtoolkit.scenario import load_scenario

QINGXU = Path(__file__).resolve().parents[1] / "scenarios" / "qingxu.toml"
# one township of four villages: five heads, ids 1–5, in villages 0, 1, 2, 2, 3 (village 2 has a separate director)
SMALL = {"population.townships": [{"name": "A", "villages": 4, "communities": 0}], "population.villages_with_separate_director": 1,
         "population.sent_secretaries": 1, "run.years": 1}
DECEMBER = 11  # the first year's last month (0-based): turnover runs there


def county(record_persons: bool = False, **changes) -> CountyModel:
    """The small county in 2023 (Qingxu's rules, with `changes`), every head 43 and graded qualified, nobody punished."""
    model = CountyModel(load_scenario(QINGXU, {**SMALL, **changes}), record_persons=record_persons)
    heads = model.world.heads
    assert heads.id.tolist() == [1, 2, 3, 4, 5] and heads.village.tolist() == [0, 1, 2, 2, 3]
    heads.birth_year[:], heads.grade[:] = 1980, QUALIFIED
    model.slots.punished[:] = False
    return model


def indicator(model: CountyModel, name: str) -> float:
    """An indicator's value for the first year."""
    return float(model.result.indicators[name][0])


def test_a_head_at_the_retirement_age_leaves_with_his_stars_and_years_served():
    # head 1 is 63 in 2023 (born 1960), holds 3 stars and came in 120 months before the start: at the end of December
    # he has served 120 + 12 = 132 months, 11 years; he joins the former heads, alive, having left normally
    model = county()
    heads = model.world.heads
    heads.birth_year[0], heads.stars[:], heads.start_month[:] = 1960, [3, 1, 0, 2, 0], [-120, -24, -24, -24, -24]
    heads.service_before_break[:], heads.break_months[:] = 60, 3  # 5 years served before a break of 3 months (a roster's)
    model.turn_over(model.params(), DECEMBER)
    r = model.world.retirees
    assert r.id.tolist() == [1] and r.village.tolist() == [0] and r.role.tolist() == [0] and r.birth_year.tolist() == [1960]
    assert r.stars_at_exit.tolist() == [3] and r.years_served.tolist() == [11.0] and r.exit_year.tolist() == [2023]
    assert r.alive.tolist() == [True] and r.left_normally.tolist() == [True]
    assert indicator(model, "heads_leaving") == 1
    # his successor holds no stars, is not yet graded and starts in January 2024 (month 12); the others stay
    assert heads.id[0] not in (1, 2, 3, 4, 5) and heads.id[1:].tolist() == [2, 3, 4, 5]
    assert heads.stars.tolist() == [0, 1, 0, 2, 0] and heads.grade[0] == NONE and heads.start_month.tolist() == [12, -24, -24, -24, -24]
    # and his service starts then: none before a break (policy.tenure_continuity would add it to his years in post)
    assert heads.service_before_break.tolist() == [0, 60, 60, 60, 60] and heads.break_months.tolist() == [0, 3, 3, 3, 3]


def test_the_components_say_who_else_leaves_and_hear_who_left():
    # a component's `leaving` hook (recruited elsewhere, removed after unqualified quarters) adds head 3; its `exits` hook
    # (the exit audit) is told who left: heads 1 (retired) and 3
    model = county()
    model.world.heads.birth_year[0] = 1960
    hooks, heard = model.rulebook.hooks, []
    extra = {"leaving": [lambda P: np.array([False, False, True, False, False])], "exits": [lambda out: heard.append(out.copy())]}
    model.rulebook.hooks = lambda name: extra.get(name, []) + hooks(name)
    model.turn_over(model.params(), DECEMBER)
    assert model.world.retirees.id.tolist() == [1, 3]
    assert [out.tolist() for out in heard] == [[True, False, True, False, False]]


def test_a_vacancy_is_filled_from_the_villages_reserve_else_by_a_newcomer():
    # heads 1 (village 0) and 2 (village 1) retire. Village 0's reserve (one place) is member row 0, a member of
    # category B born 1990 with the most points; village 1 has no member young enough, so a newcomer of 42 (sd 0:
    # born 2024 − 42 = 1982) takes the post. Two fresh person ids are drawn, one per vacancy, in slot order: the second is
    # the newcomer's (the reserve member keeps his own). Head 2 goes home as a category C member.
    model = county(**{"behaviour.members.reserve_size": 1, "behaviour.turnover.successor_age_sd": 0})
    heads, members, next_id = model.world.heads, model.world.members, model.world.next_id
    heads.birth_year[:2] = 1960
    members.id[0], members.category[0], members.birth_year[0], members.sex[0], members.points[0] = 900, category_codes("B")[0], 1990, 1, 100.0
    members.birth_year[(members.village == 1) & (members.id != 2)] = 1950
    model.turn_over(model.params(), DECEMBER)
    assert heads.id[:2].tolist() == [900, next_id + 1] and heads.birth_year[:2].tolist() == [1990, 1982]
    assert heads.sex[0] == 1 and heads.ability[0] == np.float32(model.member_ability[0])  # his own; a 一肩挑 has no director's shift
    assert heads.start_month[:2].tolist() == [12, 12] and model.world.next_id == next_id + 2
    assert members.category[0] == category_codes("A")[0] and members.category[members.id == 2].tolist() == list(category_codes("C"))
    assert indicator(model, "successors_from_reserve") == 1


def test_the_year_grades_a_head_of_one_month_runs_its_moments_in_order_and_clears_its_sums():
    # head 1 comes into post in December (month 11): one month scored by the year's end, he is graded with the others;
    # the components act at events, rating, year_pay and year_report, in that order, in December, each given the year's
    # parameters; then the year's sums (monthly scores, months scored, members' points) start again from 0, and the
    # history keeps the year's quantitative score of every slot as assessed
    model = county(record_persons=True)
    model.world.heads.start_month[:] = [11, -24, -24, -24, -24]
    run, moments = model.rulebook.run, []
    model.rulebook.run = lambda moment, P, m: moments.append((moment, P, m)) or run(moment, P, m)
    assess, assessed = model.assess, []
    model.assess = lambda P, mask: assessed.append(assess(P, mask)) or assessed[-1]
    model.run()
    heads = model.world.heads
    assert (model.history.grade[0] != NONE).all()
    year = [(name, P) for name, P, m in moments if m == DECEMBER and name not in ("month_pay", "month", "quarter", "half_year")]
    assert [name for name, _ in year] == ["events", "rating", "year_pay", "year_report"]
    assert all(P is model.config.params(2023) for _, P in year)  # each with the year's parameters
    assert not heads.month_scores.any() and not heads.months_scored.any() and not model.world.members.points.any()
    (quant, _), = assessed
    assert quant[0] > 0 and model.history.quantitative[0].tolist() == quant.astype(np.float32).tolist()
