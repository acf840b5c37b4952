"""The village collective income (rulebook/cadre_rewards.py, rules/cadre_rewards.py, policy.cadre_rewards) and 柞水 2020's
reward on it (scenarios/examples/zhashui.toml): "奖励分配的比例为年度村集体经济纯收入中增量的20%，对年度集体经济纯收入在
3至10万元(含10万元)的村(社区)，最高不超过1万元；…10至30万元(含30万元)…最高不超过3万元；…30至50万元(含50万元)…最高不超过
5万元；…50至100万元…最高不超过10万元；…100万元以上…最高不超过20万元"；"当增量出现负增长时当年不得奖励分配". Also the
village's income and growth as names in a star formula's conditions."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from simtoolkit.ledger import item_index
from simtoolkit.model import CountyModel
from simtoolkit.rulebook import cadre_rewards as component
from simtoolkit.rules import roles
from simtoolkit.rules.cadre_rewards import band_most, collective_reward, progressive, reward_terms
from simtoolkit.rules.grades import QUALIFIED
from simtoolkit.rules.star_formula import formula
from simtoolkit.scenario import load_scenario
from simtoolkit.scenario.errors import ScenarioError

from conftest import SCENARIOS, formula_columns, validate_edited

ZHASHUI = SCENARIOS / "examples" / "zhashui.toml"
BANDS = [{"income_over": 0, "most": 0}, {"income_over": 30_000, "most": 10_000}, {"income_over": 100_000, "most": 30_000},
         {"income_over": 300_000, "most": 50_000}, {"income_over": 500_000, "most": 100_000},
         {"income_over": 1_000_000, "most": 200_000}]


def test_zhashui_bands_include_their_upper_edge():
    # 3万 itself is below the first band (3至10万元: nothing at or below 3万); 3万 + 1 → 1万; 10万 (含10万元) → 1万;
    # 10万 + 1 → 3万; 30万 → 3万; 50万 → 5万; 80万 → 10万; 100万 → 10万; 100万 + 1 → 20万
    income = np.array([0, 30_000, 30_001, 100_000, 100_001, 300_000, 500_000, 800_000, 1_000_000, 1_000_001])
    assert band_most(income, BANDS).tolist() == [0, 0, 10_000, 10_000, 30_000, 30_000, 50_000, 100_000, 100_000, 200_000]


def test_zhashui_reward_is_20_percent_of_the_increase_capped_by_the_years_income_band():
    # income last year → growth → this year's income; 20 % of the increase, at most the band's for this year's income:
    #   8万 → 9万:    increase 1万, 20 % = 2,000 (band 3–10万: at most 1万)            → 2,000
    #   10万 → 25万:  increase 15万, 3万 (band 10–30万: at most 3万)                  → 30,000
    #   12万 → 28万:  increase 16万, 3.2万, capped at the band's 3万                  → 30,000
    #   40万 → 80万:  increase 40万, 8万 (band 50–100万: at most 10万)                → 80,000
    #   100万 → 200万: increase 100万, 20万 (over 100万: at most 20万), 2 cadres       → 100,000 each
    #   2万 → 3万:    increase 1万, but 3万 is in no band (至3万: nothing)            → 0
    #   50万 → 45万:  the income fell (当增量出现负增长时当年不得奖励分配)               → 0
    before = np.array([80_000, 100_000, 120_000, 400_000, 1_000_000, 20_000, 500_000], float)
    after = np.array([90_000, 250_000, 280_000, 800_000, 2_000_000, 30_000, 450_000], float)
    cadres = np.array([1, 1, 1, 1, 2, 1, 1])
    got = collective_reward(before, after / before - 1.0, 0.0, 0.2, cadres, np.inf, bands=BANDS)
    assert got.tolist() == pytest.approx([2_000, 30_000, 30_000, 80_000, 100_000, 0, 0])


def test_progressive_shares_of_the_increase():
    # 10 % of the first 5万 of an increase, 20 % of the part from 5万 to 20万, 30 % above: an increase of 3万 → 3,000;
    # of 10万 → 5,000 + 10,000 = 15,000; of 30万 → 5,000 + 30,000 + 30,000 = 65,000; none → 0
    rows = [{"increase_over": 0, "rate": 10}, {"increase_over": 50_000, "rate": 20}, {"increase_over": 200_000, "rate": 30}]
    assert progressive(np.array([30_000, 100_000, 300_000, 0.0]), rows).tolist() == pytest.approx([3_000, 15_000, 65_000, 0])
    # in the reward, in place of the single share (ignored then), split between 2 cadres: 15,000 / 2
    got = collective_reward(np.array([100_000.0]), np.array([1.0]), 0.0, 0.99, np.array([2]), np.inf, brackets=rows)
    assert got.tolist() == pytest.approx([7_500])


def test_the_model_books_the_years_reward_on_the_years_growth(monkeypatch):
    # Each year, after the rating, every village whose income grew books 20 % of the increase, at most its band's amount,
    # split equally among its heads in post; worked out here from the income before and after the year's growth.
    expected = []
    original = component.CadreRewards.year_pay

    def watched(self, P, m):
        h, before, after = self.model.world.heads, self._before, self.collective_income
        in_post = h.months_scored > 0
        pot = np.minimum(0.2 * np.maximum(after - before, 0), band_most(after, BANDS))
        expected.append(float(np.where(np.bincount(h.village[in_post], minlength=before.size) > 0, pot, 0).sum()))
        original(self, P, m)
    monkeypatch.setattr(component.CadreRewards, "year_pay", watched)
    result = CountyModel(load_scenario(ZHASHUI, {"run.years": 3, "run.burn_in_years": 0})).run()
    booked = result.yearly_fen[:, item_index("collective_economy_reward")].reshape(3, -1).sum(axis=1) / 100
    # paid two months after the review: each year's reward is booked the next year (the third's after the horizon)
    assert booked[0] == 0 and booked[1:].tolist() == pytest.approx(expected[:2], abs=1.0) and min(expected) > 0


def test_a_larger_share_of_the_increase_raises_effort():
    # The reward grows with the village's income growth, which grows with its heads' performance: heads see it on the
    # effort grid (CadreRewards.effort_grid, the same rule function) and work harder for a larger share.
    scenario = load_scenario(ZHASHUI, {"run.years": 3})
    rich = [{"income_over": 0, "most": 1e7}]
    efforts = [float(CountyModel(scenario.with_changes({"policy.cadre_rewards.collective_reward_share": share,
                                                        "policy.cadre_rewards.collective_reward_bands": rich})).run()
                     .indicators["mean_effort"][1:].mean()) for share in (0, 50)]
    assert efforts[1] > efforts[0]


@pytest.mark.parametrize("edit, says", [
    (("income_over = 300000,", "income_over = 90000,"),
     "policy.cadre_rewards.collective_reward_bands[3].income_over: 90000 does not rise above the row before (100000)"),
    (("{ income_over = 0, most = 0 },\n", ""),
     "policy.cadre_rewards.collective_reward_bands[0].income_over: the first row starts at 30000: it must start at 0"),
    (("most = 200000", "cap = 200000"), "policy.cadre_rewards.collective_reward_bands[5].cap: unknown column"),
])
def test_bad_bands_are_one_line_naming_file_and_key(tmp_path, capsys, edit, says):
    bad, err = validate_edited(tmp_path, capsys, ZHASHUI, edit)
    assert err[0].startswith(f"error: {bad}: {says}") and (len(err) == 1 or "missing column" in err[1])


# ---- the village quantity in a star formula --------------------------------------------------------------------------
GREW = [{"when": "income_growth >= 0.1", "bound": "at_least", "stars": 4}]  # issue 18: 集体经济增长10%以上的至少四星


def test_at_least_four_stars_when_collective_income_grew_ten_percent():
    # the rating proposed 2, 2, 5, 1: villages grew 10 %, 9.9 %, 25 %, −30 % → 4 (floored), 2, 5 (a floor lowers nothing), 1
    cols = {"score": np.full(4, 80.0), "satisfaction": np.full(4, 0.8), "grade": np.full(4, QUALIFIED),
            "years_in_post": np.full(4, 5.0), "previous_stars": np.zeros(4, np.int64),
            "collective_income": np.full(4, 1e5), "income_growth": np.array([0.1, 0.099, 0.25, -0.3])}
    assert formula({"limits": GREW}, np.array([2, 2, 5, 1]), cols, 5).tolist() == [4, 2, 5, 1]


def test_the_rating_reads_the_same_years_growth(monkeypatch):
    # The income grows at the year's `events`, before the rating: the formula's columns are the village's income and
    # growth of this year, as CadreRewards holds them, for each head's village.
    seen = formula_columns(monkeypatch)
    model = CountyModel(load_scenario(ZHASHUI, {"run.years": 1, "run.burn_in_years": 0, "policy.star_formula.limits": GREW}))
    model.run()
    rewards, village = model.rulebook.find(component.CadreRewards), model.world.heads.village
    assert np.array_equal(seen[-1]["income_growth"], rewards.income_growth[village])
    assert np.array_equal(seen[-1]["collective_income"], rewards.collective_income[village])
    assert (rewards.income_growth >= 0.1).any() and (rewards.income_growth < 0.1).any()


def test_collective_income_in_a_condition_needs_the_village_quantity():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(SCENARIOS / "examples" / "zoucheng.toml", {"policy.star_formula.limits": GREW})
    assert "policy.star_formula.limits[0].when: 'income_growth' needs [policy.cadre_rewards]" in str(caught.value)


# ---- the village quantity as a condition for money (policy.star_pay.conditions) ---------------------------------------
STAR_PAY = {"policy.star_pay.period": "annual", "policy.star_pay.payer": "county",
            "policy.star_pay.roles": ["secretary_director", "secretary", "community_secretary"],
            "policy.star_pay.table": [{"stars": 0, "amount": 0}, {"stars": 1, "amount": 1000}, {"stars": 2, "amount": 3000}]}


def test_pay_by_stars_only_where_the_villages_income_grew(monkeypatch):
    # An annual 1,000 yuan for 1 star and 3,000 for 2 or more, paid only to secretaries whose village's collective income
    # grew by 10 % or more this year: worked out at each year's booking from the stars and the village's growth.
    from simtoolkit.rulebook import star_pay
    per_level = np.array([0, 1000, 3000, 3000, 3000, 3000])
    expected = []
    original = star_pay.StarPay.year_pay

    def watched(self, P, m):
        h = self.model.world.heads
        grew = self.model.rulebook.find(component.CadreRewards).income_growth[h.village] >= 0.1
        paid = np.isin(h.role, [0, 1, 3]) & (h.months_scored > 0) & grew  # secretary_director, secretary, community_secretary
        expected.append(float((per_level[h.stars] * paid).sum()))
        original(self, P, m)
    monkeypatch.setattr(star_pay.StarPay, "year_pay", watched)
    changes = {**STAR_PAY, "policy.star_pay.conditions": [{"when": "income_growth >= 0.1"}], "run.years": 2, "run.burn_in_years": 0}
    result = CountyModel(load_scenario(ZHASHUI, changes)).run()
    booked = result.yearly_fen[:, item_index("star_pay")].reshape(2, -1).sum(axis=1) / 100
    assert booked.tolist() == pytest.approx(expected) and booked.sum() > 0
    unconditional = CountyModel(load_scenario(ZHASHUI, {**changes, "policy.star_pay.conditions": []})).run()
    assert booked.sum() < unconditional.yearly_fen[:, item_index("star_pay")].sum() / 100


def test_a_condition_that_holds_makes_pay_by_stars_worth_effort():
    # Heads see pay by stars where their village meets the condition now: held everywhere, they work harder than
    # where it holds nowhere (then the table is worth nothing to them).
    scenario = load_scenario(ZHASHUI, {**STAR_PAY, "run.years": 3})
    efforts = [float(CountyModel(scenario.with_changes({"policy.star_pay.conditions": [{"when": when}]})).run()
                     .indicators["mean_effort"][1:].mean()) for when in ("collective_income < 0", "collective_income >= 0")]
    assert efforts[1] > efforts[0]


def test_a_money_condition_on_the_income_needs_the_village_quantity():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(SCENARIOS / "examples" / "star_pay.toml", {"policy.star_pay.conditions": [{"when": "collective_income > 1e5"}]})
    assert "policy.star_pay.conditions[0].when: 'collective_income' needs [policy.cadre_rewards]" in str(caught.value)


def test_the_rewards_terms_are_the_scenarios_with_no_cap_bands_or_brackets_where_it_gives_none():
    # Qianxinan's "村集体经济发展奖励" (its values an assumption): at least 10 % growth, 10 % of the increase, at most
    # 10,000 a cadre, no bands and no brackets; with brackets written they are its brackets. 柞水 gives no cap (none),
    # its bands (the income bands of BANDS) and no brackets.
    qianxinan = load_scenario(SCENARIOS / "qianxinan.toml")
    assert reward_terms(qianxinan.params(2022).policy.cadre_rewards) == {
        "min_growth": 0.1, "share": 0.1, "cap": 10_000, "bands": None, "brackets": None}
    rows = [{"increase_over": 0, "rate": 10}, {"increase_over": 50_000, "rate": 20}]
    with_brackets = qianxinan.with_changes({"policy.cadre_rewards.collective_reward_brackets": rows})
    assert reward_terms(with_brackets.params(2022).policy.cadre_rewards)["brackets"] == rows
    zhashui = load_scenario(ZHASHUI)
    assert reward_terms(zhashui.params(zhashui.value("run.start_year")).policy.cadre_rewards) == {
        "min_growth": 0.0, "share": 0.2, "cap": np.inf, "bands": BANDS, "brackets": None}


def test_no_increase_no_progressive_reward():
    # 柞水 "当增量出现负增长时当年不得奖励分配" with a minimum growth of 0: an income that did not grow (growth 0) is
    # rewarded, but there is no increase to share — 10 % of 0 is 0; half a yuan of increase gives 10 % of it, 0.05
    rows = [{"increase_over": 0, "rate": 10}, {"increase_over": 50_000, "rate": 20}]
    got = collective_reward(np.array([100_000.0, 100_000.0]), np.array([0.0, 0.000005]), 0.0, 0.99, np.ones(2, int), np.inf, brackets=rows)
    assert got.tolist() == pytest.approx([0.0, 0.05])


# ---- the component alone, on a few heads and villages built here ---------------------------------------------------------
QIANXINAN = SCENARIOS / "qianxinan.toml"


def rewards_on(path, heads: dict, endowment, changes=None):
    """CadreRewards over the heads and villages given (township = village here), in the scenario's first year."""
    from conftest import Table, small_model

    scenario = load_scenario(path, changes or {})
    villages = Table(endowment=np.asarray(endowment, float), township=np.arange(len(endowment)))
    model = small_model(scenario, 2023, {"township": heads["village"], **heads}, villages=villages)
    return component.CadreRewards(model), model, scenario.params(2023)


def test_the_years_reward_is_shared_among_the_cadres_in_post_of_villages_whose_income_grew():
    # "奖励分配的比例为年度村集体经济纯收入中增量的20%", at most the band's amount for the year's income, shared equally by
    # the village's heads in post this year (a month is enough; none scored: not a sharer), paid after the 2-month lag:
    #   village 0: 10万 → 15万 (+50 %): 20 % of 5万 = 10,000 (band 10–30万: at most 3万), for 11 (12 months) and 12 (1
    #              month): 5,000 each; 13 scored no month: nothing
    #   village 1: 20万 → 22万: 4,000 to 21;  village 2: 40万 → 36万 fell: nothing for 31
    #   village 3: 4万 grew by 0.01 % (4 yuan): 0.8 yuan to 41;  village 4: grew 10 %, but no head: no reward
    secretary = roles.code("secretary_director")
    heads = {"id": [11, 12, 13, 21, 31, 41], "village": [0, 0, 0, 1, 2, 3], "role": [secretary, roles.code("director"), secretary, secretary, secretary, secretary],
             "months_scored": [12, 1, 0, 12, 12, 12], "grade": [QUALIFIED] * 6}
    rewards, model, P = rewards_on(ZHASHUI, heads, [1.0, 2.0, 3.0, 4.0, 5.0])
    rewards._before = np.array([100_000, 200_000, 400_000, 40_000, 100_000], float)
    rewards.income_growth = np.array([0.5, 0.1, -0.1, 0.0001, 0.1])
    rewards.collective_income = rewards._before * (1 + rewards.income_growth)
    rewards.year_pay(P, 11)
    assert len(model.ledger) == 1
    (due, item, payer, paid), = model.ledger
    assert (due, item, payer) == (13, "collective_economy_reward", "village_collective")
    assert paid == pytest.approx({11: 5_000, 12: 5_000, 21: 4_000, 41: 0.8})
    # the notes: the mean income now (15 + 22 + 36 + 4.0004 + 11)万 / 5; three villages rewarded; no honours (none given)
    assert model.notes == pytest.approx({"collective_income_mean": (150_000 + 220_000 + 360_000 + 40_004 + 110_000) / 5,
                                         "villages_collective_reward": 3, "honours": 0})


def test_honours_by_grade_to_the_eligible_roles_after_the_lag():
    # Qianxinan's 表彰奖励: a chance of 10 % for an excellent grade, 1 % for qualified, none below; 2,000 yuan each, paid
    # by the county one month after the rating. Draws 0.05: the excellent head (1) is honoured, the qualified one (2)
    # is not; draw 0.005: the qualified head (3) is
    from simtoolkit.rules.grades import EXCELLENT

    secretary = roles.code("secretary_director")
    heads = {"id": [1, 2, 3], "village": [0, 0, 0], "role": [secretary] * 3, "months_scored": [12, 12, 12], "grade": [EXCELLENT, QUALIFIED, QUALIFIED]}
    rewards, model, P = rewards_on(QIANXINAN, heads, [1.0])
    rewards._before, rewards.income_growth = np.array([100_000.0]), np.array([0.0])
    rewards._honour_draws = np.array([0.05, 0.05, 0.005])
    rewards.year_pay(P, 11)
    assert model.ledger[-1] == (12, "honour_reward", "county", {1: 2_000, 3: 2_000})
    assert model.notes["honours"] == 2
    # for the effort choice, the honour expected in each outcome: the grade's chance × (2,000 money + 3,000 value)
    prospect = SimpleNamespace(grade=np.array([EXCELLENT, QUALIFIED, 2, 3]), heads=SimpleNamespace(role=np.array([secretary])))
    assert rewards.effort_money(prospect, P)[0].tolist() == pytest.approx([500, 50, 0, 0])
    # 柞水 gives no honours: nothing expected
    zhashui, _, P = rewards_on(ZHASHUI, heads, [1.0])
    assert zhashui.effort_money(prospect, P) == 0.0


def test_the_years_growth_is_drawn_from_its_own_stream_and_income_never_falls_below_zero():
    # growth = base + effect × (the village heads' mean performance share − the reference) + sd × noise; with no effect and
    # no noise it is the base: +5 % from 100,000 → 105,000; −100 % takes it to 0 (income × max(1 + growth, 0))
    heads = {"id": [1, 2], "village": [0, 1], "role": [roles.code("secretary_director")] * 2, "months_scored": [12, 12]}
    for base, expected in ((5, [105_000, 105_000]), (-100, [0, 0])):
        rewards, model, P = rewards_on(ZHASHUI, heads, [1.0, 1.0], {"policy.cadre_rewards.collective_growth_base": base,
                                                                    "policy.cadre_rewards.collective_growth_effect": 0,
                                                                    "policy.cadre_rewards.collective_growth_sd": 0})
        model.slots.fraction = np.array([0.5, 0.7])
        rewards.collective_income = np.array([100_000.0, 100_000.0])
        rewards.events(P, 11)
        assert rewards.collective_income.tolist() == pytest.approx(expected)
        assert rewards._before.tolist() == [100_000, 100_000] and model.streams_used == [("cadre_rewards", model.year)]
    # the noise: one draw per village (sd 10 %), then one per head for the honours, from that stream
    rewards, model, P = rewards_on(ZHASHUI, heads, [1.0, 1.0], {"policy.cadre_rewards.collective_growth_effect": 0})
    model.slots.fraction = np.array([0.5, 0.7])
    rewards.events(P, 11)
    draws = np.random.default_rng(0)
    noise = draws.standard_normal(2)
    assert rewards.income_growth.tolist() == pytest.approx((0.05 + 0.1 * noise).tolist())
    assert rewards._honour_draws.tolist() == draws.random(2).tolist()
    # the effect reads the heads' performance shares: with an effect of 1, a village whose heads all work more grows more
    rewards, model, P = rewards_on(ZHASHUI, heads, [1.0, 1.0], {"policy.cadre_rewards.collective_growth_sd": 0})
    model.slots.fraction = np.array([0.5, 0.7])
    rewards.events(P, 11)
    assert rewards.income_growth[1] - rewards.income_growth[0] == pytest.approx(0.2)


def test_the_effort_choice_sees_each_villages_performance_total_and_its_sharing_cadres():
    # three heads in villages 0, 0, 2 (village 1 has none): the performance shares summed by village, the heads counted,
    # and the cadres who share the reward (柞水: every head's role shares; a role outside the list does not)
    from types import SimpleNamespace as NS

    rewards, _, P = rewards_on(ZHASHUI, {"id": [1], "village": [0], "role": [0], "months_scored": [12]}, [1.0])
    heads = NS(village=np.array([0, 0, 2]), role=np.array([roles.code("secretary_director"), roles.code("director"), roles.code("director")]))
    ctx = NS(P=P, extra={})
    rewards.effort_setup(ctx, heads, np.array([0.5, 0.25, 0.75]), 2023, None)
    got = ctx.extra["cadre_rewards"]
    assert got.village_total.tolist() == [0.75, 0, 0.75] and got.village_rows.tolist() == [2, 0, 1]
    assert got.village_sharing.tolist() == [2, 0, 1] and got.sharing.tolist() == [True] * 3
    # only the secretary shares where the list names only secretaries: village 2 has no sharer, its count is still there
    P = load_scenario(ZHASHUI, {"policy.cadre_rewards.collective_reward_roles": ["secretary_director"]}).params(2023)
    rewards.effort_setup(NS(P=P, extra=ctx.extra), heads, np.array([0.5, 0.25, 0.75]), 2023, None)
    assert ctx.extra["cadre_rewards"].village_sharing.tolist() == [1, 0, 0]
    # every head in village 0: one village; no heads: no villages
    rewards.effort_setup(ctx, NS(village=np.array([0]), role=heads.role[:1]), np.array([0.5]), 2023, None)
    assert ctx.extra["cadre_rewards"].village_total.tolist() == [0.5]
    rewards.effort_setup(ctx, NS(village=np.array([], np.int64), role=heads.role[:0]), np.array([]), 2023, None)
    assert ctx.extra["cadre_rewards"].village_total.tolist() == []
