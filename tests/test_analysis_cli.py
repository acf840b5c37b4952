"""The contracts of `simtoolkit sensitivity`, `calibrate` and `optimise`: files, columns, BOM, manifest, resume, exit 2."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from simtoolkit.scenario import load_scenario

BOM = b"\xef\xbb\xbf"
FAST = ("--workers", "1", "--seed", "3")


def header(path):
    """The first line of a CSV file that starts with a BOM."""
    raw = path.read_bytes()
    assert raw.startswith(BOM), path
    return raw[3:].decode("utf-8").splitlines()[0]


def test_sensitivity_files_columns_and_resume(cli, qingxu, tmp_path):
    out = tmp_path / "s"
    args = ("sensitivity", qingxu, "--param", "behaviour.performance.base_fraction=0.65:0.85",
            "--param", "policy.stars.award_per_star=500:1500", "--output", "heads_1_stars@1", "--output", "fiscal_cost@1",
            "--samples", "4", "--out", out, "--lang", "en", *FAST)
    code, stdout, err = cli(*args)
    assert code == 0, err
    assert header(out / "sobol.csv") == "output,parameter,S1,S1_low,S1_high,ST,ST_low,ST_high"
    assert header(out / "samples.csv") == ("sample,behaviour.performance.base_fraction,policy.stars.award_per_star,"
                                           "heads_1_stars@1,fiscal_cost@1")
    assert len(pd.read_csv(out / "samples.csv", encoding="utf-8-sig")) == 4 * (2 + 2)
    assert (out / "sensitivity.png").read_bytes().startswith(b"\x89PNG")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["command"] == "sensitivity" and manifest["method"] == "sobol" and manifest["years"] == 1
    assert manifest["seed"] == 3 and manifest["replications"] == 1 and manifest["common_random_numbers"] is True
    assert [f["key"] for f in manifest["factors"]] == ["behaviour.performance.base_fraction", "policy.stars.award_per_star"]
    assert "16 replications run, 0 reused" in stdout
    first = (out / "sobol.csv").read_bytes()
    code, stdout, err = cli(*args)  # the same command again: every run is reused, the same indices
    assert code == 0 and "0 replications run, 16 reused" in stdout
    assert (out / "sobol.csv").read_bytes() == first


def test_morris_columns(cli, qingxu, tmp_path):
    out = tmp_path / "m"
    code, _, err = cli("sensitivity", qingxu, "--method", "morris", "--param", "behaviour.performance.base_fraction=0.65:0.85",
                       "--output", "heads_0_stars@1", "--samples", "3", "--out", out, *FAST)
    assert code == 0, err
    assert header(out / "morris.csv") == "output,parameter,mu,mu_star,mu_star_low,mu_star_high,sigma"
    assert len(pd.read_csv(out / "samples.csv", encoding="utf-8-sig")) == 3 * (1 + 1)


def test_calibrate_files_and_overlay(cli, qingxu, tmp_path):
    out = tmp_path / "c"
    code, stdout, err = cli("calibrate", qingxu, "--targets", "qingxu_initial_rating", "--param",
                            "behaviour.performance.base_fraction=0.65:0.85", "--samples", "6", "--rounds", "2", "--reps", "1",
                            "--check-reps", "2", "--set", "policy.grades.excellent_quota=10", "--out", out, *FAST)
    assert code == 0, err
    assert header(out / "estimates.csv") == "parameter,estimate,posterior_mean,posterior_sd,low,high,prior_low,prior_high,accepted"
    assert header(out / "fit.csv") == "output,target,tolerance,simulated,miss,miss_tolerances,source"
    assert header(out / "check.csv") == "output,target,tolerance,mean,low,high,within"
    assert header(out / "evaluations.csv") == ("round,behaviour.performance.base_fraction,heads_2_stars@1,heads_1_stars@1,"
                                               "heads_0_stars@1,distance,accepted")
    assert (out / "calibration.png").exists()
    estimate = pd.read_csv(out / "estimates.csv", encoding="utf-8-sig")["estimate"].iloc[0]
    fitted = load_scenario(out / "fitted.toml")  # the overlay extends the base and sets the estimate and --set values
    assert fitted.raw("behaviour.performance.base_fraction") == estimate
    assert fitted.files[0].resolve() == qingxu.resolve() and fitted.raw("policy.grades.excellent_quota") == 10
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["check_seed"] == 4 and manifest["epsilon"] == 3 and manifest["overlay"] == "fitted.toml"
    assert isinstance(manifest["reproduces"], bool)


def test_optimise_files(cli, qingxu, tmp_path):
    out = tmp_path / "o"
    code, stdout, err = cli("optimise", qingxu, "--param", "policy.stars.award_per_star=0:3000", "--objective",
                            "share_2plus_stars@2", "--ceiling", "99,000,000", "--samples", "4", "--rounds", "2", "--reps", "1",
                            "--out", out, *FAST)
    assert code == 0, err
    assert header(out / "evaluations.csv") == "generation,policy.stars.award_per_star,share_2plus_stars@2,fiscal_cost@max,feasible"
    assert header(out / "frontier.csv") == header(out / "evaluations.csv")
    assert header(out / "best.csv") == "policy.stars.award_per_star,share_2plus_stars@2,fiscal_cost@max"
    best = load_scenario(out / "best.toml")
    row = pd.read_csv(out / "best.csv", encoding="utf-8-sig").iloc[0]
    assert best.raw("policy.stars.award_per_star") == row["policy.stars.award_per_star"]
    assert row["fiscal_cost@max"] <= 99_000_000 and (out / "frontier.png").exists()


@pytest.mark.parametrize("args,message", [
    (("sensitivity", "{q}", "--param", "policy.stars.award_per_stars=1:2", "--output", "fiscal_cost@1"), "did you mean"),
    (("sensitivity", "{q}", "--param", "policy.stars.award_per_star=2000:500", "--output", "fiscal_cost@1"), "must be below"),
    (("sensitivity", "{q}", "--param", "policy.stars.award_roles=1:2", "--output", "fiscal_cost@1"), "only numbers can vary"),
    (("sensitivity", "{q}", "--param", "policy.grades.excellent_quota=0:300", "--output", "fiscal_cost@1"), "above the parameter's maximum"),
    (("sensitivity", "{q}", "--param", "policy.stars.award_per_star=500:2000", "--output", "fiscal_cost@99"), "outside the"),
    (("sensitivity", "{q}", "--param", "policy.stars.award_per_star=500:2000", "--output", "stars_galore"), "unknown measure"),
    (("sensitivity", "{q}", "--param", "policy.stars.award_per_star=500:2000", "--output", "fiscal_cost@1", "--samples", "100"), "power of two"),
    (("sensitivity", "{q}", "--output", "fiscal_cost@1"), "at least one parameter"),
    (("sensitivity", "missing.toml", "--param", "policy.stars.award_per_star=500:2000", "--output", "fiscal_cost@1"), "file not found"),
    (("calibrate", "{q}", "--param", "behaviour.heads.ability_sd=1:9"), "--targets"),
    (("calibrate", "{q}", "--param", "behaviour.heads.ability_sd=1:9", "--targets", "nowhere.csv"), "no such file"),
    (("calibrate", "{q}", "--param", "behaviour.heads.ability_sd=1:9", "--target", "heads_2_stars@1=many"), "numbers"),
    (("optimise", "{q}", "--param", "policy.stars.award_per_star=0:3000", "--objective", "share_2plus_stars", "--ceiling", "-5"), "0 or more"),
    (("optimise", "{q}", "--param", "policy.stars.award_per_star=0:3000", "--objective", "happiness@1", "--ceiling", "1e7"), "unknown measure"),
])
def test_bad_input_exits_2_and_writes_nothing(cli, qingxu, tmp_path, args, message):
    out = tmp_path / "never"
    code, stdout, err = cli(*(str(a).replace("{q}", str(qingxu)) for a in args), "--out", out, "--workers", "1")
    assert code == 2, (stdout, err)
    assert message in err and "Traceback" not in err
    assert not out.exists()
