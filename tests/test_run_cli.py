"""The `simtoolkit run` contract: files, columns, BOM, determinism, reconciliation, nothing written on bad input."""

from __future__ import annotations

import json

import pandas as pd

from simtoolkit.model import CountyModel
from simtoolkit.scenario import load_scenario
from simtoolkit.rules import roles

BOM = b"\xef\xbb\xbf"


def run_to(cli, qingxu, out, *extra):
    """Run a small Qingxu simulation into `out`."""
    code, stdout, err = cli("run", qingxu, "--years", "3", "--reps", "2", "--out", out, *extra)
    assert code == 0, err
    return stdout


def test_files_columns_and_bom(cli, qingxu, tmp_path):
    stdout = run_to(cli, qingxu, tmp_path / "o")
    columns = {"stars.csv": "rep,year,township,role,stars,count", "costs.csv": "rep,year,item,payer,township,yuan",
               "indicators.csv": "rep,year,indicator,value"}
    for name, header in columns.items():
        raw = (tmp_path / "o" / name).read_bytes()
        assert raw.startswith(BOM) and raw[3:].decode("utf-8").splitlines()[0] == header
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 20230 and manifest["replications"] == 2 and manifest["years"] == 3
    assert manifest["parameters"]["policy.stars.award_per_star"] == 1000
    assert manifest["scenario_files"][0]["path"].endswith("qingxu.toml") and len(manifest["scenario_files"][0]["sha256"]) == 64
    assert "星级分布" in stdout and "基本报酬" in stdout


def test_same_seed_same_bytes_other_seed_other_draws(cli, qingxu, tmp_path):
    run_to(cli, qingxu, tmp_path / "a")
    run_to(cli, qingxu, tmp_path / "b")
    run_to(cli, qingxu, tmp_path / "c", "--seed", "7")
    for name in ("stars.csv", "costs.csv", "indicators.csv", "manifest.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / "indicators.csv").read_bytes() != (tmp_path / "c" / "indicators.csv").read_bytes()


def test_every_level_for_every_township_and_role_present(cli, qingxu, tmp_path):
    run_to(cli, qingxu, tmp_path / "o")
    stars = pd.read_csv(tmp_path / "o" / "stars.csv", encoding="utf-8-sig")
    levels = stars.groupby(["rep", "year", "township", "role"])["stars"].apply(sorted)
    assert all(v == [0, 1, 2, 3, 4, 5] for v in levels)
    # 集义乡 has 6 villages and no community: no community_secretary rows there
    assert not ((stars.township == "集义乡") & (stars.role == "community_secretary")).any()
    # the first rating counts the 200 eligible heads of 201 (one has under a year in post, in expectation)
    first = stars[stars.year == 2023].groupby("rep")["count"].sum()
    assert first.between(190, 201).all()


def test_costs_reconcile_with_the_ledger_to_the_fen(qingxu, tmp_path, cli):
    run_to(cli, qingxu, tmp_path / "o")
    costs = pd.read_csv(tmp_path / "o" / "costs.csv", encoding="utf-8-sig", dtype={"yuan": str})
    scenario = load_scenario(qingxu, {"run.years": 3})
    for rep in (0, 1):
        model = CountyModel(scenario, replication=rep)
        model.run()
        fen_csv = costs[costs.rep == rep].yuan.str.replace(".", "", regex=False).astype(int).sum()
        assert fen_csv == int(model.ledger.yearly.sum()) == int(model.ledger.monthly.sum())


def test_nothing_written_on_bad_input(cli, qingxu, tmp_path):
    out = tmp_path / "o"
    code, _, err = cli("run", qingxu, "--set", "policy.stars.maximum=0", "--out", out)
    assert code == 2 and "Traceback" not in err
    assert not out.exists()


def test_role_codes_are_the_documented_ones():
    assert roles.HEAD_ROLES == ("secretary_director", "secretary", "director", "community_secretary", "sent_secretary")
