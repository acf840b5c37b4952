"""The dashboard's headline numbers (ui/summary.py) on records made by hand."""

from __future__ import annotations

import numpy as np
import pytest

from simtoolkit.experiments.record import Record
from simtoolkit.ledger import item_index, payer_index
from simtoolkit.ui.summary import summarise
from simtoolkit.rules import roles


def record(star_heads: list[list[int]], costs: list[tuple[int, str, int]], replication: int = 0) -> Record:
    """A one-township, two-year record: heads of role 一肩挑 per star level (0, 1, 2) each year, and
    (year index, item, fen) paid by the county."""
    counts = np.zeros((2, 1, len(roles.CODES), 3), np.int32)
    counts[:, 0, roles.code("secretary_director")] = star_heads
    cells = np.array([(y, item_index(item), payer_index("county"), 0) for y, item, _ in costs], np.int16)
    return Record(replication, 2023, 2, ("东镇",), 2, counts, np.ones((1, len(roles.CODES)), bool), cells,
                  np.array([fen for _, _, fen in costs], np.int64), (), np.zeros((0, 2)))


def test_cost_per_star_year_divides_star_linked_money_by_stars_held():
    # 2023: three heads with 1 star, one with 2 → 5 stars held; 2024: two heads with 2 stars, two with none → 4.
    # Star-linked money: 4,500 yuan of awards in 2023 and 900 of pension top-up in 2024 = 5,400 yuan; base pay
    # (100,000 yuan) is not star-linked. 5,400 / 9 star-years = 600 yuan — not 5,400 / 8 post-years (675)
    heads = [[0, 3, 1], [2, 0, 2]]
    costs = [(0, "star_award", 450000), (1, "pension_star_topup", 90000), (0, "base_pay", 10000000)]
    summary = summarise([record(heads, costs)], [record(heads, costs[2:])])
    assert summary.headlines["cost_per_star"].mean == pytest.approx(600.0)
    # the paired difference is the star-linked money, and the share with 2 stars or more after the last rating 2 / 4
    assert summary.headlines["incremental_cost"].mean == pytest.approx(5400.0)
    assert summary.headlines["two_stars_share"].mean == pytest.approx(0.5)


def test_a_records_costs_stay_integer_fen():
    # the ledger's sums travel as integer fen, summed by year, item and payer without rounding
    costs = record([[0, 3, 1], [2, 0, 2]], [(0, "star_award", 450001), (0, "star_award", 2), (1, "base_pay", 7)]).cost_by_item_payer()
    assert costs.dtype == np.int64 and costs[0, item_index("star_award"), payer_index("county")] == 450003
