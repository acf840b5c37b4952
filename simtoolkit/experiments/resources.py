"""Before a run starts: how much memory and CPU time it will take, from its size alone.

The estimate is a sum of measured costs per unit of the model's size, not a promise: it is there to
refuse what cannot fit in this machine's memory (a county of 2×10¹⁰ households) and to warn before
a run that would take hours (100,000 replications of 60 years) — both overridable with
``--skip-resource-check``. The costs were measured on this project's 2-core machine (Python 3.13,
numpy, `CountyModel` of December 2026): Qingxu (50,161 households, 166 villages) 0.010 CPU s and
~3 MB a simulated year beyond the 214 MB of a process with the toolkit imported; 100× its households
5.0 million households in 0.67 CPU s a year and 131 MB more; Shanxi (6.0 million households, 778,000
members, 27,000 heads) 0.94 CPU s and 175 MB more; and from benchmarks/README.md, the country (10.2 million grid
rows, 30.5 million members, 730,000 heads) 36–70 CPU s and a 1.9–2.5 GB peak for one year. They are rounded up,
so the estimate errs high (about twice Qingxu's measured time, which the issue's "33 CPU-hours" for 100,000
replications of 60 years matches).
"""

from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass

from simtoolkit.errors import InputError
from simtoolkit.experiments.words import word
from simtoolkit.scenario import Scenario

PROCESS_BYTES = 250e6  # a Python process with the toolkit imported (214 MB measured)
HOUSEHOLD_BYTES = 40.0  # per household row (or grid row), columns and temporaries (~26 measured)
MEMBER_BYTES = 60.0  # per party member
HEAD_BYTES = 1e3  # per head: its columns and the effort choice's grid × outcomes temporaries (computed in blocks)
YEAR_SECONDS = 0.003  # CPU seconds a simulated year costs whatever the size
HOUSEHOLD_MONTH_SECONDS = 1.2e-8  # per household (or grid) row and month (~11 ns measured)
HEAD_YEAR_SECONDS = 3e-6  # per head and year: rating, pay, the effort choice
MEMBER_YEAR_SECONDS = 1.8e-6  # per party member and year: monthly points, the reserve (the country's time)
RECORD_BYTES = 400.0  # a stored replication, per township and year (stars by role and level, cost cells)
TABLE_BYTES = 33 * 150.0  # the output tables' rows (~33) per township and year, as pandas holds them (~60 B) while joining
WARN_SECONDS = 3600.0  # warn before a run estimated to take longer than an hour
GIB = 2**30


@dataclass(frozen=True)
class Size:
    """What a replication's cost grows with."""

    townships: int
    villages: int
    households: int  # household rows (or grid rows when households are held as grids)
    members: int


@dataclass(frozen=True)
class Estimate:
    """A run's estimated CPU time, the memory of one model, and the memory of the results held at the end."""

    cpu_seconds: float
    model_bytes: float
    result_bytes: float


def scenario_size(scenario: Scenario) -> Size:
    """Townships, villages, household rows and members a scenario's population will have, from its parameters."""
    year = scenario.value("run.start_year")
    value = lambda key, default=0.0: scenario.value(key, year) if key in scenario.values else default  # noqa: E731
    if "population.generated_townships" in scenario.values:
        townships = int(value("population.generated_townships"))
        villages, communities = int(value("population.generated_villages")), int(value("population.generated_communities"))
    else:
        rows = scenario.value("population.townships")
        townships = len(rows)
        villages, communities = sum(r["villages"] for r in rows), sum(r["communities"] for r in rows)
    households = villages * value("population.households_per_village") + communities * value("population.households_per_community")
    if value("population.household_representation", "rows") == "grids":
        households /= max(1.0, value("population.grid_size_max", 1.0))
    members = villages * value("population.members_per_village") + communities * value("population.members_per_community")
    return Size(townships, villages + communities, int(households), int(members))


def estimate(scenario: Scenario, replications: int, years: int, tables: bool = True) -> Estimate:
    """CPU seconds of every replication, bytes of one model running, bytes of the results of all of them
    (their records and, with `tables`, the output tables built from them)."""
    size = scenario_size(scenario)
    heads = 1.25 * size.villages  # a separate director in some villages
    per_year = (YEAR_SECONDS + 12 * HOUSEHOLD_MONTH_SECONDS * size.households + HEAD_YEAR_SECONDS * heads
                + MEMBER_YEAR_SECONDS * size.members)
    model = HOUSEHOLD_BYTES * size.households + MEMBER_BYTES * size.members + HEAD_BYTES * heads
    results = replications * years * max(1, size.townships) * (RECORD_BYTES + (TABLE_BYTES if tables else 0.0))
    simulated = years + int(scenario.values.get("run.burn_in_years", 0))  # burn-in years are simulated, not reported
    return Estimate(replications * simulated * per_year, model, results)


def available_memory() -> float | None:
    """Bytes of memory this machine can still give (MemAvailable), or None where it cannot be read."""
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return float(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return float(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return None


def gib(n: float) -> str:
    """Bytes as GiB with a sensible precision."""
    return f"{n / GIB:,.1f} GiB" if n >= GIB / 10 else f"{n / 2**20:,.0f} MiB"


def duration(seconds: float, lang: str) -> str:
    """Seconds as hours or minutes, in 'zh' or 'en'."""
    if seconds >= 3600:
        return word("hours", lang, n=f"{seconds / 3600:,.1f}")
    return word("minutes", lang, n=f"{max(1, math.ceil(seconds / 60)):,}")


def check_resources(runs: list[tuple[Scenario, int]], years: int, workers: int, skip: bool = False,
                    memory: float | None = None, local: bool = True, tables: bool = True, lang: str = "en") -> Estimate | None:
    """Refuse a run whose memory cannot fit (InputError saying how much it needs); warn on stderr when it is long.

    `runs` are (scenario, replications) pairs; `workers` models run at once (one each); `local` False
    (a remote Dask cluster) checks only the results this process will hold; `tables` False (an analysis, which
    keeps a few outcomes per replication) counts no result tables. `skip` checks nothing. The warning speaks `lang`.
    """
    if skip:
        return None
    parts = [estimate(s, reps, years, tables) for s, reps in runs]
    total = Estimate(sum(p.cpu_seconds for p in parts), max(p.model_bytes for p in parts), sum(p.result_bytes for p in parts))
    need = PROCESS_BYTES + total.result_bytes + (min(workers, sum(r for _, r in runs)) * (PROCESS_BYTES + total.model_bytes)
                                                 if local else 0.0)
    have = available_memory() if memory is None else memory
    if have is not None and need > have:
        raise InputError(f"this run needs about {gib(need)} of memory ({gib(total.model_bytes)} for each model running, "
                         f"{gib(total.result_bytes)} for the results) but {gib(have)} is available; use fewer replications, "
                         "years or workers, a smaller population, or add --skip-resource-check to try anyway")
    wall = total.cpu_seconds / max(1, workers)
    if wall > WARN_SECONDS:
        print(word("long_run", lang, wall=duration(wall, lang), workers=workers, cpu=duration(total.cpu_seconds, lang),
                   memory=gib(need)), file=sys.stderr)
    return total
