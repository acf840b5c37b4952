"""Who pays: a reform in which the county pays almost nothing, checked payer by payer in the ledger.

Every shipped scenario pays everything from the county, so a payment booked to the wrong payer would go
unseen there. Here each payer parameter names a different budget, and each item must land on its own.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simtoolkit.ledger import item_index, payer_index
from simtoolkit.model import CountyModel
from simtoolkit.scenario import load_scenario
from simtoolkit.rules import roles

SCENARIOS_DIR = Path(__file__).resolve().parents[1] / "scenarios"
QINGXU = SCENARIOS_DIR / "qingxu.toml"
PAYERS = {"policy.pay.payer": "village_collective", "policy.pay.sent_secretary_payer": "sending_unit",
          "policy.stars.award_payer": "city", "policy.pension.payer": "province", "policy.retirement.payer": "township",
          "policy.recruitment.payer": "county"}


@pytest.fixture  # per test: mutmut links a function only to the first test whose setup runs it
def reform():
    """Qingxu for three years with the payers above (the review off, so that awards are many)."""
    scenario = load_scenario(QINGXU, {"run.years": 3, "policy.review.objection_rate": 0, "policy.review.county_veto_rate": 0, **PAYERS})
    model = CountyModel(scenario)
    sent = model.world.heads.role == roles.code("sent_secretary")
    in_post_first_year = model.world.heads.start_month <= 11
    model.run()
    return model, sent, in_post_first_year


def paid(model, item: str) -> dict[str, int]:
    """Fen paid for an item over the horizon, by payer code (payers with nothing left out)."""
    by_payer = model.ledger.monthly[:, item_index(item)].sum(axis=0)
    return {code: int(by_payer[payer_index(code)]) for code in PAYERS.values() if by_payer[payer_index(code)]}


def test_each_item_is_paid_by_its_payer_only(reform):
    model, sent, _ = reform
    assert sent.any()  # Qingxu has sent secretaries, so their payer is exercised
    assert set(paid(model, "base_pay")) == {"village_collective", "sending_unit"}
    assert set(paid(model, "performance_pay")) == {"village_collective", "sending_unit"}
    assert set(paid(model, "star_award")) == {"city"}
    assert set(paid(model, "pension_contribution")) == {"province"}
    assert set(paid(model, "pension_star_topup")) == {"province"}
    assert set(paid(model, "retirement_subsidy")) == {"township"}
    assert set(paid(model, "retirement_star_topup")) == {"township"}
    # the county pays only what the recruitment rule gives it (referenced pay), nothing else
    county = model.ledger.monthly[:, :, payer_index("county")].sum(axis=0)
    recruitment_items = [item_index("township_pay_topup"), item_index("recruited_salary")]
    assert county.sum() == county[recruitment_items].sum()


def test_sent_secretaries_pay_is_the_sending_units(reform):
    # “选派机关事业单位干部到村担任党组织书记报酬3万元/年”, 30 % of it performance pay: the base part,
    # 30,000 × 70 % = 21,000 a year for each sent-secretary post, is the sending unit's; in February of the first
    # year it also pays the prior year's performance part, as qualified under the old rule: 30,000 × 30 % × 80 % = 7,200
    model, sent, _ = reform
    base = model.ledger.monthly[:12, item_index("base_pay"), payer_index("sending_unit")].sum()
    assert base == sent.sum() * 21000 * 100
    february = model.ledger.monthly[1, item_index("performance_pay"), payer_index("sending_unit")]
    assert february == sent.sum() * 7200 * 100
    # and the village collective pays no sent secretary: its first-year base is that of the other posts, a month's
    # base rounded to the fen: 68,000 × 70 % / 12 = 3,966.67 (一肩挑, community secretaries), 58,000 × 70 % / 12 = 3,383.33
    monthly_fen = np.array([396667, 338333, 338333, 396667, 0])  # by role code: 一肩挑, secretary, director, community, sent
    others = 12 * monthly_fen[model.world.heads.role[~sent]].sum()
    assert model.ledger.monthly[:12, item_index("base_pay"), payer_index("village_collective")].sum() == others


def test_pension_contributions_are_the_provinces(reform):
    # “在原有县财政缴纳标准基础上,每增加一个星级每年补助50元”: base 600 a year for each head in post, booked in
    # December of the year; no stars are held before the first December rating, so the first year has no top-up
    model, _, in_post = reform
    province = model.ledger.monthly[:, :, payer_index("province")]
    assert province[11, item_index("pension_contribution")] == in_post.sum() * 600 * 100
    assert province[11, item_index("pension_star_topup")] > 0  # the December rating comes first: stars held are paid
    assert province[:11].sum() == 0


# ---- each paying component alone, on heads built here, with the payers above -----------------------------------------
# Qingxu: “一肩挑”…6.8万元/年, 其他村主干…5.8万元/年, 选派…3万元/年 (2023; 6万 and 5万 in 2022), 30 % of it performance
# pay, paid two months after the December review; “绩效由原来100%提高到150%” (excellent 150 %, qualified 100 %, basic 50 %
# for secretaries; directors 100 / 80 / 50 %); pension “在原有县财政缴纳标准基础上,每增加一个星级每年补助50元” (600 + 50 per
# star); retirement “补贴标准每月每星增加15元” (200 a month from 60 after 6 years served, + 15 per star held at exit).
class Ledger:
    """Records bookings as (kind, month, months, item, payer, {person: yuan})."""

    def __init__(self):
        self.rows = []

    def book(self, m, item, payer, township, role, amount, ids):
        self.rows.append(("book", m, 1, item, payer, self._by_person(ids, amount)))

    def book_monthly(self, m, months, item, payer, township, role, amount, ids):
        self.rows.append(("monthly", m, months, item, payer, self._by_person(ids, amount)))

    def schedule(self, due, item, payer, township, role, amount, ids):
        self.rows.append(("schedule", due, 1, item, payer, self._by_person(ids, amount)))

    @staticmethod
    def _by_person(ids, amount):
        return {int(p): pytest.approx(float(a)) for p, a in zip(np.asarray(ids), np.broadcast_to(np.asarray(amount, float), np.shape(ids)))}


def component_on(cls, year: int, changes=None, retirees=None, **columns):
    """A component over heads built here (ids 1, 2, …), Qingxu with the payers above, in `year`."""
    from types import SimpleNamespace

    class Table(SimpleNamespace):
        def __len__(self):
            return len(self.id)

    scenario = load_scenario(QINGXU, {**PAYERS, **(changes or {})})
    n = len(columns["role"])
    heads = Table(id=np.arange(1, n + 1), township=np.zeros(n, np.int32), role=np.array([roles.code(r) for r in columns["role"]], np.int8),
                  **{k: np.array(v) for k, v in columns.items() if k != "role"})
    notes = {}
    model = SimpleNamespace(world=SimpleNamespace(heads=heads, retirees=retirees), year=year, start_year=year, config=scenario,
                            ledger=Ledger(), slots=SimpleNamespace(),
                            result=SimpleNamespace(note=lambda model, name, value: notes.__setitem__(name, value)))
    return cls(model), model, scenario.params(year), notes


ROLES3 = ["secretary_director", "director", "sent_secretary"]


def test_base_pay_books_a_twelfth_each_month_in_january_by_payer():
    # 70 % of the annual pay, a twelfth a month for 12 months from January: 68,000 → 3,966.67; 58,000 → 3,383.33;
    # sent secretaries 30,000 → 1,750 by the sending unit; in other months nothing is booked
    from simtoolkit.rulebook.base_pay import BasePay

    component, model, P, _ = component_on(BasePay, 2023, role=ROLES3)
    component.month_pay(P, 5)
    assert model.ledger.rows == []
    component.month_pay(P, 0)
    assert model.ledger.rows == [("monthly", 0, 12, "base_pay", "village_collective", {1: 68000 * 0.7 / 12, 2: 58000 * 0.7 / 12}),
                                 ("monthly", 0, 12, "base_pay", "sending_unit", {3: 30000 * 0.7 / 12})]
    # with pay indexed by 10 % a year after its last dated value (2023; the sent secretaries' plain value counts as
    # dated at the run's start, 2023): in 2025, × 1.1² = 1.21
    component, model, P, _ = component_on(BasePay, 2025, {"policy.pay.indexation_rate": 10}, role=ROLES3)
    component.month_pay(P, 24)
    assert model.ledger.rows[0][5] == {1: 68000 * 1.21 * 0.7 / 12, 2: 58000 * 1.21 * 0.7 / 12}
    assert model.ledger.rows[0][1:3] == (24, 12) and model.ledger.rows[1][5] == {3: 30000 * 1.21 * 0.7 / 12}


def test_performance_pay_by_grade_role_and_months_after_the_lag():
    # 一肩挑 excellent 12 months: 20,400 × 150 % = 30,600; director qualified 6 months: 17,400 × 80 % × 6/12 = 6,960;
    # sent secretary basic 12 months: 9,000 × 50 % = 4,500 (sending unit); all due in February (month 11 + 2)
    from simtoolkit.rulebook.performance_pay import PerformancePay
    from simtoolkit.rules.grades import BASIC, EXCELLENT, QUALIFIED

    component, model, P, _ = component_on(PerformancePay, 2023, role=ROLES3, grade=[EXCELLENT, QUALIFIED, BASIC], months_scored=[12, 6, 12])
    component.year_pay(P, 11)
    assert model.ledger.rows == [("schedule", 13, 1, "performance_pay", "village_collective", {1: 30600, 2: 6960}),
                                 ("schedule", 13, 1, "performance_pay", "sending_unit", {3: 4500})]
    # pay indexed by 10 % a year after 2023: in 2025 each × 1.21
    component, model, P, _ = component_on(PerformancePay, 2025, {"policy.pay.indexation_rate": 10}, role=ROLES3,
                                          grade=[EXCELLENT, QUALIFIED, BASIC], months_scored=[12, 6, 12])
    component.year_pay(P, 35)
    assert model.ledger.rows[0][5] == {1: 30600 * 1.21, 2: 6960 * 1.21} and model.ledger.rows[1][5] == {3: 4500 * 1.21}


def test_the_year_before_the_runs_performance_pay_is_paid_in_its_first_february():
    # 2022's pay (60,000, 50,000, 30,000) × 30 % × the carry-in coefficient 80 %: 14,400, 12,000, 7,200, due in month 1
    # (December 2022's review + 2 months); with no lag the payment would fall in the run's first January (month −1 + 1 = 0)
    from simtoolkit.rulebook.performance_pay import PerformancePayCarryIn

    _, model, _, _ = component_on(PerformancePayCarryIn, 2023, role=ROLES3)
    assert model.ledger.rows == [("schedule", 1, 1, "performance_pay", "village_collective", {1: 14400, 2: 12000}),
                                 ("schedule", 1, 1, "performance_pay", "sending_unit", {3: 7200})]
    _, model, _, _ = component_on(PerformancePayCarryIn, 2023, {"policy.performance.payment_lag_months": 1}, role=ROLES3)
    assert {row[1] for row in model.ledger.rows} == {0}
    _, model, _, _ = component_on(PerformancePayCarryIn, 2023, {"policy.performance.payment_lag_months": 0}, role=ROLES3)
    assert model.ledger.rows == []  # due before the run: paid before it, not in it
    # a run starting in 2024 carries in 2023's pay (68,000, 58,000, 30,000 × 24 %), not 2022's
    _, model, _, _ = component_on(PerformancePayCarryIn, 2024, role=ROLES3)
    assert [row[5] for row in model.ledger.rows] == [{1: 16320, 2: 13920}, {3: 7200}]


def test_pension_contribution_and_star_top_up_of_the_heads_in_post():
    # in post this year (months scored > 0, one month is enough): 600 each, + 50 per star; a head not in post (0 months)
    # nothing
    from simtoolkit.rulebook.pension import Pension

    component, model, P, _ = component_on(Pension, 2023, role=ROLES3 + ["secretary"], stars=[0, 2, 3, 1], months_scored=[12, 3, 0, 1])
    component.year_pay(P, 11)
    assert model.ledger.rows == [("book", 11, 1, "pension_contribution", "province", {1: 600, 2: 600, 3: 0, 4: 600}),
                                 ("book", 11, 1, "pension_star_topup", "province", {1: 0, 2: 100, 3: 0, 4: 50})]


def test_retirement_subsidies_of_the_year_booked_in_january_to_those_alive_and_gone():
    # 2024: A (born 1960, left 2020 after 10 years, 2 stars) 200 + 30 a month; B the same but dead: nothing; C left in
    # 2024: nothing yet; D a director with 1 star, 200 + 15; E aged 55: nothing; each for 12 months from January
    from types import SimpleNamespace

    from simtoolkit.rulebook.retirement_subsidy import RetirementSubsidy

    class Table(SimpleNamespace):
        def __len__(self):
            return len(self.id)

    code = roles.code
    retirees = Table(id=np.array([101, 102, 103, 104, 105]), township=np.zeros(5, np.int32),
                     role=np.array([code("secretary")] * 3 + [code("director"), code("secretary")]),
                     birth_year=np.array([1960, 1960, 1960, 1960, 1969]), exit_year=np.array([2020, 2020, 2024, 2020, 2020]),
                     years_served=np.full(5, 10.0), stars_at_exit=np.array([2, 2, 2, 1, 2]), alive=np.array([True, False, True, True, True]))
    component, model, P, _ = component_on(RetirementSubsidy, 2024, retirees=retirees, role=ROLES3)
    component.month_pay(P, 13)
    assert model.ledger.rows == []
    component.month_pay(P, 12)
    assert model.ledger.rows == [("monthly", 12, 12, "retirement_subsidy", "township", {101: 200, 104: 200}),
                                 ("monthly", 12, 12, "retirement_star_topup", "township", {101: 30, 104: 15})]
    # however small the top-up, it is paid: at 0.5 yuan a month per star, 1 and 0.5
    component, model, P, _ = component_on(RetirementSubsidy, 2024, {"policy.retirement.per_star_monthly": 0.5}, retirees=retirees, role=ROLES3)
    component.month_pay(P, 12)
    assert model.ledger.rows[1] == ("monthly", 12, 12, "retirement_star_topup", "township", {101: 1.0, 104: 0.5})
    component, model, P, _ = component_on(RetirementSubsidy, 2024, retirees=Table(id=np.zeros(0, np.int64)), role=ROLES3)
    component.month_pay(P, 12)
    assert model.ledger.rows == []


RECRUITS = dict(role=["secretary_director", "secretary", "secretary", "secretary", "director", "secretary", "secretary"],
                stars=[3, 4, 5, 3, 5, 2, 5], birth_year=[1983, 1973, 1993, 1988, 1983, 1983, 1983],
                score=[90.0, 99.0, 85.0, 80.0, 99.0, 99.0, 99.0], recruited=[False] * 6 + [True])


def test_recruitment_takes_the_best_young_high_star_secretaries_and_tops_up_the_rest():
    # 2023, 2 places, from 3 stars, at most 45 years old, township pay 72,000:
    #   the 一肩挑 head (3 stars, 40, score 90) and a secretary (5 stars, 30, 85) are recruited; one aged 50 and one
    #   with a lower score (80) are candidates not recruited: 72,000 − 58,000 = 14,000 a year each; a director and a
    #   secretary with 2 stars are no candidates; one recruited before is no candidate again.
    #   Recruited heads stay in post (Qingxu): paid the difference, 4,000 (72,000 − 68,000) and 14,000, as is the one
    #   recruited before
    from simtoolkit.rulebook.recruitment import Recruitment

    component, model, P, notes = component_on(Recruitment, 2023, **RECRUITS)
    component.year_pay(P, 11)
    slots, heads = model.slots, model.world.heads
    assert heads.recruited.tolist() == [True, False, True, False, False, False, True]
    assert slots.township_topup.tolist() == [0, 14000, 0, 14000, 0, 0, 0]
    assert slots.recruited_pay.tolist() == [4000, 0, 14000, 0, 0, 0, 14000]
    assert slots.leaving_recruited.tolist() == [False] * 7 and component.leaving(P) is slots.leaving_recruited
    assert notes == {"recruited": 2}
    # in January both are paid monthly, a twelfth for each month of the year, by the recruitment's payer
    component.month_pay(P, 1)
    assert model.ledger.rows == []
    component.month_pay(P, 12)
    assert model.ledger.rows == [("monthly", 12, 12, "township_pay_topup", "county", {2: 14000 / 12, 4: 14000 / 12}),
                                 ("monthly", 12, 12, "recruited_salary", "county", {1: 4000 / 12, 3: 14000 / 12, 7: 14000 / 12})]


def test_recruitment_pay_differences_follow_indexed_pay_and_are_paid_to_the_fen():
    # pay indexed by 10 % a year after 2023: in 2025 the 一肩挑 head earns 68,000 × 1.21 = 82,280, above the township's
    # 72,000 (recruited: no difference to pay); the secretaries 58,000 × 1.21 = 70,180: 1,820 a year
    from simtoolkit.rulebook.recruitment import Recruitment

    component, model, P, notes = component_on(Recruitment, 2025, {"policy.pay.indexation_rate": 10},
                                              **{**RECRUITS, "birth_year": [b + 2 for b in RECRUITS["birth_year"]]})
    component.year_pay(P, 35)
    assert model.slots.township_topup.tolist() == pytest.approx([0, 1820, 0, 1820, 0, 0, 0])
    assert model.slots.recruited_pay.tolist() == pytest.approx([0, 0, 1820, 0, 0, 0, 1820])
    # however small a yearly difference, it is paid: 0.60 yuan a year, 0.05 a month
    model.slots.township_topup[:] = [0, 0.6, 0, 0, 0, 0, 0]
    model.slots.recruited_pay[:] = 0
    model.ledger.rows.clear()
    component.month_pay(P, 36)
    assert model.ledger.rows == [("monthly", 36, 12, "township_pay_topup", "county", {2: 0.05})]


def test_recruited_heads_who_leave_their_post_are_paid_nothing_more_here():
    from simtoolkit.rulebook.recruitment import Recruitment

    component, model, P, notes = component_on(Recruitment, 2023, {"policy.recruitment.leaves_post": True}, **RECRUITS)
    component.year_pay(P, 11)
    assert model.slots.recruited_pay.tolist() == [0] * 7
    assert model.slots.leaving_recruited.tolist() == [True, False, True, False, False, False, False]
    component.month_pay(P, 12)
    assert [row[3] for row in model.ledger.rows] == ["township_pay_topup"]


# Qianxinan's recruitment needs no stars: “近两年来,共有5名村干部被录用为乡镇公务员” — the best annual scores under the age
# limit (45) win the places; heads weigh the chance of beating last year's bar for one, and the post's value (100,000).
def test_recruitment_by_score_sets_last_years_bar_and_the_thinning_that_makes_chances_add_up_to_the_places():
    from types import SimpleNamespace

    from simtoolkit.rulebook.recruitment import Recruitment
    from scipy.special import ndtr

    P = load_scenario(SCENARIOS_DIR / "qianxinan.toml").params(2023)
    # five heads born 1980 (44 next year) but the last born 1970 (54: too old); the first graded excellent, the fourth
    # not graded last year.
    # Candidates graded: scores 90, 80, 70 → with 2 places the bar is the second best, 80. Belief: score = 100 ×
    # performance share, noise 10; at a share of 0.9 each reaches the bar with chance ndtr(1) = 0.8413, three of them:
    # 2.524 for 2 places, so each chance is thinned by 2 / 2.524
    heads = SimpleNamespace(stars=np.zeros(5, np.int8), role=np.full(5, roles.code("secretary")), recruited=np.zeros(5, bool),
                            birth_year=np.array([1980, 1980, 1980, 1980, 1970]), grade=np.array([0, 1, 1, -1, 1]),
                            score=np.array([90.0, 80.0, 70.0, 99.0, 95.0]))
    ctx = SimpleNamespace(active=lambda group: group != "policy.stars", P=P, seen=SimpleNamespace(places=2), extra={})
    belief = SimpleNamespace(intercept=0.0, slope=1.0, noise=10.0)
    Recruitment.effort_setup(None, ctx, heads, np.full(5, 0.9), 2023, belief)
    candidate, bar, thinning = ctx.extra["recruitment"]
    assert candidate.tolist() == [True, True, True, True, False] and bar == 80.0
    assert thinning == pytest.approx(2 / (3 * ndtr(1.0)))
    # one place: the bar is the best score, 90; the three reach it with chance ndtr(0) = 1/2 each: 1.5 → thinned by 1/1.5
    ctx.seen.places, ctx.extra = 1, {}
    Recruitment.effort_setup(None, ctx, heads, np.full(5, 0.9), 2023, belief)
    assert ctx.extra["recruitment"][1:] == (90.0, pytest.approx(1 / 1.5))
    # chances summing to less than the places are not raised: 5 places, the bar the lowest score 70, chances ndtr(2)
    ctx.seen.places, ctx.extra = 5, {}
    Recruitment.effort_setup(None, ctx, heads, np.full(5, 0.9), 2023, belief)
    assert ctx.extra["recruitment"][1:] == (70.0, 1.0)
    # with a star rating recruitment goes by stars: nothing to set up
    ctx.active, ctx.extra = (lambda group: True), {}
    Recruitment.effort_setup(None, ctx, heads, np.full(5, 0.9), 2023, belief)
    assert ctx.extra == {}


def test_recruitment_by_score_prices_the_chance_of_a_place_on_the_effort_grid():
    # bar 80, noise 10, thinning 1/2: an expected score of 80 reaches it with chance 1/2 → 1/4 × 100,000 = 25,000; 90 →
    # ndtr(1)/2; 70 → ndtr(−1)/2; a head who is no candidate gets nothing
    from types import SimpleNamespace

    from simtoolkit.rulebook.recruitment import Recruitment
    from scipy.special import ndtr

    P = load_scenario(SCENARIOS_DIR / "qianxinan.toml").params(2023)
    ctx = SimpleNamespace(P=P, extra={"recruitment": (np.array([True, True, False]), 80.0, 0.5)})
    block = SimpleNamespace(part=slice(0, 2), mean=np.array([[80.0, 90.0], [70.0, 80.0]]), noise=10.0,
                            rows=SimpleNamespace(places=1), added=[])
    block.add = block.added.append
    Recruitment.effort_grid(None, ctx, block)
    np.testing.assert_allclose(block.added[0], [[25000, 50000 * ndtr(1.0)], [50000 * ndtr(-1.0), 25000]])
    block.part = slice(1, 3)  # the second and third heads: the third no candidate
    block.added.clear()
    Recruitment.effort_grid(None, ctx, block)
    np.testing.assert_allclose(block.added[0], [[25000, 0], [50000 * ndtr(-1.0), 0]])
    # no place next year, or no bar (nobody graded), or no recruitment set up: nothing
    for rows, extra in ((SimpleNamespace(places=0), ctx.extra), (SimpleNamespace(places=1), {"recruitment": (None, -np.inf, 1.0)}),
                        (SimpleNamespace(places=1), {})):
        block.rows, ctx.extra, block.added = rows, extra, []
        block.add = block.added.append
        Recruitment.effort_grid(None, ctx, block)
        assert block.added == []
