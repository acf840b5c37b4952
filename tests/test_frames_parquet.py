"""Ensembles as data: frames with the CSVs' rows and dtypes, Parquet files equal to the CSVs, an xarray Dataset."""

from __future__ import annotations

import pandas as pd
import pytest

from simtoolkit.experiments.ensemble import Ensemble
from simtoolkit.model import CountyModel
from simtoolkit.scenario import load_scenario

SMALL = ("--reps", "2", "--years", "2", "--seed", "4")
TEXT = {"township", "role", "item", "payer", "indicator", "metric"}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """`run`, `compare` and `sweep` written once as CSV and once as Parquet."""
    from simtoolkit.cli.main import main

    root = tmp_path_factory.mktemp("formats")
    commands = {"run": ["run", "scenarios/qingxu.toml"],
                "compare": ["compare", "scenarios/qingxu_before.toml", "scenarios/qingxu.toml"],
                "sweep": ["sweep", "scenarios/qingxu.toml", "--grid", "policy.stars.award_per_star=500,1500"]}
    for name, command in commands.items():
        for fmt in ("csv", "parquet"):
            assert main([*command, *SMALL, "--format", fmt, "--out", str(root / f"{name}-{fmt}")]) == 0
    return root


def read_csv(path):
    return pd.read_csv(path, encoding="utf-8-sig")


@pytest.mark.parametrize("folder, table", [("run", "stars"), ("run", "costs"), ("run", "indicators"),
                                           ("compare", "compare"), ("sweep", "sweep")])
def test_parquet_round_trips_equal_the_csvs_with_categorical_text(written, folder, table):
    pytest.importorskip("pyarrow")
    parquet = pd.read_parquet(written / f"{folder}-parquet" / f"{table}.parquet")
    csv = read_csv(written / f"{folder}-csv" / f"{table}.csv")
    text = [c for c in parquet.columns if not pd.api.types.is_numeric_dtype(parquet[c])]
    assert set(text) == TEXT & set(csv.columns) and all(isinstance(parquet[c].dtype, pd.CategoricalDtype) for c in text)
    assert not (written / f"{folder}-parquet" / f"{table}.csv").exists()
    pd.testing.assert_frame_equal(parquet.astype({c: str for c in text}), csv)


def test_ensemble_frames_are_the_csvs_rows_and_dtypes(written):
    ensemble = Ensemble.run(load_scenario("scenarios/qingxu.toml"), reps=2, seed=4, years=2, progress=False)
    for table, frame in (("stars", ensemble.stars_frame()), ("costs", ensemble.costs_frame()),
                         ("indicators", ensemble.indicators_frame())):
        pd.testing.assert_frame_equal(frame, read_csv(written / "run-csv" / f"{table}.csv"), check_exact=True)
    one = ensemble.records[0]  # a single replication's frames have the same dtypes
    for frame, table in ((one.stars_frame(), "stars"), (one.costs_frame(unit="yuan"), "costs"), (one.indicators_frame(), "indicators")):
        assert frame.dtypes.to_dict() == read_csv(written / "run-csv" / f"{table}.csv").dtypes.to_dict(), table
    fen = ensemble.costs_frame(unit="fen")
    assert fen["fen"].dtype == "int64" and (fen["fen"] / 100).tolist() == ensemble.costs_frame()["yuan"].tolist()


def test_to_xarray_holds_the_same_numbers():
    pytest.importorskip("xarray")
    ensemble = Ensemble.run("scenarios/qingxu.toml", reps=2, seed=4, years=2, progress=False)
    data = ensemble.to_xarray()
    awards = ensemble.costs_frame().query("item == 'star_award'").groupby(["rep", "year"])["yuan"].sum()
    in_data = data["yuan"].sum("township").sel(item="star_award", payer="county").to_series()
    assert in_data.loc[awards.index].tolist() == awards.tolist() and (in_data.drop(awards.index) == 0).all()
    stars = ensemble.stars_frame().groupby(["rep", "year", "stars"])["count"].sum()
    assert data["count"].sum(["township", "role"]).to_series().loc[stars.index].tolist() == stars.tolist()
    assert set(data["value"].indicator.values) == set(ensemble.indicators_frame().indicator)


def test_result_costs_frame_says_its_unit():
    result = CountyModel(load_scenario("scenarios/qingxu.toml"), replication=0, years=1).run()
    fen, yuan = result.costs_frame(), result.costs_frame(unit="yuan")
    assert "fen" in fen and fen["fen"].dtype.kind == "i" and "yuan" in yuan and "fen" not in yuan
    assert (yuan["yuan"] * 100).round().astype("int64").tolist() == fen["fen"].tolist()
    with pytest.raises(ValueError, match="unit"):
        result.costs_frame(unit="wan")


def test_parquet_without_pyarrow_is_bad_input(cli, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if it were not installed
    code, _, err = cli("run", "scenarios/qingxu.toml", *SMALL, "--format", "parquet", "--out", tmp_path / "out")
    assert code == 2 and "pip install simtoolkit[parquet]" in err and not (tmp_path / "out").exists()
