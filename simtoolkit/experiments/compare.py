"""Paired comparison of a reform with its base, with common random numbers.

Replication k of the base and of the reform use the same seed and replication number, so every
mechanism draws from the same streams (seed, k, mechanism, year) in both: the same shocks hit the
same agents, and the difference reform_k − base_k is the effect of the reform in that world. The
band of the difference is the percentile band of these paired differences over replications —
narrower than comparing two independent ensembles, because the noise common to both cancels.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from simtoolkit.errors import InputError
from simtoolkit.experiments.ensemble import DEFAULT_LEVEL, band, is_cost, item_codes, metric_array, metric_names, star_levels, to_display
from simtoolkit.experiments.runner import Job, NothingSucceeded, Outcome, run_jobs
from simtoolkit.scenario import Scenario
from simtoolkit.world.roster import Roster

COLUMNS = ["year", "metric", "base_mean", "reform_mean", "diff_mean", "diff_low", "diff_high"]


@dataclass
class Comparison:
    """Paired per-replication metrics of a base and a reform (replication × year × metric; costs in fen)."""

    base: Scenario
    reform: Scenario
    seed: int
    years: int
    start_year: int
    replications: list[int]  # the replications where both succeeded
    names: list[str]
    base_values: np.ndarray
    reform_values: np.ndarray
    outcome: Outcome | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def differences(self) -> np.ndarray:
        """reform − base per replication, year and metric."""
        return self.reform_values - self.base_values

    def with_nonfiscal(self) -> "Comparison":
        """The same comparison with ``cost:nonfiscal`` (total − fiscal) after ``cost:fiscal``: for printed headlines, not files."""
        total, fiscal = self.names.index("cost:total"), self.names.index("cost:fiscal")
        def add(v):
            return np.insert(v, fiscal + 1, v[..., total] - v[..., fiscal], axis=-1)
        names = [*self.names[:fiscal + 1], "cost:nonfiscal", *self.names[fiscal + 1:]]
        return replace(self, names=names, base_values=add(self.base_values), reform_values=add(self.reform_values))

    def table(self, level: float = DEFAULT_LEVEL) -> pd.DataFrame:
        """year,metric,base_mean,reform_mean,diff_mean,diff_low,diff_high — costs in yuan."""
        return self._table(self.base_values, self.reform_values, self.start_year + np.arange(self.years), level)

    def horizon(self, level: float = DEFAULT_LEVEL) -> pd.DataFrame:
        """The same over the whole horizon: costs summed over years, star counts of the last year."""
        last = self.base_values.shape[1] - 1
        stars = np.array([not is_cost(n) for n in self.names])
        def over(v):  # rep × 1 × metric
            total = v.sum(axis=1, keepdims=True)
            total[..., stars] = v[:, last:last + 1, stars]
            return total
        label = f"{self.start_year}-{self.start_year + self.years - 1}"
        return self._table(over(self.base_values), over(self.reform_values), np.array([label], dtype=object), level)

    def _table(self, base: np.ndarray, reform: np.ndarray, years: np.ndarray, level: float) -> pd.DataFrame:
        b, r = (to_display(self.names, v) for v in (base, reform))
        diff_mean, low, high = band(r - b, level)
        n_years, n_metrics = b.shape[1], b.shape[2]
        return pd.DataFrame({"year": np.repeat(years, n_metrics), "metric": np.tile(np.array(self.names, dtype=object), n_years),
                             "base_mean": b.mean(axis=0).ravel(), "reform_mean": r.mean(axis=0).ravel(),
                             "diff_mean": diff_mean.ravel(), "diff_low": low.ravel(), "diff_high": high.ravel()})


def compare(base: Scenario, reform: Scenario, reps: int | None = None, seed: int | None = None, years: int | None = None,
            reform_seed: int | None = None, roster: Roster | None = None, **run_options: Any) -> Comparison:
    """Run replications 0..reps-1 of both scenarios with the same seed and pair them.

    Defaults come from the base scenario's [run]. `reform_seed` (tests, teaching) gives the reform
    other streams, which makes the comparison unpaired. `roster`: the county's heads for both.
    `run_options` go to `run_jobs`
    (executor, workers, scheduler, out, progress, on_record, simulate).
    """
    reps = base.value("run.replications") if reps is None else int(reps)
    seed = base.value("run.seed") if seed is None else int(seed)
    years = base.value("run.years") if years is None else int(years)
    check_comparable(base, reform)
    jobs = [Job("base", base, reps, seed, years, roster),
            Job("reform", reform, reps, seed if reform_seed is None else int(reform_seed), years, roster)]
    outcome = run_jobs(jobs, **run_options)
    return pair(base, reform, seed, years, outcome)


def check_comparable(base: Scenario, reform: Scenario) -> None:
    """The two scenarios must simulate the same calendar years."""
    a, b = base.value("run.start_year"), reform.value("run.start_year")
    if a != b:
        raise InputError(f"the base starts in {a} and the reform in {b}: a paired comparison needs the same first year")


def pair(base: Scenario, reform: Scenario, seed: int, years: int, outcome: Outcome) -> Comparison:
    """Pair the records of jobs "base" and "reform" replication by replication."""
    b, r = outcome.records["base"], outcome.records["reform"]
    both = [k for k in range(len(b)) if b[k] is not None and r[k] is not None]
    if not both:
        raise NothingSucceeded(outcome, "in both scenarios")
    pb, pr = [b[k] for k in both], [r[k] for k in both]
    levels, codes = star_levels(pb + pr), item_codes(pb + pr)
    names = metric_names(levels, codes)
    notes = []
    for label, records in (("base", pb), ("reform", pr)):
        if records[0].max_stars == 0 and not any(r.star_counts.any() for r in records):
            notes.append(f"the {label} has no star rating: its star counts are 0 at every level")
    return Comparison(base, reform, seed, years, pb[0].start_year, both, names, metric_array(pb, levels, codes),
                      metric_array(pr, levels, codes), outcome, notes)
