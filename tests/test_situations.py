"""Named situation lists (policy.situations, rulebook/situations.py): issue 18 §6, "each situation with its own yearly
chance (responding to effort, as the negative situations do today) and its own effect: −k stars, loss of all stars,
barred from rating for N years, dismissal"."""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.cli.main import main
from simtoolkit.model import CountyModel
from simtoolkit.rulebook import situations
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS

QINGXU = SCENARIOS / "qingxu.toml"
QIANXINAN = SCENARIOS / "qianxinan.toml"


def one_year(changes: dict, scenario=QINGXU) -> tuple[CountyModel, dict]:
    """A Qingxu year without a burn-in from a world where heads hold stars; what the slots held at its start."""
    model = CountyModel(load_scenario(scenario, {"run.years": 2, "run.burn_in_years": 0, **changes}))
    model.run_until(12)  # a first year: heads get their first stars
    heads = model.world.heads
    start = {"ids": heads.id.copy(), "stars": heads.stars.astype(int), "rated": heads.rated.copy()}
    model.run_until(24)
    return model, start


def listed(*rows) -> dict:
    return {"policy.situations.list": list(rows)}


def test_a_list_of_one_situation_removing_a_star_is_the_worked_examples_rule():
    # Every head assessed has it (100 %): the list's "remove_stars, 1" and CONTRIBUTING.md's removal situation (one
    # star removed, no gain that year) give every head the same stars, and heads weigh them alike.
    mine, _ = one_year(listed({"name": "事故", "yearly_rate": 100, "effect": "remove_stars", "stars": 1}))
    theirs, _ = one_year({"policy.removal_situation.yearly_rate": 100, "policy.removal_situation.effort_protection": 0,
                          "policy.removal_situation.stars_removed": 1})
    assert np.array_equal(mine.world.heads.stars, theirs.world.heads.stars) and mine.world.heads.stars.any()
    assert np.array_equal(mine.world.heads.effort, theirs.world.heads.effort)


def test_losing_all_stars():
    # "取消星级", half the heads a year: a head rated in the second year who had it ends the year with no star; the
    # others (who held stars) keep some.
    model, start = one_year(listed({"name": "重大事故", "yearly_rate": 50, "effect": "lose_all_stars"}))
    heads = model.world.heads
    rated = (heads.id == start["ids"]) & model.slots.rated_now
    had = rated & (model.slots.situations_now > 0)
    assert had.sum() > 50 and (start["stars"][had] > 0).any() and (heads.stars[had] == 0).all()
    assert (heads.stars[rated & ~had] > 0).mean() > 0.5


def test_barred_heads_are_not_rated_and_keep_their_stars_for_the_years_barred():
    # "立案审查期间不参加评星", barred for 2 years: nobody is rated in the second year; a head who stays keeps his
    # stars; each head assessed is barred until the year after (second year + 2 − 1).
    model, start = one_year(listed({"name": "立案审查", "yearly_rate": 100, "effect": "bar_rating", "years": 2}))
    heads = model.world.heads
    stayed = heads.id == start["ids"]
    assert not model.slots.rated_now.any()
    assert np.array_equal(heads.stars[stayed], start["stars"][stayed])
    second = model.start_year + 1
    assert set(np.unique(model.slots.barred_until[stayed & (heads.months_scored >= 0)])) <= {0, second + 1}
    assert (model.slots.barred_until[stayed] == second + 1).sum() > 100


def test_a_dismissal_is_an_exit_for_cause():
    # "发生严重违纪的予以罢免": every head assessed leaves at the year's end, and the exit audit (黔西南) counts each
    # as removed for cause.
    model, _ = one_year(listed({"name": "严重违纪", "yearly_rate": 100, "effect": "dismissal"}), scenario=QIANXINAN)
    indicators = model.result.indicators
    second = 1
    assert indicators["heads_leaving"][second] > 500 and indicators["situations"][second] == indicators["heads_leaving"][second]
    assert indicators["removed_for_cause"][second] == indicators["heads_leaving"][second]


def test_chances_fall_with_effort_as_written():
    # 5 % at the initial effort (0.6), protection 4: logit⁻¹(logit(0.05) − 4 × (e − 0.6)) — 0.05 at 0.6, lower above.
    P = load_scenario(QINGXU).params(2023)
    row = {"yearly_rate": 5, "effort_protection": 4}
    e = np.array([P.behaviour.heads.effort_initial, 1.0])
    logit = np.log(0.05 / 0.95) - 4 * (e - P.behaviour.heads.effort_initial)
    assert np.allclose(situations.chance(row, e, P), 1 / (1 + np.exp(-logit)))


@pytest.mark.parametrize("effect, bar", [("remove_stars", 0.02), ("lose_all_stars", 0.02), ("dismissal", 0.1), ("bar_rating", 0.0025)])
def test_heads_work_harder_to_avoid_a_situation_effort_makes_rarer(effect, bar):
    # A 20 % situation that effort makes rarer (protection 6) and that costs a star, every star, the post, or a year's
    # rating: heads work harder than without it. Over seeds 1–3 the mean effort rises by 0.044–0.045 (a star, every
    # star: Qingxu's heads hold few), 0.355–0.367 (the post) and 0.005–0.007 (a year unrated); each bar is about half.
    base = load_scenario(QINGXU, {"run.years": 3, "run.burn_in_years": 0})
    risky = base.with_changes(listed({"name": "x", "yearly_rate": 20, "effort_protection": 6, "effect": effect, "stars": 1}))
    efforts = [float(CountyModel(s).run().indicators["mean_effort"][1:].mean()) for s in (base, risky)]
    assert efforts[1] > efforts[0] + bar


@pytest.mark.parametrize("rows, says", [
    ('{ name = "a", yearly_rate = 5, effect = "dismissal" }, { name = "a", yearly_rate = 1, effect = "bar_rating" }',
     "policy.situations.list[1].name: 'a' is named by an earlier row: every row needs its own"),
    ('{ name = "a", yearly_rate = 5, effect = "fine" }', "policy.situations.list[0].effect:"),
    ('{ name = "a", effect = "dismissal" }', "policy.situations.list[0].yearly_rate: missing column"),
])
def test_bad_lists_are_one_line_naming_file_and_key(tmp_path, capsys, rows, says):
    bad = tmp_path / "bad.toml"
    bad.write_text(f'extends = {str(QINGXU)!r}\n[policy.situations]\nlist = [ {rows} ]\n', encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {bad}: {says}")


def test_a_star_effect_needs_a_star_rating(tmp_path, capsys):
    # 黔西南 has no star rating: a situation removing stars cannot act there (a dismissal can).
    bad = tmp_path / "bad.toml"
    bad.write_text(f'extends = {str(QIANXINAN)!r}\n[policy.situations]\nlist = [ {{ name = "a", yearly_rate = 5, effect = "remove_stars", stars = 1 }} ]\n',
                   encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"error: {bad}: policy.situations.list[0].effect: 'remove_stars' needs a star rating: set [policy.stars], or use 'dismissal'"]


def test_parts_a_row_does_not_use_may_be_left_out():
    # issue 18 §11: "a missing optional part is off" — a dismissal needs no stars or years, and no protection.
    scenario = load_scenario(QINGXU, listed({"name": "a", "yearly_rate": 5, "effect": "dismissal"}))
    assert scenario.params(2023).policy.situations.list == [
        {"name": "a", "yearly_rate": 5, "effect": "dismissal", "effort_protection": 0, "stars": 0, "years": 1}]


def test_a_head_barred_from_next_years_rating_prices_no_stars_from_it(monkeypatch):
    # Barred for 2 years by a situation every head has (100 %): at the end of the first year every head assessed is
    # barred from next year's rating too, so the stars each prices for next year are those he holds.
    from simtoolkit.rulebook import star_rating
    priced, star_outcomes = [], star_rating.star_outcomes

    def spy(held, previous, **kw):
        priced.append(np.array(held))
        return star_outcomes(held, previous, **kw)
    monkeypatch.setattr(star_rating, "star_outcomes", spy)
    model = CountyModel(load_scenario(QINGXU, {"run.years": 1, "run.burn_in_years": 0,
                                               **listed({"name": "立案审查", "yearly_rate": 100, "effect": "bar_rating", "years": 2})}))
    model.run()
    barred = model.slots.barred_until >= model.start_year + 1
    assert barred.sum() > 100 and priced
    assert all(np.array_equal(held[barred], np.broadcast_to(model.world.heads.stars[barred, None], held[barred].shape)) for held in priced)


# ---- the component alone, on a few heads built here ---------------------------------------------------------------------
ROWS = [{"name": "重大安全事故", "yearly_rate": 1, "effort_protection": 4, "effect": "lose_all_stars"},
        {"name": "党纪处分", "yearly_rate": 3, "effort_protection": 4, "effect": "remove_stars", "stars": 1},
        {"name": "立案审查", "yearly_rate": 1, "effect": "bar_rating", "years": 2},
        {"name": "严重违纪", "yearly_rate": 0.5, "effort_protection": 4, "effect": "dismissal"},
        {"name": "违法犯罪", "yearly_rate": 0.5, "effort_protection": 4, "effect": "dismissal"}]


def test_each_situation_is_drawn_from_its_own_stream_for_heads_in_post_and_takes_its_effect():
    # rank_and_record's list (and a second dismissal): one stream per situation, situation:<name>, one draw per head, at
    # the initial effort (chances 1 %, 3 %, 1 %, 0.5 %, 0.5 %); it happens below the chance to a head in post this year
    # (a month is enough). Heads: 1 (12 months), 2 (1 month), 3 (no month):
    #   重大安全事故: head 3 drew 0: not in post, nothing;       党纪处分: head 1 drew exactly the chance (no), head 2 0: −1 star
    #   立案审查: head 1 drew 0: barred from 2023's and 2024's ratings;  严重违纪: head 2 drew 0;  违法犯罪: head 1 drew 0
    from conftest import FixedDraws, small_model

    scenario = load_scenario(SCENARIOS / "examples" / "rank_and_record.toml", {"policy.situations.list": ROWS})
    P = scenario.params(2023)
    effort = np.full(3, P.behaviour.heads.effort_initial)
    at = situations.chance(ROWS[1], effort[:1], P)[0]
    draws = FixedDraws([0.5, 0.5, 0.0], [at, 0.0, 0.5], [0.0, 0.5, 0.5], [0.5, 0.0, 0.5], [0.0, 0.5, 0.5])
    model = small_model(scenario, 2023, {"effort": effort, "months_scored": [12, 1, 0]}, draws=draws)
    model.slots.barred_until = np.zeros(3, np.int16)
    component = situations.Situations(model)
    component.events(P, 11)
    assert model.streams_used == [(f"situation:{row['name']}", 2023) for row in ROWS]
    assert model.slots.situations_now.tolist() == [0b10100, 0b01010, 0]  # a bit per row of the list
    assert model.slots.barred_until.tolist() == [2024, 0, 0] and model.notes == {"situations": 2.0}
    assert component.star_removal(P).tolist() == [0, 1, 0]  # 党纪处分's star; barred or dismissed: no star removed
    assert component.dismissal(P).tolist() == [True, True, False]


def test_the_money_a_bar_from_rating_costs_is_the_stars_it_would_give_against_those_held():
    # barred: not rated, so the stars held now (2) stay in every outcome: the loss is the worth of the outcome's stars
    # less that of 2 (here 10 yuan a star): outcomes of 1, 2, 3 stars → −10, 0, 10
    from types import SimpleNamespace

    prospect = SimpleNamespace(stars=np.array([[1, 2, 3]]), heads=SimpleNamespace(stars=np.array([2])), price_stars=lambda s: 10.0 * s)
    assert situations.loss(ROWS[2], prospect, None).tolist() == [[-10, 0, 10]]
