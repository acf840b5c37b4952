"""A calibration that could fail (issue 19, item 4): the data's noise in the estimates, a fit check, held-out validation.

Toy models are worked by hand; the Qingxu case fits the unstarred counts and holds out the 180,000 yuan ceremony
(000_e0b0dd193435af35.txt: 为一星级以上村社书记举办星级补贴发放仪式…兑现星级补贴18万元).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from simtoolkit.analysis import calibrate, checked
from simtoolkit.analysis.bootstrap import Emulator, data_check
from simtoolkit.analysis.factors import Factor, parse_factors
from simtoolkit.analysis.outcomes import parse_outcome
from simtoolkit.cli.calibrate_check import in_language
from simtoolkit.errors import InputError
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS
from test_analysis_cli import header

NAMES = ["y1", "y2", "v"]
FACTOR = [Factor("a", 0.0, 1.0)]
K, R = 400, 4  # data replications; replications behind each simulated mean


def target(name: str, value: float, use: str = "fit") -> calibrate.Target:
    """A toy target on an indicator of that name, tolerance 1."""
    return calibrate.Target(parse_outcome(f"{name}@1", 1, 2023, NAMES), value, 1.0, use=use)


def toy(observed_y2: float, observed_v: float):
    """y1 = y2 = 10a (fitted, noise sd 1 each), v = 5a (held out, noise sd 0.5); truth a = 0.3, estimate 0.3."""
    design = np.linspace(0.0, 1.0, 11)[:, None]
    means = np.column_stack([10 * design[:, 0], 10 * design[:, 0], 5 * design[:, 0]])
    rng = np.random.default_rng(1)
    data = np.array([3.0, 3.0, 1.5]) + rng.normal(0.0, [1.0, 1.0, 0.5], size=(K, 3))
    targets = [target("y1", 3.0), target("y2", observed_y2)]
    return data_check(FACTOR, targets, [target("v", observed_v, "validate")], design, means, data, {"a": 0.3}, R, 0.9)


def test_the_refits_spread_as_the_data_noise_says():
    # the refit to (3 + e1, 3 + e2) is a = 0.3 + (e1 + e2)/20, widened by √(1 + 1/R) for the fit's own noise:
    # sd = √2 / 20 × √1.25 = 0.0791; a 90 % band of ± 1.645 sd around 0.3
    result = toy(3.0, 1.5)
    row = result.parameters.iloc[0]
    assert row["estimate"] == 0.3
    assert row["sd"] == pytest.approx(np.sqrt(2) / 20 * np.sqrt(1.25), rel=0.1)
    assert row["low"] == pytest.approx(0.3 - 1.645 * 0.0791, abs=0.02) and row["high"] == pytest.approx(0.3 + 1.645 * 0.0791, abs=0.02)


def test_a_held_out_figure_the_model_predicts_passes_and_one_it_cannot_fails():
    # v − predicted has, under the model, the held-out noise (0.5) and the refit's move (5 × (e1 + e2)/20), both
    # widened by √1.25: sd = √(0.25 + 0.125) × √1.25 = 0.685, a 90 % band of ± 1.13 around 1.5
    right, wrong = toy(3.0, 1.5), toy(3.0, 3.5)
    assert right.validation["passes"].all() and right.passes
    band = right.validation.iloc[0]
    assert band["high"] - band["low"] == pytest.approx(2 * 1.645 * 0.685, rel=0.12)
    assert not wrong.validation["passes"].any() and not wrong.passes and wrong.validation["p_value"].iloc[0] < 0.01


def test_the_fit_check_fails_when_the_fitted_targets_disagree():
    # observed (3, 7) of two outputs that are both 10a: the best a = 0.5 leaves (−2)² + 2² = 8, while a data
    # replication leaves (e1 − e2)²/2 × 1.25 — at least 8 with chance P(χ²₁ ≥ 6.4) ≈ 0.011
    agree, disagree = toy(3.0, 1.5), toy(7.0, 2.5)
    assert agree.fit_check["passes"] and agree.fit_check["p_value"] > 0.5
    # (the level at the estimate is the data replications' mean, 3 ± 1/√400 here, hence the tolerance)
    assert disagree.fit_check["distance"] == pytest.approx(8.0, rel=0.05)
    assert not disagree.fit_check["passes"] and disagree.fit_check["p_value"] < 0.05


def test_the_emulator_is_exact_on_a_quadratic_surface():
    x = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.5, 0.2], [0.2, 0.7], [0.9, 0.4], [0.3, 0.3]])
    y = (1 + 2 * x[:, 0] - x[:, 1] + 3 * x[:, 0] * x[:, 1] + x[:, 1] ** 2)[:, None]
    emulator = Emulator.fit(x, y)
    assert not emulator.linear and emulator.r2[0] == pytest.approx(1.0)
    assert emulator(np.array([0.5, 0.5]))[0, 0] == pytest.approx(1 + 1 - 0.5 + 0.75 + 0.25)


def test_shipped_checked_targets_say_what_each_figure_is_for():
    by_name = {t.outcome.name: t for t in calibrate.read_targets("qingxu_checked", 2, 2023)}
    assert {n: t.use for n, t in by_name.items()} == {"heads_0_stars@1": "fit", "secretaries_0_stars@1": "fit",
                                                        "cost_star_award@2": "validate", "heads_2_stars@1": "identity",
                                                        "heads_1_stars@1": "identity"}
    assert "7人帮带4人" in by_name["secretaries_0_stars@1"].source
    reason = by_name["heads_2_stars@1"].reason  # printed in the run's language
    assert "优秀比例" in in_language(reason, "zh") and "quota" in in_language(reason, "en") and "|" not in in_language(reason, "en")


def test_a_bad_use_names_row_and_column(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("output,value,use\nheads_2_stars@1,20,fit\nheads_0_stars@1,7,checked\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        calibrate.read_targets(str(path), 1, 2023)
    assert "row 3, column use" in "\n".join(exc.value.lines)


@pytest.fixture(scope="module")
def qingxu_checks():
    """The Qingxu check, small: base_fraction fitted to the unstarred heads and secretaries, the ceremony held out; for the
    shipped reading (awards to secretaries) and a mis-specified one (awards to every head)."""
    base = load_scenario(SCENARIOS / "qingxu.toml")
    every_head = ["secretary_director", "secretary", "director", "community_secretary", "sent_secretary"]
    targets = calibrate.read_targets("qingxu_checked", 2, 2023)
    factors = parse_factors(["behaviour.performance.base_fraction=0.7:0.86"])
    out = {}
    for name, scenario in (("right", base), ("wrong", base.with_changes({"policy.stars.award_roles": every_head}))):
        out[name] = checked.checked_fit(scenario, factors, targets, samples=6, rounds=2, reps=2, seed=20230, years=2,
                                        data_reps=30, executor="sequential", progress=False)[1]
    return out


def test_a_mis_specified_qingxu_is_rejected_and_the_shipped_reading_passes(qingxu_checks):
    # with awards to every rated head the ceremony would pay 1,000 × (2 × 20 + 173) ≈ 213,000 yuan, not 180,000;
    # with awards to secretaries only 1,000 × (2 × 19 + 142) = 180,000 (RULES.md §A)
    right, wrong = (qingxu_checks[k].validation.set_index("output").loc["cost_star_award@2"] for k in ("right", "wrong"))
    assert right["passes"] and right["low"] <= 180_000 <= right["high"]
    assert not wrong["passes"] and wrong["predicted"] > 200_000 and not qingxu_checks["wrong"].passes


def test_the_command_prints_the_check_and_writes_its_files(cli, tmp_path):
    out = tmp_path / "c"
    code, stdout, err = cli("calibrate", SCENARIOS / "qingxu.toml", "--targets", "qingxu_checked", "--param",
                            "behaviour.performance.base_fraction=0.7:0.86", "--samples", "4", "--rounds", "1", "--reps", "1",
                            "--check-reps", "2", "--data-reps", "6", "--lang", "en", "--out", out, "--workers", "1")
    assert code == 0, err
    for words in ("Targets (observed)", "held out", "identity, not evidence", "with the data's noise", "Fit check",
                  "Validation against figures not used to fit", "Verdict"):
        assert words in stdout, words
    assert header(out / "uncertainty.csv") == "parameter,estimate,sd,low,high,at_edge"
    assert header(out / "validation.csv") == "output,observed,predicted,low,high,p_value,passes,source"
    assert header(out / "refits.csv") == "replication,behaviour.performance.base_fraction,distance"
    assert header(out / "evaluations.csv").split(",")[2:4] == ["heads_0_stars@1", "secretaries_0_stars@1"]  # fitted only
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["data_reps"] == 6 and manifest["data_seed"] == manifest["seed"] + 2 and isinstance(manifest["validated"], bool)
