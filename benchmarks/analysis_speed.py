"""How long a Sobol study takes: 8 parameters, Saltelli design with N base samples, one replication per sample.

Runs `simtoolkit sensitivity` in this process, exactly as a user would (validation, the runner on
local worker processes, the run store, the indices, the figure), on the Qingxu scenario, and prints
one JSON line on stderr: points, workers, wall seconds, seconds per point, the machine's load before and after.

    .venv/bin/python benchmarks/analysis_speed.py                  # the issue's study: N = 512 → 5,120 runs
    .venv/bin/python benchmarks/analysis_speed.py --samples 64     # a smaller design (640 runs), same per-run cost

The study's time is the number of points times the time of one run, divided by the workers:
every point is an independent run of the same size, so a smaller design measures the same rate.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARAMS = [
    "policy.stars.award_per_star=500:2000",
    "policy.performance.excellent=100:200",
    "policy.performance.qualified=80:120",
    "policy.grades.excellent_quota=5:20",
    "policy.pension.per_star=0:200",
    "policy.retirement.per_star_monthly=0:30",
    "behaviour.performance.base_fraction=0.6:0.85",
    "behaviour.heads.ability_sd=3:10",
]
OUTPUTS = ["fiscal_cost@3", "share_2plus_stars@3", "mean_score@3"]


def main() -> int:
    """Run the study once and print its timing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=512, help="Saltelli base samples N (a power of two; default 512)")
    parser.add_argument("--workers", type=int, default=2, help="local worker processes (default 2)")
    parser.add_argument("--scenario", default=str(ROOT / "scenarios" / "qingxu.toml"))
    args = parser.parse_args()

    from simtoolkit.cli.main import main as cli

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        command = ["sensitivity", args.scenario, *(a for p in PARAMS for a in ("--param", p)),
                   *(a for o in OUTPUTS for a in ("--output", o)), "--samples", str(args.samples), "--reps", "1",
                   "--workers", str(args.workers), "--out", str(Path(tmp) / "study"), "--lang", "en"]
        start = time.perf_counter()
        code = cli(command)
        wall = time.perf_counter() - start
    points = args.samples * (len(PARAMS) + 2)
    print(json.dumps({"samples": args.samples, "parameters": len(PARAMS), "points": points, "replications_per_point": 1,
                      "years": 3, "workers": args.workers, "exit_code": code, "wall_seconds": round(wall, 1),
                      "seconds_per_point_per_worker": round(wall * args.workers / points, 3),
                      "load_before": [round(x, 1) for x in load_before], "load_after": [round(x, 1) for x in os.getloadavg()],
                      "cpus": os.cpu_count(), "python": platform.python_version()}), file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
