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


PAY = [(0, "base_pay", 100)]  # a record needs a cost line; the shares do not read it


def test_star_share_band_is_each_replications_own_share():
    # 2023, two replications: 10 heads at 0★ and 10 at 1★ (shares 50/50), then 30 at 0★ and 10 at 1★ (75/25).
    # The 1★ share's band is [25, 50] %, its mean 37.5 %; the old whisker, the count's band [10, 10] over the
    # mean total 30, was a 33.3 % bar with no band at all. 2024: one replication rates nobody, the other
    # 2 at 2★ of 4 (50 %): a year without ratings gives no share rather than 0 %
    first = record([[10, 10, 0], [0, 0, 0]], PAY, replication=0)
    second = record([[30, 10, 0], [2, 0, 2]], PAY, replication=1)
    summary = summarise([first, second], [first, second], level=1.0)
    shares = summary.star_shares.set_index(["year", "stars"])
    assert tuple(shares.loc[(2023, 1), ["mean", "low", "high"]]) == pytest.approx((37.5, 25.0, 50.0))
    assert tuple(shares.loc[(2023, 0), ["mean", "low", "high"]]) == pytest.approx((62.5, 50.0, 75.0))
    assert tuple(shares.loc[(2024, 2), ["mean", "low", "high"]]) == pytest.approx((50.0, 50.0, 50.0))
    assert shares.xs(2023, level="year")["mean"].sum() == pytest.approx(100.0)  # the stacked bar fills the column


def test_star_figure_tells_the_share_band():
    from simtoolkit.ui.figures import stars_figure

    first = record([[10, 10, 0], [10, 10, 0]], PAY, replication=0)
    second = record([[30, 10, 0], [30, 10, 0]], PAY, replication=1)
    svg = stars_figure(summarise([first, second], [first, second], level=1.0), "zh", 1.0)
    assert "1星: 10.0 [10.0, 10.0] · 37.5% [25.0%, 50.0%]" in svg
