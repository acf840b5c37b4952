"""The shipped life table: reproducible from its documented fit, matching its published targets, used by the model."""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.behaviour.turnover import mortality
from simtoolkit.world.data import make_life_table
from simtoolkit.world.lifetable import fit_gompertz_makeham, gompertz_makeham, life_expectancy, read_life_table
from simtoolkit.scenario import load_scenario

NAME = "china_2020_gompertz_makeham"


def test_shipped_table_is_the_documented_fit():
    # The CSV must be exactly what make_life_table.py computes (8 decimals), so its origin is traceable.
    table = read_life_table(NAME)
    male = fit_gompertz_makeham(make_life_table.MAKEHAM, make_life_table.SLOPE, make_life_table.E0_MALE, make_life_table.LAST_AGE)
    female = fit_gompertz_makeham(make_life_table.MAKEHAM, make_life_table.SLOPE, make_life_table.E0_FEMALE, make_life_table.LAST_AGE)
    assert np.allclose(table.q, [male, female], atol=5e-9)
    assert any("NOT a published life table" in line for line in table.source)


def test_table_life_expectancy_matches_the_2020_targets():
    # 2020 census life expectancy at birth: men 75.37, women 80.88 years.
    table = read_life_table(NAME)
    assert life_expectancy(table.q[0]) == pytest.approx(75.37, abs=0.01)
    assert life_expectancy(table.q[1]) == pytest.approx(80.88, abs=0.01)
    assert table.q[0, -1] == table.q[1, -1] == 1.0


def test_life_expectancy_by_hand():
    # q = (0.5, 1): alive 1 → 0.5 → 0; e0 = (1 + 0.5)/2 + (0.5 + 0)/2 = 1.0 year.
    assert life_expectancy(np.array([0.5, 1.0])) == pytest.approx(1.0)


def test_gompertz_makeham_by_hand():
    # A = 0.01, B = 0 (no ageing): q = 1 − e^(−0.01) = 0.00995017 at every age but the last.
    q = gompertz_makeham(0.01, 0.0, 0.09, 3)
    assert q[:3] == pytest.approx([1 - np.exp(-0.01)] * 3)
    assert q[3] == 1.0


def test_model_mortality_is_the_table_times_the_ratio(qingxu):
    scenario = load_scenario(qingxu).with_changes({"behaviour.turnover.mortality_ratio": 150})
    P = scenario.params(2023)
    table = read_life_table(scenario.value("behaviour.turnover.life_table"))
    q = mortality(np.array([70, 70, 200]), np.array([0, 1, 0]), P)
    # 150 % of q70 for each sex; ages past the table take its last age (q = 1, capped at 1)
    assert q.tolist() == pytest.approx([1.5 * table.q[0, 70], 1.5 * table.q[1, 70], 1.0])


def test_default_is_the_published_china_annuity_table(qingxu):
    """中国人身保险业经验生命表(2010-2013) 养老类业务表: CL5 (male) q60 = 0.004660, CL6 (female) q60 = 0.002315."""
    from simtoolkit.scenario import load_scenario

    assert load_scenario(qingxu).value("behaviour.turnover.life_table") == "china_cl5_cl6_2010_2013"
    table = read_life_table("china_cl5_cl6_2010_2013")
    assert table.last_age == 105 and table.q[0, 105] == table.q[1, 105] == 1.0
    assert table.q[0, 60] == 0.00466 and table.q[1, 60] == 0.002315
    assert table.q[0, 0] == 0.000566
