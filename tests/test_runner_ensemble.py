"""Compact records and ensemble bands agree with the model's own results and the report tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import SCENARIOS
from simtoolkit.experiments.ensemble import Ensemble, metric_array, metric_names
from simtoolkit.experiments.record import Record
from simtoolkit.experiments.replicate import run_one
from simtoolkit.ledger import payers
from simtoolkit.report.tables import band, costs_table, stars_table
from simtoolkit.scenario import load_scenario

REPS, YEARS, SEED = 4, 2, 17


@pytest.fixture(scope="module")
def runs():
    scenario = load_scenario(SCENARIOS / "qingxu.toml")
    results = [run_one(scenario, k, SEED, YEARS) for k in range(REPS)]
    return results, [Record.from_result(r) for r in results]


def test_a_record_has_the_frames_of_the_result_and_survives_a_round_trip(runs, tmp_path):
    results, records = runs
    for result, record in zip(results, records):
        assert record.star_counts.dtype == np.int32 and record.role_present.dtype == bool  # Record's documented types
        assert record.outstanding_fen == result.outstanding_fen
        pd.testing.assert_frame_equal(record.stars_frame(), result.stars_frame())
        pd.testing.assert_frame_equal(record.costs_frame(), result.costs_frame())
        pd.testing.assert_frame_equal(record.indicators_frame(), result.indicators_frame())
        assert record.total_yuan() == result.total_yuan()
        record.save(tmp_path / "r.npz")
        again = Record.load(tmp_path / "r.npz")
        pd.testing.assert_frame_equal(again.costs_frame(), record.costs_frame())
        pd.testing.assert_frame_equal(again.stars_frame(), record.stars_frame())
        pd.testing.assert_frame_equal(again.indicators_frame(), record.indicators_frame())
        assert again.townships == record.townships and again.outstanding_fen == record.outstanding_fen


def test_ensemble_bands_equal_the_report_tables_band(runs):
    results, records = runs
    ensemble = Ensemble(records)
    stars = ensemble.stars(0.8)
    expected = band(stars_table(results), ["year", "township", "role", "stars"], "count", 0.8)
    keys = ["year", "township", "role", "stars"]
    merged = stars.merge(expected, on=keys, suffixes=("", "_tables"))
    assert len(merged) == len(stars) == len(expected)
    for column in ("mean", "low", "high"):
        assert np.allclose(merged[column], merged[column + "_tables"])
    costs = ensemble.costs(0.8)
    table = costs_table(results).assign(yuan=lambda f: f.fen / 100)
    expected = band(table, ["year", "item", "payer"], "yuan", 0.8, REPS)
    merged = costs.merge(expected, on=["year", "item", "payer"], suffixes=("", "_tables"))
    assert len(merged) == len(costs) == len(expected)
    for column in ("mean", "low", "high"):
        assert np.allclose(merged[column], merged[column + "_tables"])


def test_metrics_reconcile_with_the_costs_table_and_stars(runs):
    results, records = runs
    names = metric_names(6)
    values = metric_array(records, 6)  # rep × year × metric, costs in fen
    costs = costs_table(results)
    fiscal = {p.code for p in payers() if p.fiscal}
    for k in range(REPS):
        for y in range(YEARS):
            rows = costs[(costs.rep == k) & (costs.year == 2023 + y)]
            assert values[k, y, names.index("cost:total")] == rows.fen.sum()
            assert values[k, y, names.index("cost:fiscal")] == rows[rows.payer.isin(fiscal)].fen.sum()
            assert values[k, y, names.index("cost:star_award")] == rows[rows.item == "star_award"].fen.sum()
            counts = results[k].star_counts[y].sum(axis=(0, 1))
            assert list(values[k, y, names.index("stars:0"):]) == list(counts)


def test_a_wider_level_gives_a_wider_band(runs):
    _, records = runs
    narrow, wide = Ensemble(records).metrics(0.5), Ensemble(records).metrics(0.95)
    assert ((wide.high - wide.low) >= (narrow.high - narrow.low) - 1e-9).all()
    assert ((wide.high - wide.low) > (narrow.high - narrow.low)).any()
    assert (narrow["mean"] == wide["mean"]).all()
    with pytest.raises(ValueError):
        Ensemble(records).metrics(1.0)
    distribution = Ensemble(records).star_distribution()
    assert distribution.groupby("year")["mean"].sum().between(190, 201).all()
    assert set(Ensemble(records).indicators().indicator) >= {"mean_effort", "heads_leaving"}
