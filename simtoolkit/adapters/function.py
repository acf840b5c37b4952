"""The model as a plain Python function, for tools nobody here wrote (EMA Workbench, SALib, scipy, a notebook).

``f = as_function("scenarios/qingxu.toml", params=[...], outputs=[...], reps=10)`` gives a picklable
callable: ``f(award_per_star=1500)`` → ``{"fiscal_cost@3": …, "fiscal_cost_at_3": …}``, the mean of each
outcome over replications 0..reps-1. Every call uses the same seed and replication numbers (common
random numbers), so two calls differ only by their parameters. Parameters may be named by their dotted
key or by an identifier-safe alias (the key's last part, or the whole key with ``_`` when two parameters
share a last part); outcomes come back under both names (``fiscal_cost@3`` and ``fiscal_cost_at_3``).

It is `analysis.evaluate.ModelFunction` — the same machinery as ``simtoolkit sensitivity`` — run in this
process by default: inside someone else's process pool (EMA's, SALib's, a `ProcessPoolExecutor`) it never
starts a pool of its own. ``executor="local", workers=N`` (or Dask) runs the replications in parallel
where that is allowed. ``f.batch(points)`` evaluates many points at once and ``f.array(X)`` takes a
sampler's matrix (one column per parameter, in order), as SALib's ``ProblemSpec.evaluate`` does.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from simtoolkit.analysis.evaluate import ModelFunction
from simtoolkit.analysis.factors import Factor, factor_within_schema, parse_factors, points_from_values
from simtoolkit.analysis.study import study_of
from simtoolkit.scenario import Problem, Scenario, ScenarioError, load_scenario


def identifier(text: str) -> str:
    """A Python identifier for a dotted key or an outcome (``fiscal_cost@3`` → ``fiscal_cost_at_3``)."""
    name = re.sub(r"\W", "_", text.replace("@", "_at_").replace(".", "_"))
    return name if name.isidentifier() else f"_{name}"


def parameter_aliases(keys: Sequence[str]) -> dict[str, str]:
    """Dotted key → alias: its last part when no other key shares it, else the whole key with underscores."""
    last = [k.rsplit(".", 1)[-1] for k in keys]
    return {k: identifier(n if last.count(n) == 1 else k) for k, n in zip(keys, last)}


class SimFunction:
    """A scenario as a function of some of its parameters: keyword values → outcome means over replications."""

    def __init__(self, scenario: str | Path | Scenario, params: Sequence[str], outputs: Sequence[str],
                 reps: int | None = None, years: int | None = None, seed: int | None = None, **run_options: Any):
        base = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        factors = factors_of(params)
        study = study_of(base, factors, list(outputs), years, seed)
        outcomes = study.outcomes(list(outputs), option="outputs")
        reps = int(base.value("run.replications")) if reps is None else int(reps)
        options = {"executor": "sequential", "progress": False} | run_options
        self.model = ModelFunction(base, factors, outcomes, reps, study.seed, study.years, **options)
        self.aliases = parameter_aliases(self.params)
        self.outcome_aliases = {name: identifier(name) for name in self.outputs}

    @property
    def params(self) -> tuple[str, ...]:
        """Dotted keys of the parameters, in the order `array` takes them."""
        return self.model.keys

    @property
    def outputs(self) -> tuple[str, ...]:
        """Outcome names (``measure@when``), in the order `array` returns them."""
        return self.model.names

    @property
    def factors(self) -> tuple[Factor, ...]:
        """The parameters with their bounds (given as key=low:high, or the schema's valid range)."""
        return self.model.factors

    @property
    def reps(self) -> int:
        """Replications averaged at every point."""
        return self.model.reps

    @property
    def years(self) -> int:
        """The horizon simulated."""
        return self.model.years

    @property
    def seed(self) -> int:
        """The seed every point runs with."""
        return self.model.seed

    @property
    def problem(self) -> dict[str, Any]:
        """SALib's problem: names (the aliases), bounds and outputs (their aliases)."""
        return {"num_vars": len(self.params), "names": [self.aliases[k] for k in self.params],
                "bounds": [[f.low, f.high] for f in self.factors],
                "outputs": [self.outcome_aliases[n] for n in self.outputs]}

    def __call__(self, **values: Any) -> dict[str, float]:
        """Outcome means at one point; a parameter left out keeps the scenario's value. Bad values raise ScenarioError."""
        row = self._run([values], strict=True)[0]
        return self._named(row)

    def batch(self, points: Iterable[Mapping[str, Any]]) -> list[dict[str, float]]:
        """Outcome means at many points (NaN where the scenario rejects a point; `rejected` says why)."""
        return [self._named(row) for row in self._run(list(points), strict=False)]

    def array(self, X: np.ndarray) -> np.ndarray:
        """Outcome means for a matrix of points (one column per parameter): points × outputs, or points with one output."""
        X = np.asarray(X, dtype=np.float64)
        X = X.reshape(-1, 1) if X.ndim == 1 and len(self.params) == 1 else np.atleast_2d(X)  # a vector of one parameter's values
        if X.shape[1] != len(self.params):
            raise ValueError(f"expected {len(self.params)} columns ({', '.join(self.params)}), got {X.shape[1]}")
        out = self._evaluate(points_from_values(self.factors, X), strict=False)
        return out[:, 0] if out.shape[1] == 1 else out

    @property
    def rejected(self) -> list[str]:
        """Why points given to `batch` or `array` were rejected by the scenario's checks."""
        return list(self.model.invalid)

    def _run(self, points: list[Mapping[str, Any]], strict: bool) -> np.ndarray:
        """point × output means for points named by dotted keys or aliases."""
        return self._evaluate([self._dotted(p) for p in points], strict)

    def _evaluate(self, points: list[dict[str, Any]], strict: bool) -> np.ndarray:
        """Means over replications, in this process when running inside a worker of someone else's pool."""
        if multiprocessing.current_process().daemon:  # a daemonic process may not start children
            self.model.run_options["executor"] = "sequential"
        return self.model(points, strict=strict)

    def _dotted(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """A point keyed by dotted keys, values rounded as simulated; unknown names raise ScenarioError."""
        by_name = {k: k for k in self.params} | {a: k for k, a in self.aliases.items()}
        unknown = [Problem("as_function", n, f"not one of the function's parameters ({', '.join(self.aliases.values())})")
                   for n in values if n not in by_name]
        if unknown:
            raise ScenarioError(unknown)
        factors = {f.key: f for f in self.factors}
        return {by_name[n]: factors[by_name[n]].clean(v) for n, v in values.items()}

    def _named(self, row: np.ndarray) -> dict[str, float]:
        """Outcomes under their names and aliases."""
        out = {}
        for name, value in zip(self.outputs, row):
            out[name] = out[self.outcome_aliases[name]] = float(value)
        return out

    def __repr__(self) -> str:
        return (f"<simtoolkit function of {', '.join(self.aliases.values())} → {', '.join(self.outputs)}: "
                f"{self.reps} replications, {self.years} years, seed {self.seed}>")


def factors_of(params: Sequence[str]) -> list[Factor]:
    """Factors from keys or key=low:high texts; every bad one reported at once (ScenarioError)."""
    return parse_factors([params] if isinstance(params, str) else list(params), "params", factor_within_schema)


def as_function(scenario: str | Path | Scenario, params: Sequence[str], outputs: Sequence[str], reps: int | None = None,
                years: int | None = None, seed: int | None = None, **run_options: Any) -> SimFunction:
    """The scenario as a picklable function `f(**params) -> {outcome: mean}` with `f.batch` and `f.array`.

    `params`: dotted keys (bounds: the schema's valid range) or ``key=low:high``; `outputs`: ``measure@when``
    as in ``simtoolkit sensitivity``; `reps`: replications averaged (default the scenario's run.replications);
    `years`: horizon (default: what the outputs need); `seed`: default run.seed. `run_options` as for
    `experiments.runner.run_jobs` (executor, workers, scheduler, out); the default runs in this process.
    """
    return SimFunction(scenario, params, outputs, reps, years, seed, **run_options)
