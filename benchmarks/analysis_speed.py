"""How long a Sobol study takes: 8 parameters, Saltelli design with N base samples, one replication per sample.

Runs the study as `simtoolkit sensitivity` does — the Qingxu scenario, parameters and outcomes
checked, the model function on the experiment runner with local worker processes opened once,
finished runs kept in a run store, SALib's indices — and prints one JSON line: points, workers,
wall seconds, the replications' CPU seconds (summed over workers), the wall time the study would
take on that many idle cores (CPU ÷ workers), and the machine's load before and after.

    .venv/bin/python benchmarks/analysis_speed.py                  # the issue's study: N = 512 → 5,120 runs
    .venv/bin/python benchmarks/analysis_speed.py --samples 64     # a smaller design (640 runs), same cost per run

Every point is an independent run of the same size, so the study's time is points × time per run
÷ workers, and a smaller design measures the same rate.
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

    from simtoolkit.analysis import sensitivity
    from simtoolkit.analysis.study import open_study
    from simtoolkit.experiments.executors import open_backend

    load_before = os.getloadavg()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, open_backend("local", args.workers) as backend:
        study = open_study(args.scenario, {}, PARAMS, OUTPUTS, None, None)
        outcomes = study.outcomes(OUTPUTS)
        function = study.function(outcomes, 1, executor=backend, out=Path(tmp), progress=None)
        result = sensitivity.sobol(lambda p: function(p, strict=True), study.factors, OUTPUTS, args.samples, study.seed)
    wall = time.perf_counter() - start
    points = len(result.points)
    print(json.dumps({"samples": args.samples, "parameters": len(PARAMS), "points": points, "replications_per_point": 1,
                      "years": study.years, "workers": args.workers, "failed": len(function.failures),
                      "wall_seconds": round(wall, 1), "cpu_seconds": round(function.cpu_seconds, 1),
                      "cpu_seconds_per_run": round(function.cpu_seconds / max(1, function.ran), 3),
                      "idle_wall_seconds": round(function.cpu_seconds / args.workers, 1),
                      "load_before": [round(x, 1) for x in load_before], "load_after": [round(x, 1) for x in os.getloadavg()],
                      "cpus": os.cpu_count(), "python": platform.python_version()}))
    return 1 if function.failures else 0


if __name__ == "__main__":
    sys.exit(main())
