"""Fit Qingxu's behaviour parameters to the published initial rating (simulated method of moments).

    .venv/bin/python scripts/calibrate_qingxu.py            # fit, print moments vs targets
    .venv/bin/python scripts/calibrate_qingxu.py --write    # … and write the fitted values into scenarios/qingxu.toml

Stage 1 fits base_fraction, ability_sd and director_ability_shift (simtoolkit.analysis.moments.FITTED)
to the initial rating's counts by role and its star awards, Nelder–Mead from the values in the file, with
common random numbers over replications 0..reps-1. Stage 2 sets intrinsic_value so that, on average, heads'
best response under the Qingxu rules is the initial effort. See docs/model.md §Calibration.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from simtoolkit.analysis import moments as calibration
from simtoolkit.scenario import load_scenario

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "qingxu.toml"


def write_values(path: Path, values: dict[str, float]) -> None:
    """Replace `name = value` lines inside their `[section]` of the scenario file, leaving the rest as it is."""
    text = path.read_text(encoding="utf-8")
    for key, value in values.items():
        section, name = key.rsplit(".", 1)
        pattern = re.compile(rf"(\[{re.escape(section)}\][^\[]*?^{name} = )[^\n]*", re.M | re.S)
        text, n = pattern.subn(rf"\g<1>{float(f'{value:.4g}'):g}", text)  # 4 significant digits, no exponent
        if n != 1:
            raise SystemExit(f"{path}: could not find {key}")
    path.write_text(text, encoding="utf-8")


def main() -> int:
    """Run both stages and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=100, help="replications per moment evaluation (default 100)")
    parser.add_argument("--evaluations", type=int, default=60, help="most objective evaluations in stage 1")
    parser.add_argument("--write", action="store_true", help="write the fitted values into scenarios/qingxu.toml")
    args = parser.parse_args()
    scenario = load_scenario(SCENARIO)
    print("stage 1: initial rating (distance, parameters)")
    fitted = calibration.fit(scenario, args.reps, args.evaluations)
    scenario = scenario.with_changes(fitted)
    print("stage 2: intrinsic value of effort")
    fitted["behaviour.effort.intrinsic_value"] = calibration.fit_intrinsic_value(scenario, max(args.reps // 5, 10))
    scenario = scenario.with_changes(fitted)
    simulated = calibration.moments(scenario, args.reps)
    print(f"{'moment':16} {'simulated':>10} {'target':>10} {'tolerance':>10}")
    for key, target in calibration.targets().items():
        print(f"{key:16} {simulated[key]:10.2f} {target.value:10.0f} {target.tolerance:10.0f}")
    print("fitted:", ", ".join(f"{k} = {v:.4g}" for k, v in fitted.items()))
    if args.write:
        write_values(SCENARIO, fitted)
        print(f"written to {SCENARIO}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
