"""Qianxinan's base pay refers to the income published by then (issue 19).

Source: /work/shared/seeds/002_9a823f6d1c9ce30e.txt — “全州落实村(社区)专职干部基本报酬均达到当地人均可支配收入的3倍以上”
(base pay at least 3 × local per-capita disposable income). A year's income is published the next spring, so the pay
of year t refers to the income of year t − 1 (`policy.cadre_pay.income_year_lag = 1`). Incomes in qianxinan.toml:
12,856 yuan (2021), 13,707 (2022), flat after 2022 unless `income_growth` is set.
"""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.model import CountyModel
from simtoolkit.rules import cadre_pay
from simtoolkit.rules import roles
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS


def deputy_base(changes: dict) -> float:
    """The yearly base pay of a deputy (pay 36,000 × 70 % = 25,200, below the income rule) in the run's first year."""
    model = CountyModel(load_scenario(SCENARIOS / "qianxinan.toml", {"run.years": 1, **changes}), seed=1)
    base, _, _ = cadre_pay.standard(model.world.heads.role, model.params(), model.config, model.year)
    deputy = model.world.heads.role == roles.code("deputy")
    assert deputy.any() and np.all(base[deputy] == base[deputy][0])
    return float(base[deputy][0])


def test_pay_of_2022_refers_to_the_income_of_2021():
    assert deputy_base({}) == pytest.approx(3 * 12856)  # 38,568, not 3 × 13,707 = 41,121
    assert deputy_base({"policy.cadre_pay.income_year_lag": 0}) == pytest.approx(3 * 13707)


def test_income_is_flat_after_its_last_figure_unless_a_growth_is_set():
    # pay of 2025 refers to the income of 2024: 13,707 flat, or 13,707 × 1.06² with 6 % growth after 2022
    assert deputy_base({"run.start_year": 2025}) == pytest.approx(3 * 13707)
    assert deputy_base({"run.start_year": 2025, "policy.cadre_pay.income_growth": 6}) == pytest.approx(3 * 13707 * 1.06 ** 2)
