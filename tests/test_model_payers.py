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

QINGXU = Path(__file__).resolve().parents[1] / "scenarios" / "qingxu.toml"
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
