"""Outcomes read from a hand-made record: counts by role, shares, mean stars, costs, reductions over years."""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.analysis.outcomes import horizon_years, parse_outcome, parse_outcomes, values
from simtoolkit.errors import InputError
from simtoolkit.experiments.record import Record
from simtoolkit.ledger import item_index, payer_index
from simtoolkit.rules import roles


def record() -> Record:
    """Two years, two townships; secretaries in A, a director and a community secretary in B."""
    counts = np.zeros((2, 2, len(roles.CODES), 3), np.int32)
    sec, dire, com = roles.code("secretary"), roles.code("director"), roles.code("community_secretary")
    counts[0, 0, sec] = [2, 5, 1]
    counts[0, 1, dire] = [1, 3, 0]
    counts[0, 1, com] = [0, 2, 1]
    counts[1, 0, sec] = [1, 4, 3]
    counts[1, 1, dire] = [0, 2, 2]
    counts[1, 1, com] = [0, 0, 3]
    present = counts.sum(axis=(0, 3)) > 0
    county, collective = payer_index("county"), payer_index("village_collective")
    base, award = item_index("base_pay"), item_index("star_award")
    cells = np.array([[0, base, county, 0], [0, base, collective, 1], [1, award, county, 0], [1, base, county, 1]], np.int16)
    fen = np.array([100_000_00, 5_000_00, 2_000_00, 90_000_00], np.int64)
    indicators = np.array([[70.0, 74.0]])
    return Record(0, 2023, 2, ("A", "B"), 2, counts, present, cells, fen, ("mean_score",), indicators)


@pytest.mark.parametrize("name,expected", [
    ("heads_2_stars@1", 2),                  # 1 secretary in A + 0 directors + 1 community secretary
    ("secretaries_2_stars@1", 2),            # secretary and community secretary are secretary roles
    ("directors_1_stars@1", 3),
    ("secretaries_0_stars@2019", None),      # outside the horizon: checked below
    ("share_2plus_stars@1", 2 / 15),         # rated 8 + 4 + 3 = 15, with 2★: 1 + 0 + 1
    ("share_2plus_stars@2", 8 / 15),         # with 2★ in year 2: 3 + 2 + 3
    ("share_1plus_stars@mean", 13 / 15),     # (12/15 + 14/15) / 2
    ("mean_stars@2", 22 / 15),               # (0·1 + 1·6 + 2·8) / 15
    ("fiscal_cost@1", 100_000.0),            # the collective's 5,000 is not fiscal
    ("total_cost@1", 105_000.0),
    ("fiscal_cost@max", 100_000.0),          # year 2: 2,000 + 90,000 = 92,000
    ("fiscal_cost@sum", 192_000.0),
    ("cost_star_award@2024", 2_000.0),       # a calendar year
    ("mean_score", 74.0),                    # no '@': the last year
    ("mean_score@mean", 72.0),
])
def test_outcome_values(name, expected):
    if expected is None:
        with pytest.raises(InputError, match="outside the 2-year horizon"):
            parse_outcome(name, 2, 2023, ["mean_score"])
        return
    outcome = parse_outcome(name, 2, 2023, ["mean_score"])
    assert values([outcome], record())[0] == pytest.approx(expected)


def test_bad_outcomes_are_all_reported_with_the_option():
    with pytest.raises(InputError) as exc:
        parse_outcomes(["fiscal_cost@0", "nonsense@1", "fiscal_cost@soon", "mean_score@1", "mean_score@1"], 3, 2023, ["mean_score"])
    lines = exc.value.lines
    assert any("fiscal_cost@0" in l and "outside" in l for l in lines)
    assert any("unknown measure 'nonsense'" in l for l in lines)
    assert any("fiscal_cost@soon" in l and "after '@'" in l for l in lines)
    assert any("mean_score@1: given more than once" in l for l in lines)
    assert all(l.startswith("--output") for l in lines)


def test_horizon_is_the_last_year_named_unless_some_output_needs_all():
    assert horizon_years(parse_outcomes(["fiscal_cost@3", "heads_2_stars@1"], 10, 2023), 2023) == 3
    assert horizon_years(parse_outcomes(["fiscal_cost@2025"], 10, 2023), 2023) == 3
    assert horizon_years(parse_outcomes(["fiscal_cost@3", "mean_stars@last"], 10, 2023), 2023) is None
