"""Pay indexation beyond the last dated value (policy.pay.indexation_rate)."""

from __future__ import annotations

import pytest

from simtoolkit.model import CountyModel
from simtoolkit.rules import pay
from simtoolkit.scenario import load_scenario
from simtoolkit.rules import roles


def test_pay_grows_after_its_last_dated_value(qingxu):
    # Qingxu: annual_pay_other = {2022 = 50000, 2023 = 58000} ("其他村主干由5万元/年上调至5.8万元/年"),
    # sent secretaries 30000 as a plain value (counted from run.start_year 2023). With 5 % a year:
    # 2023: 58000 and 30000; 2025 (two years on): 58000 × 1.05² = 63945, 30000 × 1.05² = 33075.
    scenario = load_scenario(qingxu).with_changes({"policy.pay.indexation_rate": 5})
    role = roles.codes(["secretary", "sent_secretary"])
    for year, expected in ((2023, [58000, 30000]), (2025, [63945, 33075])):
        got = pay.annual_pay(role, scenario.params(year), pay.years_indexed(scenario, year))
        assert got.tolist() == pytest.approx(expected)


def test_without_a_rate_pay_stays_at_its_last_value(qingxu):
    scenario = load_scenario(qingxu)
    role = roles.codes(["secretary"])
    assert pay.annual_pay(role, scenario.params(2030), pay.years_indexed(scenario, 2030)).tolist() == [58000]


def test_model_books_indexed_base_pay(qingxu):
    # Base pay is 70 % of annual pay, a twelfth a month: the second year's base pay is 4 % above the first's.
    scenario = load_scenario(qingxu).with_changes({"policy.pay.indexation_rate": 4})
    result = CountyModel(scenario, years=2).run()
    base = result.costs_frame().query("item == 'base_pay'").groupby("year")["fen"].sum()
    assert base[2024] / base[2023] == pytest.approx(1.04, rel=1e-6)


def test_pay_dated_beyond_the_start_grows_only_after_its_own_last_value(qingxu):
    # a pay written for a year after the run's start (“一肩挑”的村主干报酬 6.8万元/年 from 2023, here 7万元 from 2025) is
    # indexed only after 2025: at 5 % a year, 2026 gives 70000 × 1.05 = 73500 — not the four years since 2023's start
    scenario = load_scenario(qingxu).with_changes({"policy.pay.indexation_rate": 5,
                                                   "policy.pay.annual_pay_secretary_director": {"2023": 68000, "2025": 70000}})
    role = roles.codes(["secretary_director"])
    assert pay.annual_pay(role, scenario.params(2026), pay.years_indexed(scenario, 2026)).tolist() == pytest.approx([73500])
