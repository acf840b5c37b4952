"""Pay by star level from a table (rules/star_pay.py, rulebook/star_pay.py, policy.star_pay): monthly, annual, or
once per level first reached paying only the difference — 博罗 2017's rule for village star awards: "200 / 100 / 50 /
20 万元 by level; moving up a level pays only the difference" (here on heads' stars: village ratings are not built)."""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.ledger import item_index
from simtoolkit.model import CountyModel
from simtoolkit.rulebook import star_pay as component
from simtoolkit.rules import roles
from simtoolkit.rules.star_pay import by_stars, difference
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS

EXAMPLE = SCENARIOS / "examples" / "star_pay.toml"
# 博罗: 一星 20 万元, 二星 50 万元, 三星 100 万元, 四星 200 万元 (no stars: nothing)
BOLUO = [{"stars": 0, "amount": 0}, {"stars": 1, "amount": 200_000}, {"stars": 2, "amount": 500_000},
         {"stars": 3, "amount": 1_000_000}, {"stars": 4, "amount": 2_000_000}]


def test_boluo_amounts_by_level_and_only_the_difference_moving_up():
    assert by_stars(np.array([0, 1, 2, 3, 4]), BOLUO).tolist() == [0, 200_000, 500_000, 1_000_000, 2_000_000]
    # from 1 star paid to 3: 100 − 20 = 80 万元; from 2 to 4: 200 − 50 = 150 万元; down from 3 to 2, or staying: 0;
    # first rating at 2 (nothing paid before): 50 万元
    best = np.array([1, 2, 3, 2, 0])
    now = np.array([3, 4, 2, 2, 2])
    assert difference(now, best, BOLUO).tolist() == [800_000, 1_500_000, 0, 0, 500_000]


def test_a_table_row_holds_up_to_the_next_row():
    # the example's table has no row for 1 star: 1 star pays the 0-star row's 0; 6 stars (above the last row) pay 800
    rows = load_scenario(EXAMPLE).params(2023).policy.star_pay.table
    assert by_stars(np.array([0, 1, 2, 3, 4, 5, 6]), rows).tolist() == [0, 0, 100, 200, 400, 800, 800]


def test_each_month_books_the_tables_amount_for_the_stars_held(monkeypatch):
    # Each month, every secretary in post is booked the amount of its stars: 0/0/100/200/400/800 yuan for 0..5 stars;
    # the year's item is the sum over the months of that, worked out from the heads' stars at each month's booking.
    per_level = np.array([0, 0, 100, 200, 400, 800])
    expected = [0.0]
    original = component.StarPay.month_pay

    def watched(self, P, m):
        h = self.model.world.heads
        secretary = roles.among(h.role, ["secretary_director", "secretary", "community_secretary"])
        expected[0] += float((per_level[h.stars] * (secretary & (h.months_scored > 0))).sum())
        original(self, P, m)
    monkeypatch.setattr(component.StarPay, "month_pay", watched)
    result = CountyModel(load_scenario(EXAMPLE, {"run.years": 2, "run.burn_in_years": 0})).run()
    booked = result.yearly_fen[:, item_index("star_pay")].sum() / 100
    assert booked == pytest.approx(expected[0]) and booked > 0


def test_pay_by_star_level_raises_effort():
    # Holding more stars pays more each month: heads weigh it in the effort choice (star_value) and work harder.
    scenario = load_scenario(EXAMPLE, {"run.years": 3})
    efforts = []
    for step in (0, 500):
        rows = [{"stars": level, "amount": step * level} for level in range(6)]
        model = CountyModel(scenario.with_changes({"policy.star_pay.table": rows}))
        efforts.append(float(model.run().indicators["mean_effort"][1:].mean()))
    assert efforts[1] > efforts[0]


def test_once_per_level_pays_only_the_difference_in_the_model(monkeypatch):
    # 博罗's way on heads, with the example's table paid once: each year after the rating, a secretary whose stars are
    # above the best level already paid gets the table's amount for them less that for the best level paid (a first
    # level: less the 0-star row's 0); staying or falling pays nothing. Worked out at each year's booking.
    per_level = np.array([0, 0, 100, 200, 400, 800])
    expected = []
    original = component.StarPay.year_pay

    def watched(self, P, m):
        h, best = self.model.world.heads, self.model.slots.star_pay_best
        secretary = roles.among(h.role, ["secretary_director", "secretary", "community_secretary"]) & (h.months_scored > 0)
        expected.append(float((np.maximum(per_level[h.stars] - per_level[best], 0) * secretary).sum()))
        original(self, P, m)
    monkeypatch.setattr(component.StarPay, "year_pay", watched)
    scenario = load_scenario(EXAMPLE, {"run.years": 3, "run.burn_in_years": 0, "policy.star_pay.period": "one_off_difference"})
    result = CountyModel(scenario).run()
    booked = result.yearly_fen[:, item_index("star_pay")].reshape(3, -1).sum(axis=1) / 100
    assert booked.tolist() == pytest.approx(expected) and booked.sum() > 0


def test_an_annual_amount_is_booked_once_a_year_for_the_stars_after_the_rating(monkeypatch):
    # period = "annual": the table's amount once, with the year's pay, for the stars held after that year's rating.
    per_level = np.array([0, 0, 100, 200, 400, 800])
    expected = []
    original = component.StarPay.year_pay

    def watched(self, P, m):
        h = self.model.world.heads
        secretary = roles.among(h.role, ["secretary_director", "secretary", "community_secretary"]) & (h.months_scored > 0)
        expected.append(float((per_level[h.stars] * secretary).sum()))
        original(self, P, m)
    monkeypatch.setattr(component.StarPay, "year_pay", watched)
    scenario = load_scenario(EXAMPLE, {"run.years": 2, "run.burn_in_years": 0, "policy.star_pay.period": "annual"})
    booked = CountyModel(scenario).run().yearly_fen[:, item_index("star_pay")].reshape(2, -1).sum(axis=1) / 100
    assert booked.tolist() == pytest.approx(expected) and booked[-1] > 0


# ---- the component alone, on a few heads built here ----------------------------------------------------------------------
# the example's table: "0 and 1 star nothing, 2 stars 100, 3 stars 200, 4 stars 400, 5 stars 800 yuan a month to party
# secretaries, paid by the county"
SECRETARY, DIRECTOR = roles.code("secretary_director"), roles.code("director")


def star_pay_on(changes=None, path=EXAMPLE, **heads):
    """StarPay over the heads given (ids from 1), in 2023; the villages' income and growth (when a condition reads
    them) are the hooks `model.income` and `model.growth`, set by the test."""
    from types import SimpleNamespace

    from conftest import small_model

    n = len(heads["stars"])
    model = small_model(load_scenario(path, changes or {}), 2023, {"id": np.arange(1, n + 1), "township": np.zeros(n, int),
                                                                   "village": np.arange(n), **heads})
    model.rulebook = SimpleNamespace(hooks=lambda name: [{"village_income": lambda: model.income, "village_growth": lambda: model.growth}[name]])
    model.slots.star_pay_best = np.zeros(n, np.int64)
    return component.StarPay(model), model, model.config.params(2023)


def test_a_months_amount_goes_to_the_secretaries_in_post_by_their_ids():
    # head 1 (secretary, 3 stars, in post) 200; head 2 (secretary, 3 stars, no month scored) and head 3 (a director, 4
    # stars) nothing; booked in the month, to the county, person by person
    pay, model, P = star_pay_on(stars=[3, 3, 4], role=[SECRETARY, SECRETARY, DIRECTOR], months_scored=[12, 0, 12])
    pay.month_pay(P, 4)
    assert model.ledger == [(4, "star_pay", "county", {1: 200, 2: 0, 3: 0})]


def test_once_per_level_pays_the_difference_over_the_best_level_paid_so_far():
    # one_off_difference: a head reaching 2 stars is paid 100 − 0; at 3 stars the next year, 200 − 100 (2 paid before)
    pay, model, P = star_pay_on({"policy.star_pay.period": "one_off_difference"}, stars=[2], role=[SECRETARY], months_scored=[12])
    pay.year_pay(P, 11)
    model.world.heads.stars = np.array([3])
    pay.year_pay(P, 23)
    assert model.ledger == [(11, "star_pay", "county", {1: 100}), (23, "star_pay", "county", {1: 100})]
    assert model.slots.star_pay_best.tolist() == [3]


def test_the_value_of_each_level_to_the_effort_choice():
    # monthly: 12 × the month's amount × the discounted years in post (3.5 here): levels 0…5 → 0, 0, 4,200, 8,400,
    # 16,800, 33,600 for a secretary; a director nothing. Annual: the amount × 3.5. Once per level: the difference over
    # the stars held now (2): 0, 0, 0, 100, 300, 700
    from types import SimpleNamespace

    levels = np.arange(6)[None, :]
    block = SimpleNamespace(role=np.array([SECRETARY, DIRECTOR]), village=np.array([0, 1]), stars=np.array([2, 2]))
    prospect = SimpleNamespace(active=lambda group: True, heads=block, post_years=np.array([3.5, 3.5]))
    per_month = np.array([0, 0, 100, 200, 400, 800])
    for period, expected in (("monthly", 12 * 3.5 * per_month), ("annual", 3.5 * per_month), ("one_off_difference", [0, 0, 0, 100, 300, 700])):
        pay, model, P = star_pay_on({"policy.star_pay.period": period}, stars=[0, 0], role=[SECRETARY, DIRECTOR], months_scored=[12, 12])
        got = pay.star_value(levels, prospect, P)
        assert got[0].tolist() == pytest.approx(list(expected)) and got[1].tolist() == [0] * 6
    # not in force for the effort choice (a year before the rule): nothing
    assert pay.star_value(levels, SimpleNamespace(active=lambda group: False), P) == 0.0


def test_conditions_read_each_heads_own_village_and_must_all_hold():
    # 柞水's villages with pay by stars (1,000 for 1 star, 3,000 for 2) "only where the income grew by 10 % or more" and
    # "the income is above 5万": village 0 grew 20 % to 8万 (both hold), village 1 grew 20 % to 4万 (the second fails),
    # village 2 grew 5 % to 9万 (the first fails)
    changes = {"policy.star_pay.period": "annual", "policy.star_pay.payer": "county", "policy.star_pay.roles": ["secretary_director"],
               "policy.star_pay.table": [{"stars": 0, "amount": 0}, {"stars": 1, "amount": 1000}, {"stars": 2, "amount": 3000}],
               "policy.star_pay.conditions": [{"when": "income_growth >= 0.1"}, {"when": "collective_income > 50000"}]}
    pay, model, P = star_pay_on(changes, SCENARIOS / "examples" / "zhashui.toml", stars=[2, 2, 2], role=[SECRETARY] * 3, months_scored=[12] * 3)
    model.income, model.growth = np.array([80_000, 40_000, 90_000]), np.array([0.2, 0.2, 0.05])
    pay.year_pay(P, 11)
    assert model.ledger == [(11, "star_pay", "county", {1: 3000, 2: 0, 3: 0})]
    # a condition that is a number holds where it is not 0: "collective_income" leaves out village 1, with none
    number, other, Q = star_pay_on({**changes, "policy.star_pay.conditions": [{"when": "collective_income"}]}, SCENARIOS / "examples" / "zhashui.toml",
                                   stars=[2, 2, 2], role=[SECRETARY] * 3, months_scored=[12] * 3)
    other.income, other.growth = np.array([80_000, 0, 90_000]), np.array([0.2, 0.2, 0.05])
    number.year_pay(Q, 11)
    assert other.ledger == [(11, "star_pay", "county", {1: 3000, 2: 0, 3: 3000})]
    # the effort choice reads the villages of the block of heads it prices (here villages 2 and 0, in that order)
    from types import SimpleNamespace
    block = SimpleNamespace(role=np.array([SECRETARY, SECRETARY]), village=np.array([2, 0]), stars=np.array([0, 0]))
    got = pay.star_value(np.arange(3)[None, :], SimpleNamespace(active=lambda group: True, heads=block, post_years=np.array([1.0, 1.0])), P)
    assert got.tolist() == [[0, 0, 0], [0, 1000, 3000]]
