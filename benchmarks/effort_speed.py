"""CPU time of one yearly effort choice (`CountyModel.choose_effort`), median of repeats.

    .venv/bin/python benchmarks/effort_speed.py                       # Qingxu (201 heads) and Shanxi (27,000 heads)
    .venv/bin/python benchmarks/effort_speed.py --scenarios qingxu --years 2 --repeats 200

Each scenario's model runs `--years` years first (so heads have grades, scores and stars), then the
choice is timed with `time.process_time` on the model's own state and parameters. Targets (issue 6
work, benchmarks/README.md "Effort choice"): ≤ 1.5 ms at 200 heads, ≤ 0.4 s at 27,000 heads.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from simtoolkit.model import CountyModel
from simtoolkit.scenario import load_scenario

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def measure(name: str, years: int, repeats: int) -> tuple[int, float, float]:
    """Heads, median and minimum CPU seconds of `choose_effort` after `years` simulated years."""
    model = CountyModel(load_scenario(SCENARIOS / f"{name}.toml"), replication=0, years=years)
    model.run()
    P = model.params()
    model.choose_effort(P)  # the first call builds the cached tables of the year
    times = []
    for _ in range(repeats):
        start = time.process_time()
        model.choose_effort(P)
        times.append(time.process_time() - start)
    return len(model.world.heads), statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", default="qingxu,shanxi")
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=0, help="default: 200 for a county, 7 for a province")
    args = parser.parse_args()
    for name in args.scenarios.split(","):
        province = name == "shanxi"
        years = min(args.years, 1) if province else args.years  # a province year is enough state and costs ~20 s
        heads, median, best = measure(name, years, args.repeats or (7 if province else 200))
        print(f"{name}: {heads} heads, choose_effort median {1000 * median:.2f} ms, min {1000 * best:.2f} ms")


if __name__ == "__main__":
    main()
