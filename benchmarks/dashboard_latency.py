"""Dashboard latency: from a changed control to the preview and to the full ensemble on the page.

Builds ``Dashboard(scenario, reps=24, years=5, workers=2, debounce=0.0)`` (its first computation, the
unchanged baseline, is part of building), then sets the star award's slider to a new value several
times — the way the slider itself does, through the widget's value, so the control's observer,
validation, scheduling, the pool, summaries and figures all run as on the page — and waits for each
update. For each change it reports (seconds):

- preview: change → the first replications' figures and headlines are on the page;
- final: change → all replications' figures and headlines are on the page;
- model: CPU seconds of the replications the change ran (summed over workers), and model/workers,
  what the model alone costs in wall time on idle cores;
- pool alone: wall seconds of the same number of new replications run on the dashboard's pool
  directly (no widgets, summaries or figures), right after the change: the model's wall time under
  the machine's load at that moment;
- overhead: final − pool alone (what the dashboard adds: validation, scheduling, collecting records,
  summaries, figures, widget messages);
- kernel CPU: CPU seconds of this process (the notebook kernel's share: summaries, figures, widgets);
- figures: seconds drawing figures (preview and final).

Usage (from the repository root):
    .venv/bin/python benchmarks/dashboard_latency.py [--changes 5] [--reps 24] [--years 5] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AWARD = "policy.stars.award_per_star"


def pool_alone(dashboard, award: float, args) -> float:
    """Wall seconds of `args.reps` new replications (an award never shown) on the dashboard's own pool."""
    from simtoolkit.ui.ensemble import Want

    want = Want(dashboard.base.with_changes({AWARD: award}), args.reps, dashboard._settings()[1], args.years)
    started = time.perf_counter()
    dashboard._runs.collect([(want, range(args.reps))])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", default=str(ROOT / "scenarios" / "qingxu.toml"))
    parser.add_argument("--reps", type=int, default=24)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--changes", type=int, default=5)
    args = parser.parse_args()

    from simtoolkit.ui import Dashboard

    load_before = os.getloadavg()
    started = time.perf_counter()
    dashboard = Dashboard(args.scenario, reps=args.reps, years=args.years, workers=args.workers, debounce=0.0, scenarios={})
    built = time.perf_counter() - started
    slider = dashboard.controls.controls[AWARD].editor
    rows = []
    try:
        for i in range(args.changes):
            cpu = time.process_time()
            slider.value = slider.value + slider.step  # a value not seen before: nothing cached
            dashboard.wait()
            t = dict(dashboard.timings, kernel_cpu=time.process_time() - cpu)
            t["model_wall"] = t["model_cpu"] / t["workers"]
            t["pool"] = pool_alone(dashboard, slider.value + slider.step / 2, args)
            t["overhead"] = t["final"] - t["pool"]
            rows.append(t)
            print(f"change {i + 1}: preview {t['preview'] or float('nan'):.2f}  final {t['final']:.2f}  "
                  f"model {t['model_cpu']:.2f} CPU s ({t['ran']} runs) / {t['workers']} = {t['model_wall']:.2f}  "
                  f"pool alone {t['pool']:.2f}  overhead {t['overhead']:.2f}  kernel CPU {t['kernel_cpu']:.2f}  "
                  f"figures {t['figures']:.2f}", flush=True)
    finally:
        dashboard.close()

    print(f"\n{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, "
          f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}")
    print(f"{Path(args.scenario).name}: {args.reps} replications × {args.years} years, {args.workers} workers; "
          f"building the dashboard (baseline included) {built:.1f} s")
    print(f"{'seconds':<28}{'median':>8}{'min':>8}")
    for key, name in (("preview", "change → preview"), ("final", "change → all replications"),
                      ("model_cpu", "model CPU (all workers)"), ("model_wall", "model CPU / workers"),
                      ("pool", "pool alone (wall)"), ("overhead", "overhead (final − pool)"), ("kernel_cpu", "kernel CPU"), ("figures", "drawing figures")):
        values = [r[key] for r in rows if r[key] is not None]
        if values:
            print(f"{name:<28}{statistics.median(values):>8.2f}{min(values):>8.2f}")


if __name__ == "__main__":
    main()
