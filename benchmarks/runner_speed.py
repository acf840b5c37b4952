"""Speed of the experiment runner: R replications × Y years of a scenario on local worker processes, and its overhead.

Measured, in this order:
1. the model alone: replications one after another in this process (seconds per replication);
2. pure simulation on the pool: the same replications on the same kind of worker processes, in the
   same batches, each task only simulating (no record kept, nothing sent back, nothing written);
3. the runner: ``run_replications(..., workers=W, out=tmp)`` — the same simulations plus scheduling,
   shipping each compact record back and writing it to ``tmp/runs/`` as it arrives;
4. a resume with everything on disk (loading R records), and the ensemble bands over them.

Runner overhead = (3 − 2) / 2: what the runner adds to the wall time of pure simulation on the same cores.

Usage (from the repository root):
    .venv/bin/python benchmarks/runner_speed.py [--reps 1000] [--years 10] [--workers 2] [--scenario scenarios/qingxu.toml]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pure_batch(payload: tuple, replications: list[int], seed: int, years: int) -> float:
    """Simulate replications and return only their CPU seconds (nothing to ship or write)."""
    from simtoolkit.experiments.replicate import run_one
    from simtoolkit.experiments.runner import _rebuild

    scenario = _rebuild(payload)
    start = time.process_time()
    for k in replications:
        run_one(scenario, k, seed, years)
    return time.process_time() - start


def main_cpu() -> float:
    """CPU seconds of this (the main) process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def step_costs(results, repeat: int = 20) -> dict[str, float]:
    """CPU milliseconds per replication of each step the runner adds to a simulation."""
    import pickle

    from simtoolkit.experiments.record import Record

    costs = {}
    start = time.process_time()
    for _ in range(repeat):
        records = [Record.from_result(r) for r in results]
    costs["compact record"] = (time.process_time() - start) / (repeat * len(results)) * 1000
    start = time.process_time()
    for _ in range(repeat):
        blobs = [pickle.dumps(r) for r in records]
        [pickle.loads(b) for b in blobs]
    costs["ship (pickle both ways)"] = (time.process_time() - start) / (repeat * len(results)) * 1000
    with tempfile.TemporaryDirectory() as tmp:
        start = time.process_time()
        for i in range(repeat * len(results)):
            records[i % len(records)].save(Path(tmp, f"r{i}.npz"))
        costs["write .npz"] = (time.process_time() - start) / (repeat * len(results)) * 1000
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=1000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20230)
    parser.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "qingxu.toml")
    parser.add_argument("--calibration", type=int, default=20, help="replications timed in this process (step 1)")
    args = parser.parse_args()

    from simtoolkit.experiments.ensemble import Ensemble
    from simtoolkit.experiments.executors import _process_pool
    from simtoolkit.experiments.replicate import run_one
    from simtoolkit.experiments.runner import batch_size, portable, run_replications
    from simtoolkit.scenario import load_scenario

    scenario = load_scenario(args.scenario)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average before: {os.getloadavg()[0]:.2f}")
    print(f"scenario {args.scenario.name}: {args.reps} replications × {args.years} years, {args.workers} workers")

    run_one(scenario, 0, args.seed, args.years)  # warm caches
    start, cpu = time.perf_counter(), time.process_time()
    for k in range(args.calibration):
        run_one(scenario, k, args.seed, args.years)
    wall_rep = (time.perf_counter() - start) / args.calibration
    per_rep = (time.process_time() - cpu) / args.calibration
    print(f"1. model alone, in this process: {per_rep:.3f} CPU s ({wall_rep:.3f} s wall) per replication "
          f"(so {per_rep * args.reps / args.workers:.1f} s for {args.reps} on {args.workers} idle cores at perfect scaling)")

    results = [run_one(scenario, k, args.seed, args.years) for k in range(5)]
    per_step = step_costs(results)
    print("   the runner's own steps per replication (CPU ms, in this process): "
          + ", ".join(f"{name} {ms:.2f}" for name, ms in per_step.items())
          + f"; together {sum(per_step.values()) / (per_rep * 1000) * 100:.1f} % of a replication")

    size = batch_size(args.reps, args.workers)
    payload = portable(scenario)
    with _process_pool(args.workers) as pool:
        list(pool.map(pure_batch, [payload] * args.workers, [[0]] * args.workers, [args.seed] * args.workers, [1] * args.workers))
        start = time.perf_counter()
        chunks = [list(range(i, min(i + size, args.reps))) for i in range(0, args.reps, size)]
        futures = [pool.submit(pure_batch, payload, c, args.seed, args.years) for c in chunks]
        pure_cpu = sum(f.result() for f in futures)
        pure = time.perf_counter() - start
    print(f"2. pure simulation on {args.workers} worker processes ({len(chunks)} batches of {size}): {pure:.1f} s wall, "
          f"{pure_cpu:.1f} CPU s ({pure_cpu / args.reps:.3f} per replication; {pure_cpu / args.workers:.1f} s on "
          f"{args.workers} idle cores)")

    with tempfile.TemporaryDirectory(prefix="runner-speed-") as tmp:
        start, cpu = time.perf_counter(), main_cpu()
        outcome = run_replications(scenario, args.reps, args.seed, args.years, executor="local", workers=args.workers,
                                   out=tmp, progress=False)
        runner, runner_main_cpu = time.perf_counter() - start, main_cpu() - cpu
        stored = sum(p.stat().st_size for p in Path(tmp, "runs").rglob("*.npz"))
        sim = outcome.simulate_seconds
        print(f"3. runner (start workers, schedule, ship records, write each to disk): {runner:.1f} s wall; "
              f"{sim:.1f} CPU s simulating in the workers; {runner_main_cpu:.1f} CPU s in the main process "
              f"(scheduling, receiving, writing); {stored / 1e6:.1f} MB on disk")
        print(f"   overhead, wall: {(runner - pure) / pure * 100:+.1f} % over pure simulation ({runner - pure:+.1f} s)")
        print(f"   overhead, CPU: main process {runner_main_cpu / sim * 100:.1f} % of simulation CPU; "
              f"records made and shipped in the workers {(sim - pure_cpu) / pure_cpu * 100:+.1f} % "
              f"(simulation CPU with records vs without)")
        idle = (sim + runner_main_cpu) / args.workers
        print(f"   on {args.workers} idle cores this is about {idle:.1f} s of wall time")

        start = time.perf_counter()
        again = run_replications(scenario, args.reps, args.seed, args.years, executor="local", workers=args.workers,
                                 out=tmp, progress=False)
        resume = time.perf_counter() - start
        assert again.ran == 0 and again.reused == args.reps
        start = time.perf_counter()
        ensemble = Ensemble(again.complete("scenario"))
        tables = [ensemble.metrics(), ensemble.stars(), ensemble.costs(), ensemble.indicators()]
        bands = time.perf_counter() - start
        print(f"4. resume with all {args.reps} on disk: {resume:.1f} s; bands of every output over them: {bands:.1f} s "
              f"({sum(len(t) for t in tables)} rows)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print(f"target: {args.reps} replications in under a minute on {args.workers} cores: measured {runner:.1f} s wall, "
          f"about {idle:.1f} s on idle cores; overhead under 10 %: {(runner - pure) / pure * 100:.1f} % wall, "
          f"{(runner_main_cpu + max(sim - pure_cpu, 0)) / pure_cpu * 100:.1f} % CPU")


if __name__ == "__main__":  # worker processes import this file: only the main process runs the benchmark
    main()
