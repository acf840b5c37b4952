"""CPU seconds of one county replication (Qingxu, 10 years) in one process, the rulebook's speed bound (issue 17).

    .venv/bin/python benchmarks/replication_cpu.py                        # 30 replications, as shipped
    .venv/bin/python benchmarks/replication_cpu.py --set run.burn_in_years=0
    PYTHONPATH=<other checkout> .venv/bin/python <other checkout>/benchmarks/replication_cpu.py   # another commit

Prints the mean process CPU seconds per replication after one warm-up replication (imports, compilation and the
life tables are not counted). Run on a quiet machine, before and after, back to back.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Time the replications and print the mean."""
    from simtoolkit.model import CountyModel
    from simtoolkit.scenario import load_scenario

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default=str(ROOT / "scenarios" / "qingxu.toml"))
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--set", action="append", default=[], help="KEY=VALUE changes (integers)")
    args = parser.parse_args()
    changes = {"run.years": args.years, **{k: int(v) for k, v in (s.split("=", 1) for s in args.set)}}
    scenario = load_scenario(args.scenario, changes)
    CountyModel(scenario, replication=999).run()  # warm-up
    start = time.process_time()
    for rep in range(args.reps):
        CountyModel(scenario, replication=rep).run()
    print(f"{(time.process_time() - start) / args.reps:.4f} CPU s per replication ({args.reps} replications, {args.years} years)")


if __name__ == "__main__":
    main()
