"""Every printed cost headline splits fiscal from non-fiscal money (issue 19, item 8): run, compare, the dashboard.

Whether a payer is a public budget is fixed in ledger/items.toml: the county is, a donation and a village
collective are not. Amounts below are made by hand.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simtoolkit.experiments.compare import Comparison
from simtoolkit.experiments.ensemble import metric_names
from simtoolkit.experiments.record import Record
from simtoolkit.ledger import item_index, payer_index
from simtoolkit.report.terminal import costs_text
from simtoolkit.rules import roles
from simtoolkit.ui.summary import summarise


def record(costs: list[tuple[int, str, str, int]]) -> Record:
    """A one-township, two-year record without stars: (year index, item, payer, fen) paid."""
    counts = np.zeros((2, 1, len(roles.CODES), 3), np.int32)
    cells = np.array([(y, item_index(item), payer_index(payer), 0) for y, item, payer, _ in costs], np.int16)
    return Record(0, 2023, 2, ("东镇",), 2, counts, np.ones((1, len(roles.CODES)), bool), cells,
                  np.array([fen for *_, fen in costs], np.int64), (), np.zeros((0, 2)))


COSTS = [(0, "base_pay", "county", 10_000_000), (0, "points_redemption", "donation", 250_000),
         (1, "points_redemption", "village_collective", 40_000)]


def test_the_dashboard_shows_fiscal_and_non_fiscal_cost_that_add_up_to_the_total():
    # county 100,000 yuan is fiscal; donations 2,500 and the collective's 400 are not: 2,900 yuan
    summary = summarise([record(COSTS)], [record(COSTS)])
    heads = summary.headlines
    assert heads["fiscal_cost"].mean == pytest.approx(100_000.0)
    assert heads["nonfiscal_cost"].mean == pytest.approx(2_900.0)
    assert heads["total_cost"].mean == pytest.approx(102_900.0)


def test_the_run_table_prints_of_which_fiscal_and_non_fiscal_per_year():
    frame = pd.DataFrame([{"rep": 0, "year": 2023 + y, "item": i, "payer": p, "township": "东镇", "fen": f} for y, i, p, f in COSTS])
    text = costs_text(frame, "en", 0.9, 1, columns=200)
    lines = {line.split()[0]: line for line in text.splitlines()[1:]}
    assert "of which fiscal" in lines["year"] and "of which non-fiscal" in lines["year"]
    # 2023: 102,500 in all, 100,000 fiscal, 2,500 not; 2024: only the collective's 400, none of it fiscal
    assert lines["2023"].split()[-6:] == ["100,000", "[100,000,", "100,000]", "2,500", "[2,500,", "2,500]"]
    assert lines["2024"].split()[-6:] == ["0", "[0,", "0]", "400", "[400,", "400]"]
    assert "102,500 [102,500, 102,500]" in lines["2023"]
    zh = costs_text(frame, "zh", 0.9, 1, columns=200)
    assert "其中财政资金" in zh and "其中非财政资金" in zh


def test_compare_prints_non_fiscal_as_total_minus_fiscal_without_changing_its_file():
    names = metric_names(1)
    total, fiscal = names.index("cost:total"), names.index("cost:fiscal")
    base, reform = np.zeros((2, 1, len(names))), np.zeros((2, 1, len(names)))
    base[..., total], base[..., fiscal] = [[500_00], [700_00]], [[300_00], [300_00]]  # fen: non-fiscal 200 and 400 yuan
    reform[..., total], reform[..., fiscal] = [[900_00], [900_00]], [[300_00], [300_00]]  # non-fiscal 600 and 600
    result = Comparison(None, None, 1, 1, 2023, [0, 1], names, base, reform)
    shown = result.with_nonfiscal().table(0.9).set_index("metric")
    row = shown.loc["cost:nonfiscal"]
    assert (row["base_mean"], row["reform_mean"], row["diff_mean"]) == pytest.approx((300.0, 600.0, 300.0))
    assert list(shown.index).index("cost:nonfiscal") == list(shown.index).index("cost:fiscal") + 1
    assert "cost:nonfiscal" not in set(result.table(0.9)["metric"])  # compare.csv keeps its metrics
