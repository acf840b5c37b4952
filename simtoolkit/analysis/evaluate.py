"""The model as a function (EMA Workbench style): values of some parameters → named outcomes.

`ModelFunction` turns a list of points (dotted key → value) into an array of outcomes, the mean
over replications 0..reps-1 of each. Every point runs with the same seed and the same replication
numbers, so replication k meets the same random shocks at every point (common random numbers)
and differences between points are the parameters' doing, not noise.

This is the one place the analyses meet the model: points become scenarios, scenarios become
jobs of the experiment runner (`experiments.runner.run_jobs`), which runs them on any executor
(local processes, Dask, sequential), shows progress, and keeps finished replications under
``OUT/runs`` so an interrupted analysis resumes without redoing work.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from simtoolkit.analysis.factors import Factor
from simtoolkit.analysis.outcomes import Outcome, values
from simtoolkit.experiments.runner import Failure, Job, run_jobs
from simtoolkit.scenario import Problem, Scenario, ScenarioError

Point = dict[str, Any]


class ModelFunction:
    """Points → outcome means over replications, with common random numbers; keeps run statistics."""

    def __init__(self, base: Scenario, factors: Sequence[Factor], outcomes: Sequence[Outcome], reps: int, seed: int,
                 years: int, **run_options: Any):
        self.base, self.factors, self.outcomes = base, tuple(factors), tuple(outcomes)
        self.reps, self.seed, self.years = int(reps), int(seed), int(years)
        self.run_options = run_options  # executor, workers, scheduler, out, progress: as for run_jobs
        self.failures: list[Failure] = []
        self.invalid: list[str] = []  # points whose values the scenario rejects (counted as failed)
        self.ran = self.reused = 0
        self.cpu_seconds = 0.0  # CPU time of the replications run (what they cost, however loaded the machine)

    @property
    def keys(self) -> tuple[str, ...]:
        """Dotted keys of the factors, in order."""
        return tuple(f.key for f in self.factors)

    @property
    def names(self) -> tuple[str, ...]:
        """Outcome names, in order."""
        return tuple(o.name for o in self.outcomes)

    def __call__(self, points: Sequence[Point], strict: bool = False) -> np.ndarray:
        """point × outcome: the mean over replications (NaN where every replication failed)."""
        per_rep = self.replications(points, strict)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-failed point is NaN on purpose
            return np.nanmean(per_rep, axis=1)

    def replications(self, points: Sequence[Point], strict: bool = False) -> np.ndarray:
        """point × replication × outcome (NaN where a replication failed or a point was invalid).

        `strict`: a point the scenario rejects raises ScenarioError (every problem) before anything
        runs; otherwise it is counted in `invalid` and left NaN.
        """
        out = np.full((len(points), self.reps, len(self.outcomes)), np.nan)
        jobs, where = self._jobs(points, strict)
        if not jobs:
            return out
        outcome = run_jobs(jobs, **self.run_options)
        self.failures += outcome.failures
        self.ran += outcome.ran
        self.reused += outcome.reused
        self.cpu_seconds += outcome.simulate_seconds
        for job in jobs:
            for record in outcome.complete(job.name):
                out[where[job.name], record.replication] = values(self.outcomes, record)
        return out

    def _jobs(self, points: Sequence[Point], strict: bool) -> tuple[list[Job], dict[str, list[int]]]:
        """One job per distinct scenario, and which points each answers."""
        jobs, where, by_digest, problems = [], {}, {}, []
        for i, point in enumerate(points):
            try:
                scenario = self.base.with_changes(dict(point), origin=f"point {i + 1}")
            except ScenarioError as exc:
                problems += exc.problems
                continue
            name = by_digest.get(scenario.digest)
            if name is None:
                name = by_digest[scenario.digest] = f"point {i + 1}"
                jobs.append(Job(name, scenario, self.reps, self.seed, self.years))
                where[name] = []
            where[name].append(i)
        if problems and strict:
            raise ScenarioError(_capped(problems))
        self.invalid += [str(p) for p in problems]
        return jobs, where

    def describe(self) -> dict[str, Any]:
        """For manifests: what was varied, measured and how."""
        return {"factors": [f.describe() for f in self.factors], "outcomes": list(self.names), "replications": self.reps,
                "seed": self.seed, "years": self.years, "common_random_numbers": True}

    def summary(self, lang: str) -> str:
        """One line in 'zh' or 'en': how many replications ran, were reused, failed."""
        from simtoolkit.analysis.words import word

        text = word("summary", lang, ran=self.ran, reused=self.reused)
        if self.failures:
            text += word("summary_failed", lang, n=len(self.failures))
        if self.invalid:
            text += word("summary_invalid", lang, n=len(self.invalid))
        return text


def _capped(problems: list[Problem], limit: int = 20) -> list[Problem]:
    """The first problems, and a line saying how many more there are."""
    if len(problems) <= limit:
        return problems
    return problems[:limit] + [Problem("points", "", f"... and {len(problems) - limit} more problems like these")]
