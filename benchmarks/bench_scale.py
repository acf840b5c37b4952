"""Scale benchmarks of issue 13: county vs the object-per-agent Mesa reference, province, country.

    .venv/bin/python benchmarks/bench_scale.py                       # every scale, 3 repeats, medians
    .venv/bin/python benchmarks/bench_scale.py --scales county,province --repeats 5 --markdown

Each measurement runs in a fresh child process pinned to one core, so peak memory (the child's
maximum resident set) belongs to that run alone. The province child first measures a numpy
memory-bandwidth probe on arrays as long as the province's household table: the floor a
household-month is compared with. The county child times CountyModel five times around the Mesa
reference's one run and takes the mean, with the compiled households' step as the runner's and the
dashboard's workers run it (SIMTOOLKIT_NUMBA=1), then five more runs with its numpy twin. Times are given as CPU seconds of the process (what a shared,
loaded machine distorts least) and as wall seconds. Targets are printed next to the results; they
are reported, never asserted (benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
SCALES = ("county", "province", "province_grids", "country")
# targets from issue 13 (benchmark goals, not policy)
COUNTY_SPEEDUP_TARGET = 50.0
PROVINCE_SECONDS_TARGET = 60.0
PROVINCE_PEAK_GB_TARGET = 4.0
PROBE_RATIO_TARGET = 10.0
COUNTRY_MEMORY_GB = 24.0
COUNTY_NUMPY_RUNS = 5  # CountyModel runs per county child (their mean), around the reference's one run


def bandwidth_probe(n: int, repeats: int = 5) -> dict:
    """ns per element and GB/s of numpy's streaming add `a = b + c` in float64 (24 bytes moved per element)."""
    import numpy as np

    b, c, a = np.ones(n), np.ones(n), np.empty(n)
    np.add(b, c, out=a)  # touch the pages first
    best = min(_timed(lambda: np.add(b, c, out=a)) for _ in range(repeats))
    return {"probe_ns_per_element": 1e9 * best / n, "probe_gb_per_s": 24 * n / best / 1e9}


def _timed(fn) -> float:
    """Wall seconds of one call."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _cpu_timed(fn) -> tuple[float, float]:
    """(wall, CPU) seconds of one call: CPU time is what a shared, loaded machine distorts least."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def run_county(years: int = 10, numpy_runs: int = COUNTY_NUMPY_RUNS) -> dict:
    """Qingxu for `years` with CountyModel and with the Mesa reference, in this process.

    CountyModel's run (~0.15 s) is short enough for a moment of load to move it a lot, so it is timed
    `numpy_runs` times, half before and half after the reference's one run (~10 s), and the mean taken: like
    the reference's long run, a total over the moments it ran in (a median would drop the loaded moments
    for the short runs only).
    """
    sys.path.insert(0, str(Path(__file__).parent))
    from mesa_reference import ReferenceModel

    from simtoolkit.model import CountyModel
    from simtoolkit.scenario import load_scenario

    scenario = load_scenario(SCENARIOS / "qingxu.toml")
    os.environ["SIMTOOLKIT_NUMBA"] = "1"  # as replications run in the runner's and the dashboard's workers (simtoolkit/jit.py)
    CountyModel(scenario, replication=0, years=1).run()  # warm imports, caches and compiled kernels for both

    def numpy_model(runs: int) -> list[tuple[float, float]]:
        return [_cpu_timed(lambda: CountyModel(scenario, replication=0, years=years).run()) for _ in range(runs)]

    numpy_times = numpy_model(numpy_runs // 2)
    mesa_seconds, mesa_cpu = _cpu_timed(lambda: ReferenceModel(scenario, replication=0, years=years).run())
    numpy_times += numpy_model(numpy_runs - numpy_runs // 2)
    numpy_seconds, numpy_cpu = (statistics.fmean(t[i] for t in numpy_times) for i in (0, 1))
    os.environ["SIMTOOLKIT_NUMBA"] = "0"  # a single cold run: the numpy twin, numba not worth loading
    twin_cpu = statistics.fmean(t[1] for t in numpy_model(numpy_runs))
    return {"seconds": numpy_seconds, "mesa_seconds": mesa_seconds, "cpu_seconds": numpy_cpu, "mesa_cpu_seconds": mesa_cpu,
            "speedup": mesa_cpu / numpy_cpu, "years": years, "numpy_runs": numpy_runs,
            "twin_cpu_seconds": twin_cpu, "twin_speedup": mesa_cpu / twin_cpu}


def run_scenario(name: str, changes: dict | None = None, probe: bool = False) -> dict:
    """Build and run a shipped scenario for its own years; sizes, build and run seconds."""
    from simtoolkit.model import CountyModel
    from simtoolkit.scenario import load_scenario

    scenario = load_scenario(SCENARIOS / f"{name}.toml")
    if changes:
        scenario = scenario.with_changes(changes)
    out = {}
    if probe:  # on arrays as long as the household table, in this process, before the model exists
        households = scenario.value("population.generated_villages") * scenario.value("population.households_per_village") + \
            scenario.value("population.generated_communities") * scenario.value("population.households_per_community")
        out.update(bandwidth_probe(int(households)))
    start, cpu_start = time.perf_counter(), time.process_time()
    model = CountyModel(scenario, replication=0)
    built, cpu_built = time.perf_counter(), time.process_time()
    model.run()
    done, cpu_done = time.perf_counter(), time.process_time()
    w = model.world
    households = int(w.villages.households.sum())
    out.update({"build_seconds": built - start, "run_seconds": done - built, "seconds": done - start, "years": model.years,
                "cpu_seconds": cpu_done - cpu_start, "run_cpu_seconds": cpu_done - cpu_built,
                "townships": len(w.townships), "organisations": len(w.villages), "heads": len(w.heads),
                "households": households, "household_rows": len(w.households), "members": len(w.members),
                "ns_per_household_month": 1e9 * (cpu_done - cpu_built) / (households * 12 * model.years)})
    if probe:
        out["probe_ratio"] = out["ns_per_household_month"] / out["probe_ns_per_element"]
    return out


def child(scale: str) -> dict:
    """One measurement in this (child) process, pinned to one core."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
    if scale == "county":
        out = run_county()
    elif scale == "province":
        out = run_scenario("shanxi", probe=True)
    elif scale == "province_grids":
        out = run_scenario("shanxi", {"population.household_representation": "grids"}, probe=True)
    else:
        out = run_scenario("china")
    out["peak_gb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e9  # Linux reports KiB
    out["load_1min"], out["finished_unix"] = os.getloadavg()[0], time.time()
    return out


def measure(scale: str) -> dict:
    """Run one child process for `scale` and read its JSON line."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, __file__, "--child", scale], capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{scale} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def medians(runs: list[dict]) -> dict:
    """The median of every field all repeats have (counts, equal across repeats, stay integers; --load may mix versions)."""
    fields = [k for k in runs[0] if all(k in r for r in runs)]
    return {k: (statistics.median_low if isinstance(runs[0][k], int) else statistics.median)(r[k] for r in runs) for k in fields}


def rows(results: dict[str, dict]) -> list[tuple[str, str, str, str]]:
    """(scale, measured, target, met) lines of the benchmark table."""
    out = []
    if "county" in results:
        c = results["county"]
        out.append(("county: Qingxu, 10 years (CPU s)", f"{c['cpu_seconds']:.3f} s numpy vs {c['mesa_cpu_seconds']:.2f} s Mesa objects = {c['speedup']:.1f}×",
                    f"≥ {COUNTY_SPEEDUP_TARGET:.0f}×", _met(c["speedup"] >= COUNTY_SPEEDUP_TARGET)))
        if "twin_speedup" in c:
            out.append(("county: the same without numba (numpy twin of the households' step)",
                        f"{c['twin_cpu_seconds']:.3f} s vs {c['mesa_cpu_seconds']:.2f} s = {c['twin_speedup']:.1f}×", "", ""))
    for key, label in (("province", "province: Shanxi, rows"), ("province_grids", "province: Shanxi, grids")):
        if key in results:
            p = results[key]
            sizes = f"{p['organisations']:,} orgs, {p['heads']:,} heads, {p['households']:,} households ({p['household_rows']:,} rows), {p['members']:,} members"
            out.append((f"{label}, {p['years']} years ({sizes})",
                        f"{p['cpu_seconds']:.1f} s CPU, {p['seconds']:.1f} s wall (build {p['build_seconds']:.1f} s), peak {p['peak_gb']:.2f} GB",
                        f"< {PROVINCE_SECONDS_TARGET:.0f} s, < {PROVINCE_PEAK_GB_TARGET:.0f} GB",
                        _met(p["cpu_seconds"] < PROVINCE_SECONDS_TARGET and p["peak_gb"] < PROVINCE_PEAK_GB_TARGET)))
            out.append((f"{label}: run CPU per household-month vs probe",
                        f"{p['ns_per_household_month']:.2f} ns vs {p['probe_ns_per_element']:.2f} ns ({p['probe_gb_per_s']:.1f} GB/s) = {p['probe_ratio']:.1f}×",
                        f"≤ {PROBE_RATIO_TARGET:.0f}×", _met(p["probe_ratio"] <= PROBE_RATIO_TARGET)))
    if "country" in results:
        c = results["country"]
        sizes = f"{c['organisations']:,} orgs, {c['heads']:,} heads, {c['households']:,} households ({c['household_rows']:,} grid rows), {c['members']:,} members"
        out.append((f"country: China, {c['years']} year ({sizes})",
                    f"{c['cpu_seconds']:.1f} s CPU, {c['seconds']:.1f} s wall (build {c['build_seconds']:.1f} s), peak {c['peak_gb']:.2f} GB",
                    f"completes in {COUNTRY_MEMORY_GB:.0f} GB", _met(c["peak_gb"] < COUNTRY_MEMORY_GB)))
    return out


def _met(ok: bool) -> str:
    """yes / NO."""
    return "yes" if ok else "NO"


def machine(results: dict[str, dict]) -> str:
    """Cores, memory, CPU model, and the load and time when the runs ended (medians per scale)."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0")
    when = "; ".join(f"{s} {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(r['finished_unix']))} (1-min load {r['load_1min']:.1f})"
                     for s, r in results.items() if "finished_unix" in r)
    return f"{os.cpu_count()} cores, {int(memory) / 1024 ** 2:.1f} GiB, {cpu}; Python {platform.python_version()}\nruns ended: {when}"


def print_table(results: dict[str, dict], repeats: int, markdown: bool) -> None:
    """The benchmark table, plain or Markdown."""
    header = ("scale", f"measured (median of {repeats})", "target", "met")
    lines = rows(results)
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for line in lines:
            print("| " + " | ".join(line) + " |")
    else:
        widths = [max(len(str(x[i])) for x in [header, *lines]) for i in range(len(header))]
        for line in [header, *lines]:
            print("  ".join(str(x).ljust(w) for x, w in zip(line, widths)))
    print(f"\nmachine: {machine(results)}")


def main(argv: list[str] | None = None) -> int:
    """Parse options, run the children, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default=",".join(SCALES), help=f"comma-separated, from {', '.join(SCALES)}")
    parser.add_argument("--repeats", type=int, default=3, help="runs per scale; medians are reported")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--json", type=Path, help="also write every run's measurements here")
    parser.add_argument("--load", type=Path, nargs="+", help="print the table from runs saved with --json instead of measuring")
    parser.add_argument("--child", choices=SCALES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child)))
        return 0
    scales = [s.strip() for s in args.scales.split(",") if s.strip()]
    unknown = [s for s in scales if s not in SCALES]
    if unknown:
        parser.error(f"unknown scale(s) {', '.join(unknown)}; choose from {', '.join(SCALES)}")
    runs: dict[str, list[dict]] = {}
    for saved in args.load or []:
        for scale, measured in json.loads(saved.read_text(encoding="utf-8")).items():
            runs.setdefault(scale, []).extend(measured)
    for scale in scales if not args.load else []:
        runs[scale] = [measure(scale) for _ in range(args.repeats)]
        print(f"{scale}: {len(runs[scale])} runs done", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1), encoding="utf-8")
    print_table({s: medians(r) for s, r in runs.items()}, max(len(r) for r in runs.values()), args.markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
