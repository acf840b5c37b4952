"""Sweeps: a grid, a list or a Latin hypercube of points over dotted parameters, R replications each.

Every point is the base scenario with some values changed (`Scenario.with_changes`), validated
all at once before anything runs. Every point uses the same seed and replication numbers, so
replication k sees the same shocks at every point (common random numbers) and the response of
cost to a parameter is a smooth curve rather than noise.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from simtoolkit.experiments.ensemble import item_codes, metric_names, metric_values, star_levels
from simtoolkit.experiments.runner import Job, Outcome, run_jobs
from simtoolkit.ledger import FEN_PER_YUAN
from simtoolkit.report.tables import fen_to_text
from simtoolkit.scenario import Problem, Scenario, ScenarioError
from simtoolkit.world.roster import Roster


@dataclass(frozen=True)
class Design:
    """The points of a sweep: each a mapping dotted key → value, in a fixed order."""

    kind: str  # "grid", "list" or "latin_hypercube"
    keys: tuple[str, ...]
    points: tuple[dict[str, Any], ...]

    def describe(self) -> dict[str, Any]:
        """For the manifest."""
        return {"kind": self.kind, "keys": list(self.keys), "points": [dict(p) for p in self.points]}


def grid(axes: Mapping[str, Sequence[Any]]) -> Design:
    """Every combination of the axes' values; the first key varies slowest."""
    keys = tuple(axes)
    points = tuple(dict(zip(keys, combo)) for combo in itertools.product(*(list(axes[k]) for k in keys)))
    return Design("grid", keys, points)


def listed(axes: Mapping[str, Sequence[Any]]) -> Design:
    """Point i takes the i-th value of every key (all lists the same length)."""
    keys = tuple(axes)
    lengths = {len(axes[k]) for k in keys}
    if len(lengths) > 1:
        raise ScenarioError([Problem("--list", k, f"has {len(axes[k])} values; every --list needs the same number") for k in keys])
    n = lengths.pop() if lengths else 0
    return Design("list", keys, tuple({k: axes[k][i] for k in keys} for i in range(n)))


def latin_hypercube(ranges: Mapping[str, tuple[float, float]], samples: int, seed: int = 0,
                    integer_keys: Sequence[str] = (), digits: int = 6) -> Design:
    """`samples` points of a Latin hypercube over [low, high] per key (scipy's sampler, seeded).

    Values are rounded to `digits` significant digits (integers for `integer_keys`), so the value
    written to sweep.csv is exactly the value simulated.
    """
    from scipy.stats import qmc

    keys = tuple(ranges)
    try:
        sampler = qmc.LatinHypercube(d=max(1, len(keys)), rng=np.random.default_rng(seed))
    except TypeError:  # SciPy before 1.15 names it `seed`
        sampler = qmc.LatinHypercube(d=max(1, len(keys)), seed=np.random.default_rng(seed))
    unit = sampler.random(samples)
    points = []
    for row in unit:
        point = {}
        for j, k in enumerate(keys):
            low, high = ranges[k]
            value = low + row[j] * (high - low)
            point[k] = int(round(value)) if k in integer_keys else float(f"{value:.{digits}g}")
        points.append(point)
    return Design("latin_hypercube", keys, tuple(points))


def point_scenarios(base: Scenario, design: Design) -> list[Scenario]:
    """The scenario of every point; raises ScenarioError listing every bad value of every point."""
    scenarios, problems = [], []
    for i, point in enumerate(design.points):
        try:
            scenarios.append(base.with_changes(dict(point), origin=f"sweep point {i + 1}"))
        except ScenarioError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioError(problems)
    return scenarios


@dataclass
class SweepResult:
    """Per point, replication and year: the swept values and the metrics."""

    design: Design
    scenarios: list[Scenario]
    seed: int
    years: int
    reps: int
    outcome: Outcome

    def table(self) -> pd.DataFrame:
        """One row per point, replication and year: swept keys, rep, year, cost_total, cost_fiscal, stars_<n>.

        Costs are exact yuan with two decimals; failed replications have no rows.
        """
        records = [r for i in range(len(self.scenarios)) for r in self.outcome.complete(_name(i))]
        levels, codes = star_levels(records), item_codes(records)
        names = metric_names(levels, codes)
        total, fiscal = names.index("cost:total"), names.index("cost:fiscal")
        first_star = names.index("stars:0")
        rows = []
        for i, point in enumerate(self.design.points):
            for r in self.outcome.complete(_name(i)):
                values = metric_values(r, levels, codes)
                for y in range(r.years):
                    rows.append([*(point[k] for k in self.design.keys), r.replication, r.start_year + y,
                                 int(values[y, total]), int(values[y, fiscal]), *values[y, first_star:].astype(np.int64)])
        columns = [*self.design.keys, "rep", "year", "cost_total", "cost_fiscal", *(f"stars_{n}" for n in range(levels))]
        frame = pd.DataFrame(rows, columns=columns)
        for column in ("cost_total", "cost_fiscal"):
            frame[column] = fen_to_text(frame[column]) if len(frame) else frame[column]
        return frame

    def summary(self, level: float = 0.9) -> pd.DataFrame:
        """Per point: mean and band of the horizon's total and fiscal cost (yuan) over replications."""
        from simtoolkit.experiments.ensemble import band

        rows = []
        for i, point in enumerate(self.design.points):
            records = self.outcome.complete(_name(i))
            if not records:
                continue
            total = np.array([r.cost_fen.sum() for r in records], dtype=np.float64) / FEN_PER_YUAN
            fiscal = np.array([r.fiscal_fen().sum() for r in records], dtype=np.float64) / FEN_PER_YUAN
            (tm, tl, th), (fm, _, _) = band(total, level), band(fiscal, level)
            rows.append({**point, "reps": len(records), "total_mean": float(tm), "total_low": float(tl),
                         "total_high": float(th), "fiscal_mean": float(fm)})
        return pd.DataFrame(rows)


def _name(i: int) -> str:
    """Job name of point i."""
    return f"point {i + 1}"


def sweep(base: Scenario, design: Design, reps: int | None = None, seed: int | None = None, years: int | None = None,
          roster: Roster | None = None, **run_options: Any) -> SweepResult:
    """Run R replications at every point of the design (on `roster` when given); `run_options` go to `run_jobs`."""
    reps = base.value("run.replications") if reps is None else int(reps)
    seed = base.value("run.seed") if seed is None else int(seed)
    years = base.value("run.years") if years is None else int(years)
    scenarios = point_scenarios(base, design)
    jobs = [Job(_name(i), s, reps, seed, years, roster) for i, s in enumerate(scenarios)]
    outcome = run_jobs(jobs, **run_options)
    return SweepResult(design, scenarios, seed, years, reps, outcome)
