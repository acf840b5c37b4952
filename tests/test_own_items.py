"""A scenario's own cost items (issue 18, item 10: "a scenario may declare a cost item (code, zh/en label, payer, fiscal
or not) ... instead of borrowing a label that is wrong"): policy.own_items, scenario/own_items.py, the run's item axis
(ledger, Result, Record), and the money blocks' `item` key (policy.star_pay, policy.service_subsidy);
scenarios/examples/own_items.toml. Whether an item is fiscal follows from its payer, as for every item."""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.budget.liabilities import PROMISED
from simtoolkit.experiments.ensemble import item_codes, metric_names, metric_values
from simtoolkit.experiments.record import Record
from simtoolkit.ledger import item_index, items, payer_index
from simtoolkit.model import CountyModel
from simtoolkit.report.vocabulary import term
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS, refusals
from test_budget_liabilities import valued

EXAMPLE = SCENARIOS / "examples" / "own_items.toml"
STAR_PAY = SCENARIOS / "examples" / "star_pay.toml"
JURONG = SCENARIOS / "examples" / "jurong.toml"
OWN = "star_post_allowance"


@pytest.fixture(scope="module")
def runs():
    """The star_pay example (its own item `star_pay`, the county) and the example (the same table under the declared
    item, the township), three years with the same seed."""
    base = CountyModel(load_scenario(STAR_PAY, {"run.years": 3})).run()
    own = CountyModel(load_scenario(EXAMPLE, {"run.years": 3})).run()
    return base, own


def test_the_declared_item_comes_after_the_shared_ones_and_holds_the_tables_money(runs):
    # "item = star_post_allowance, no payer here: the declared item's payer (the township) pays": every fen the
    # star_pay example books under star_pay by the county, the example books under its own item by the township
    base, own = runs
    shared = len(items())
    assert own.item_codes == (*base.item_codes, OWN) and len(base.item_codes) == shared
    i = shared  # the own item's place: after every shared item
    county, township = payer_index("county"), payer_index("township")
    by_year = base.yearly_fen[:, item_index("star_pay"), county].sum(axis=(1, 2))
    assert by_year[1:].sum() > 0 and np.array_equal(own.yearly_fen[:, i, township].sum(axis=(1, 2)), by_year)
    assert own.yearly_fen[:, item_index("star_pay")].sum() == 0 and own.yearly_fen[:, i, county].sum() == 0
    costs = own.costs_frame()
    assert set(costs.loc[costs.item == OWN, "payer"]) == {"township"}


def test_reports_label_it_as_declared(runs):
    load_scenario(EXAMPLE)
    assert term(OWN, "zh") == "星级岗位津贴" and term(OWN, "en") == "Star post allowance"
    assert term(f"cost:{OWN}", "en") == "Star post allowance"


def test_a_stored_record_keeps_its_own_items_and_lines_up_with_another_scenarios(runs, tmp_path):
    base, own = runs
    record = Record.from_result(own)
    record.save(tmp_path / "own.npz")
    again = Record.load(tmp_path / "own.npz")
    assert again.own_items == (OWN,) and again.costs_frame().equals(record.costs_frame())
    # a comparison's metrics: the shared items, then the own one; the base's column for it is 0
    plain = Record.from_result(base)
    codes = item_codes([plain, again])
    assert codes[-1] == OWN and metric_names(6, codes)[len(codes) - 1] == f"cost:{OWN}"
    base_values, own_values = metric_values(plain, 6, codes), metric_values(again, 6, codes)
    star_pay = codes.index("star_pay")
    assert base_values[:, len(codes) - 1].sum() == 0
    assert np.array_equal(base_values[:, star_pay], own_values[:, len(codes) - 1])


def test_the_service_subsidy_under_an_own_item_is_booked_and_valued_under_it(tmp_path):
    # 句容's subsidy booked as the county's own 离任补贴 item: the liabilities value the same rule under that code
    # (525 × 12 = 6,300 a year from 2023 for a secretary born 1953 who left in 2022 after 22 years)
    own = {"policy.own_items.items": [{"code": "jurong_exit_subsidy", "zh": "句容离任生活补贴", "en": "Jurong exit subsidy",
                                       "payer": "county"}],
           "policy.service_subsidy.item": "jurong_exit_subsidy"}
    retirees = "id,township,sex,birth_year,stars_at_exit,years_served,exit_year,role\nR1,清源镇,男,1953,0,22,2022,secretary\n"
    flows, _ = valued(JURONG, tmp_path, {"behaviour.turnover.mortality_ratio": 0, **own}, retirees=retirees)
    paid = flows[(flows["basis"] == PROMISED) & (flows["item"] == "jurong_exit_subsidy")].set_index("year")["yuan"]
    assert paid[2023] == pytest.approx(6300.0)
    result = CountyModel(load_scenario(JURONG, {"run.years": 2, "run.burn_in_years": 0, **own})).run()
    assert result.yearly_fen[1, len(items())].sum() > 0 and result.yearly_fen[:, item_index("service_subsidy")].sum() == 0


def test_cost_sharing_may_split_an_own_item():
    # township and county 1:1 for the own item: each month's allowances (whole yuan: 100, 200, 400, 800) halve exactly
    scenario = load_scenario(EXAMPLE, {"run.years": 2, "policy.cost_sharing.shares": [
        {"item": OWN, "from_year": 2023, "payer": "township", "share": 1},
        {"item": OWN, "from_year": 2023, "payer": "county", "share": 1}]})
    fen = CountyModel(scenario).run().yearly_fen[1, len(items())].sum(axis=(1, 2))
    assert fen[payer_index("township")] == fen[payer_index("county")] > 0


@pytest.mark.parametrize("edit, says", [
    (('payer = "township" },\n', 'payer = "township" },\n  { code = "base_pay", zh = "报酬", en = "Pay", payer = "county" },\n'),
     "policy.own_items.items[1].code: 'base_pay' is a shared ledger item already (基本报酬 / Base pay)"),
    (('payer = "township" },\n', 'payer = "township" },\n  { code = "Star-Allowance", zh = "津贴", en = "Allowance", payer = "county" },\n'),
     "policy.own_items.items[1].code: 'Star-Allowance' is not a code"),
    (('item = "star_post_allowance"', 'item = "star_post_alowance"'),
     "policy.star_pay.item: unknown ledger item 'star_post_alowance' (did you mean 'star_post_allowance'?)"),
    (('item = "star_post_allowance"', 'item = "star_pay"'),
     "policy.star_pay.payer: missing required key"),
    (('payer = "township" }', 'payer = "townshp" }'),
     "policy.own_items.items[0].payer: expected one of county, township"),
])
def test_bad_declarations_are_one_line_naming_file_and_key(tmp_path, capsys, edit, says):
    assert edit[0] in EXAMPLE.read_text(encoding="utf-8")
    bad, err = refusals(EXAMPLE, lambda text: text.replace(*edit), tmp_path, capsys)
    assert len(err) == 1 and err[0].startswith(f"error: {bad}: {says}")


def test_an_item_declared_twice_is_refused(tmp_path, capsys):
    row = '  { code = "star_post_allowance", zh = "星级岗位津贴", en = "Star post allowance", payer = "township" },\n'
    bad, err = refusals(EXAMPLE, lambda text: text.replace(row, row + row), tmp_path, capsys)
    assert err == [f"error: {bad}: policy.own_items.items[1].code: 'star_post_allowance' is declared twice"]
