"""The `compare` and `sweep` contracts: files, columns, BOM, metrics, reconciliation, exit 2 with nothing written."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from conftest import SCENARIOS
from simtoolkit.ledger import items, payers

BOM = b"\xef\xbb\xbf"
BASE, REFORM = SCENARIOS / "qingxu_before.toml", SCENARIOS / "qingxu.toml"
SMALL = ("--reps", "3", "--years", "2", "--workers", "1")


def read(path) -> pd.DataFrame:
    raw = path.read_bytes()
    assert raw.startswith(BOM)
    return pd.read_csv(io.BytesIO(raw[3:]), dtype=str)


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    from simtoolkit.cli.main import main

    out = tmp_path_factory.mktemp("compare") / "o"
    assert main(["compare", str(BASE), str(REFORM), *SMALL, "--out", str(out), "--lang", "en"]) == 0
    return out


def test_compare_columns_metrics_and_manifest(compared):
    frame = read(compared / "compare.csv")
    assert list(frame.columns) == ["year", "metric", "base_mean", "reform_mean", "diff_mean", "diff_low", "diff_high"]
    metrics = [f"cost:{i.code}" for i in items()] + ["cost:total", "cost:fiscal"] + [f"stars:{n}" for n in range(6)]
    assert list(frame.metric) == metrics * 2 and list(frame.year.unique()) == ["2023", "2024"]
    manifest = json.loads((compared / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["command"] == "compare" and manifest["replications"] == 3 and manifest["years"] == 2
    assert manifest["base"]["scenario_files"][-1]["path"].endswith("qingxu_before.toml")
    assert manifest["reform"]["parameters"]["policy.stars.award_per_star"] == 1000


def test_compare_numbers_are_consistent(compared):
    frame = read(compared / "compare.csv").set_index(["year", "metric"]).astype(float)
    for year in (2023, 2024):
        rows = frame.loc[str(year)]
        # the total is the sum of the items; every payer in the Qingxu scenarios is a public budget
        item_sum = rows.loc[[m for m in rows.index if m.startswith("cost:") and m not in ("cost:total", "cost:fiscal")]].sum()
        assert rows.loc["cost:total", "reform_mean"] == pytest.approx(item_sum["reform_mean"], abs=0.05)
        assert rows.loc["cost:fiscal", "base_mean"] == pytest.approx(rows.loc["cost:total", "base_mean"], abs=0.005)
        # the mean difference is the difference of the means, and lies in its band
        diff = rows["reform_mean"] - rows["base_mean"]
        assert (diff - rows["diff_mean"]).abs().max() < 0.02
        assert (rows["diff_low"] <= rows["diff_mean"] + 1e-9).all() and (rows["diff_mean"] <= rows["diff_high"] + 1e-9).all()
        # the base has no star rating: honestly zero at every level, so the difference is the reform's count
        stars = rows.loc[[f"stars:{n}" for n in range(6)]]
        assert (stars["base_mean"] == 0).all() and (stars["diff_mean"] == stars["reform_mean"]).all()
        assert stars["reform_mean"].sum() > 150  # about 200 rated heads


def test_compare_base_mean_reconciles_with_run(cli, compared, tmp_path):
    code, _, err = cli("run", BASE, *SMALL, "--out", tmp_path / "run")
    assert code == 0, err
    costs = pd.read_csv(tmp_path / "run" / "costs.csv", encoding="utf-8-sig", dtype={"yuan": str})
    costs["fen"] = costs.yuan.str.replace(".", "", regex=False).astype(int)
    per_year = costs.groupby("year").fen.sum() / 100 / 3
    frame = read(compared / "compare.csv")
    total = frame[frame.metric == "cost:total"].set_index("year").base_mean.astype(float)
    assert total.to_numpy() == pytest.approx(per_year.to_numpy(), abs=0.005)


def test_compare_prints_the_paired_differences(cli, tmp_path):
    code, stdout, _ = cli("compare", BASE, REFORM, *SMALL, "--lang", "en", "--level", "80")
    assert code == 0
    assert "3 paired replications" in stdout and "80% band" in stdout and "has no star rating" in stdout
    assert "Star award" in stdout and "total cost" in stdout


def test_sweep_columns_rows_and_reconciliation(cli, tmp_path):
    out = tmp_path / "s"
    code, stdout, err = cli("sweep", REFORM, "--grid", "policy.stars.award_per_star=500,1500", "--grid",
                            "policy.pension.per_star=0,100", *SMALL, "--out", out)
    assert code == 0, err
    frame = read(out / "sweep.csv")
    assert list(frame.columns) == ["policy.stars.award_per_star", "policy.pension.per_star", "rep", "year", "cost_total",
                                   "cost_fiscal"] + [f"stars_{n}" for n in range(6)]
    assert len(frame) == 4 * 3 * 2
    assert list(frame.iloc[:6, 0]) == ["500"] * 6 and list(frame.iloc[:6, 1]) == ["0"] * 6
    assert list(frame.rep[:6]) == ["0", "0", "1", "1", "2", "2"] and list(frame.year[:2]) == ["2023", "2024"]
    assert frame.cost_total.str.fullmatch(r"\d+\.\d\d").all()
    # one point is the scenario itself with the award changed: its rows match `run` with --set, to the fen
    code, _, err = cli("run", REFORM, *SMALL, "--set", "policy.stars.award_per_star=1500", "--set", "policy.pension.per_star=100",
                       "--out", tmp_path / "r")
    assert code == 0, err
    costs = pd.read_csv(tmp_path / "r" / "costs.csv", encoding="utf-8-sig", dtype={"yuan": str})
    costs["fen"] = costs.yuan.str.replace(".", "", regex=False).astype(int)
    expected = costs.groupby(["rep", "year"]).fen.sum().to_numpy()
    point = frame[(frame.iloc[:, 0] == "1500") & (frame.iloc[:, 1] == "100")]
    assert list(point.cost_total.str.replace(".", "", regex=False).astype(int)) == list(expected)
    stars = pd.read_csv(tmp_path / "r" / "stars.csv", encoding="utf-8-sig")
    by_level = stars.groupby(["rep", "year", "stars"])["count"].sum().unstack("stars")
    assert point[[f"stars_{n}" for n in range(6)]].astype(int).to_numpy().tolist() == by_level.to_numpy().tolist()
    # a bigger award costs more at every replication and year (same streams at every point)
    low, high = (frame[frame.iloc[:, 0] == v].cost_total.astype(float).to_numpy() for v in ("500", "1500"))
    assert (high >= low).all() and (high > low).any()
    assert "policy.stars.award_per_star" in stdout


def test_sweep_without_stars_at_a_point_writes_zero_columns(cli, tmp_path):
    code, _, err = cli("sweep", BASE, "--grid", "policy.pay.annual_pay_other=50000,52000", *SMALL, "--out", tmp_path / "s")
    assert code == 0, err
    frame = read(tmp_path / "s" / "sweep.csv")
    assert list(frame.columns)[-1] == "stars_0" and (frame.stars_0 == "0").all()


@pytest.mark.parametrize("args, message", [
    (("compare", BASE, SCENARIOS / "missing.toml"), "file not found"),
    (("compare", BASE, REFORM, "--set", "policy.stars.maximum=0"), "policy.stars"),
    (("compare", BASE, REFORM, "--level", "0"), "--level"),
    (("compare", BASE, REFORM, "--level", "100"), "--level"),
    (("compare", BASE, REFORM, "--reps", "0"), "--reps"),
    (("compare", BASE, REFORM, "--executor", "mpi"), "--executor"),
    (("sweep", REFORM), "--grid"),
    (("sweep", REFORM, "--grid", "policy.stars.award_per_sta=1,2"), "did you mean 'policy.stars.award_per_star'"),
    (("sweep", REFORM, "--grid", "policy.stars.award_per_star=100,-5"), "sweep point 2: policy.stars.award_per_star"),
    (("sweep", REFORM, "--grid", "policy.stars.award_per_star"), "expected dotted.key=V1,V2"),
    (("sweep", REFORM, "--grid", "policy.stars.award_per_star=1", "--list", "policy.pension.per_star=1"), "one kind"),
    (("sweep", REFORM, "--lhs", "policy.stars.award_per_star=9:1"), "LOW must be below HIGH"),
    (("sweep", REFORM, "--list", "policy.stars.award_per_star=1,2", "--list", "policy.pension.per_star=1"), "same number"),
])
def test_bad_input_exits_2_with_one_line_per_problem_and_writes_nothing(cli, tmp_path, args, message):
    out = tmp_path / "o"
    code, stdout, err = cli(*args, "--reps", "1", "--years", "1", "--out", out) if "--reps" not in args else cli(*args, "--out", out)
    assert code == 2, (stdout, err)
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_an_output_path_that_is_a_file_is_bad_input(cli, tmp_path):
    path = tmp_path / "file"
    path.write_text("x")
    code, _, err = cli("compare", BASE, REFORM, *SMALL, "--out", path)
    assert code == 2 and "not a folder" in err and path.read_text() == "x"


def test_list_and_latin_hypercube_designs(cli, tmp_path):
    code, _, err = cli("sweep", REFORM, "--list", "policy.stars.award_per_star=600,900", "--list", "policy.pension.per_star=10,20",
                       *SMALL, "--out", tmp_path / "l")
    assert code == 0, err
    frame = read(tmp_path / "l" / "sweep.csv")
    assert sorted(set(zip(frame.iloc[:, 0], frame.iloc[:, 1]))) == [("600", "10"), ("900", "20")]
    code, _, err = cli("sweep", REFORM, "--lhs", "policy.stars.award_per_star=500:1500", "--lhs", "policy.assessment.raters_per_township=5:15",
                       "--samples", "3", "--reps", "1", "--years", "1", "--workers", "1", "--out", tmp_path / "h")
    assert code == 0, err
    frame = read(tmp_path / "h" / "sweep.csv")
    awards = frame.iloc[:, 0].astype(float)
    assert len(frame) == 3 and awards.between(500, 1500).all() and awards.nunique() == 3
    assert frame.iloc[:, 1].str.fullmatch(r"\d+").all()  # an integer parameter is sampled as integers
    # Latin hypercube: each third of the range holds exactly one point
    assert sorted(((awards - 500) // (1000 / 3)).astype(int)) == [0, 1, 2]
    manifest = json.loads((tmp_path / "h" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["design"]["kind"] == "latin_hypercube" and len(manifest["design"]["points"]) == 3
