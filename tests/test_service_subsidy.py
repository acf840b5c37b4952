"""A retirement subsidy by years served × role (rules/service_subsidy.py, rulebook/service_subsidy.py,
policy.service_subsidy), on 句容's 2019 rule (scenarios/examples/jurong.toml): "任职满20年以上的，书记、主任、会计
每月分别为525元、505元、485元；满15—19年的，505元、485元、465元；满10—14年的，485元、465元、445元"."""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.budget.liabilities import PROMISED
from simtoolkit.ledger import item_index
from simtoolkit.model import CountyModel
from simtoolkit.rulebook import service_subsidy as component
from simtoolkit.rules import roles
from simtoolkit.rules.service_subsidy import monthly
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS
from test_budget_liabilities import valued

JURONG = SCENARIOS / "examples" / "jurong.toml"


def test_jurong_table_by_years_served_and_role():
    # secretary: 20 → 525, 25 → 525, 19.9 → 505, 15 → 505, 14 → 485, 10 → 485, 9.9 → 0 (below every band);
    # director: 20 → 505, 16 → 485, 12 → 465; a full-time deputy has no rows → 0 whatever the years;
    # 会计, the scenario's own role (policy.own_roles): 20 → 485, 17 → 465, 10 → 445, 9 → 0
    P = load_scenario(JURONG).params(2023)
    own = roles.own(P)
    assert own == ("accountant",)
    sec, dire, dep, acc = roles.code("secretary"), roles.code("director"), roles.code("deputy"), roles.code("accountant", own)
    assert acc == len(roles.CODES)  # after every shared role
    role = np.array([sec] * 7 + [dire] * 3 + [dep] + [acc] * 4)
    years = np.array([20, 25, 19.9, 15, 14, 10, 9.9, 20, 16, 12, 30, 20, 17, 10, 9])
    amounts = monthly(years, role, P.policy.service_subsidy.table, own).tolist()
    assert amounts == [525, 525, 505, 505, 485, 485, 0, 505, 485, 465, 0, 485, 465, 445, 0]


def test_the_liabilities_value_the_table_after_exit(tmp_path):
    # Nobody dies (mortality 0). A secretary born 1953 who left in 2022 after 22 years: 525 × 12 = 6,300 a year from
    # 2023. A director born 1970 who left in 2022 after 16 years: 485 × 12 = 5,820 a year from 2030, when 60.
    retirees = ("id,township,sex,birth_year,stars_at_exit,years_served,exit_year,role\n"
                "R1,清源镇,男,1953,0,22,2022,secretary\nR2,清源镇,男,1970,0,16,2022,director\n")
    flows, _ = valued(JURONG, tmp_path, {"behaviour.turnover.mortality_ratio": 0}, retirees=retirees)
    paid = flows[(flows["basis"] == PROMISED) & (flows["item"] == "service_subsidy")].set_index("year")["yuan"]
    assert paid[2023] == pytest.approx(6300.0)
    assert paid[2029] == pytest.approx(6300.0)
    assert paid[2030] == pytest.approx(6300.0 + 5820.0)


def test_the_model_books_each_january_the_years_subsidy(monkeypatch):
    # In January of the second year, the former heads alive who left in the first year, aged 60 or more, are booked
    # 12 months of their row's amount; the ledger's service_subsidy that year is exactly that (worked out here from
    # the retirees' own columns with the table written out by hand).
    rates = {"secretary": (485, 505, 525), "secretary_director": (485, 505, 525), "community_secretary": (485, 505, 525),
             "director": (465, 485, 505)}
    expected = []
    original = component.ServiceSubsidy.month_pay

    def watched(self, P, m):
        r = self.model.world.retirees
        if m % 12 == 0:  # the first January has no former heads yet: 0
            total = 0.0
            for role, year, born, served, left, alive in zip(r.role, [self.model.year] * len(r), r.birth_year,
                                                              r.years_served, r.exit_year, r.alive):
                name, band = roles.CODES[role], int(served >= 10) + int(served >= 15) + int(served >= 20)
                if alive and left < year and year - born >= 60 and name in rates and band:
                    total += 12 * rates[name][band - 1]
            expected.append(total)
        original(self, P, m)
    monkeypatch.setattr(component.ServiceSubsidy, "month_pay", watched)
    model = CountyModel(load_scenario(JURONG, {"run.years": 2, "run.burn_in_years": 0}))
    result = model.run()
    booked = result.yearly_fen[:, item_index("service_subsidy")].reshape(2, -1).sum(axis=1) / 100
    assert booked.tolist() == pytest.approx(expected)
    assert expected[-1] > 0


def test_bands_out_of_order_within_a_role_are_one_line_naming_file_and_key(tmp_path, capsys):
    # The director's 15-year row written as 9 years comes after its 10-year row: refused, naming the row; the
    # secretaries' rows between them do not count (bands rise within each role).
    from simtoolkit.cli.main import main
    text = JURONG.read_text(encoding="utf-8").replace('"../qingxu.toml"', repr(str(SCENARIOS / "qingxu.toml")))
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace('{ role = "director", from_years = 15', '{ role = "director", from_years = 9'), encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {bad}: policy.service_subsidy.table[10].from_years: 9 does not rise above the row before "
                   "for director (10): rows go in rising order"]


def test_a_table_without_rows_pays_every_head_nothing():
    # 句容's rule names only the secretary, the director and the accountant; with no rows at all each head gets 0 a month,
    # one amount per head (a secretary of 25 years and a director of 12)
    role = np.array([roles.code("secretary"), roles.code("director")])
    assert monthly(np.array([25.0, 12.0]), role, []).tolist() == [0.0, 0.0]


def test_january_books_the_years_subsidy_to_each_former_head_alive_by_his_id():
    # 2024, 句容's table: retiree 1 (secretary, left 2020 at 22 years, born 1960: 64) 525 a month for 12 months; retiree
    # 2 the same but dead: nothing; retiree 3 (director) left this year: nothing yet, nothing booked
    from conftest import Table, small_model

    secretary, director = roles.code("secretary_director"), roles.code("director")
    retirees = Table(id=[1, 2, 3], township=[0, 0, 0], role=[secretary, secretary, director], exit_year=[2020, 2020, 2024],
                     birth_year=[1960, 1960, 1960], years_served=[22.0, 22.0, 22.0], alive=[True, False, True])
    model = small_model(load_scenario(JURONG), 2024, retirees=retirees)
    subsidy = component.ServiceSubsidy(model)
    subsidy.month_pay(model.config.params(2024), 13)
    subsidy.month_pay(model.config.params(2024), 12)
    assert model.ledger == [((12, 12), "service_subsidy", "county", {1: 525})]
    # one former director of 12 years, under a table paying 0.5 yuan a month from 10 years: paid
    model = small_model(load_scenario(JURONG, {"policy.service_subsidy.table": [{"role": "director", "from_years": 10, "monthly": 0.5}]}), 2024,
                        retirees=Table(id=[7], township=[0], role=[director], exit_year=[2020], birth_year=[1960], years_served=[12.0], alive=[True]))
    component.ServiceSubsidy(model).month_pay(model.config.params(2024), 12)
    assert model.ledger == [((12, 12), "service_subsidy", "county", {7: 0.5})]
