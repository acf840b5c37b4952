"""A calibration that could fail: targets split by use, the search on the fitted ones, and the data check.

A target is *fit* (the search matches it), *validate* (held out: predicted by the fit and checked against
the data's noise, `analysis.bootstrap`) or *identity* (fixed by the rules or by other targets whatever
the parameters — shown beside its simulated value, never counted as evidence).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from simtoolkit.analysis import calibrate
from simtoolkit.analysis.bootstrap import DataCheck, data_check
from simtoolkit.analysis.evaluate import ModelFunction
from simtoolkit.analysis.factors import Factor
from simtoolkit.errors import InputError
from simtoolkit.scenario import Scenario

DATA_SEED_OFFSET = 2  # data replications use seed + 2: neither the search's draws (seed) nor the check's (seed + 1)


def split(targets: Sequence[calibrate.Target]) -> tuple[list, list, list]:
    """(fitted, held out to validate, identities), each in the order given."""
    parts = {use: [t for t in targets if t.use == use] for use in ("fit", "validate", "identity")}
    if not parts["fit"]:
        raise InputError("calibration: no target to fit (every target is marked validate or identity)")
    return parts["fit"], parts["validate"], parts["identity"]


def ordered(targets: Sequence[calibrate.Target]) -> list[calibrate.Target]:
    """Fitted targets first, then held-out, then identities: the order of every output array."""
    fitted, held_out, identities = split(targets)
    return [*fitted, *held_out, *identities]


class FitColumns:
    """A model function answering every target, handing the search only the fitted ones; keeps every point asked."""

    def __init__(self, function, fitted: int):
        self.function, self.fitted = function, fitted
        self.points: list[dict] = []
        self.outputs = np.empty((0, 0))

    def __call__(self, points: list[dict]) -> np.ndarray:
        """The fitted targets' outputs of the points (the search's rounds call this once each)."""
        outputs = np.asarray(self.function(points), dtype=float)
        self.points += list(points)
        self.outputs = np.vstack([self.outputs, outputs]) if self.outputs.size else outputs
        return outputs[:, :self.fitted]

    def design(self, factors: Sequence[Factor]) -> tuple[np.ndarray, np.ndarray]:
        """Every point of the search (parameter units) and its means of every output, rows that ran."""
        points = np.array([[p[f.key] for f in factors] for p in self.points], dtype=float)
        keep = np.isfinite(self.outputs).all(axis=1)
        return points[keep], self.outputs[keep]


def data_replications(fitted: Scenario, targets: Sequence[calibrate.Target], reps: int, seed: int, years: int,
                      **run_options: Any) -> tuple[np.ndarray, ModelFunction]:
    """reps × outputs: runs of the fitted scenario with `seed`, each a data set the model says could have been published."""
    function = ModelFunction(fitted, [], [t.outcome for t in targets], reps, seed, years, **run_options)
    return function.replications([{}])[0], function


def check(factors: Sequence[Factor], targets: Sequence[calibrate.Target], columns: FitColumns, data: np.ndarray, fit,
          reps: int, level: float) -> DataCheck:
    """The data check of a finished search (targets in `ordered` order)."""
    fitted, held_out, _ = split(targets)
    design, means = columns.design(factors)
    return data_check(factors, fitted, held_out, design, means, data, fit.estimate, reps, level)


def checked_fit(base: Scenario, factors: Sequence[Factor], targets: Sequence[calibrate.Target], samples: int, rounds: int,
                reps: int, seed: int, years: int, data_reps: int, level: float = 0.9, **run_options: Any):
    """Search on the fitted targets, run `data_reps` data replications of the estimate, check; returns (fit, check)."""
    targets = ordered(targets)
    fitted = split(targets)[0]
    function = ModelFunction(base, factors, [t.outcome for t in targets], reps, seed, years, **run_options)
    columns = FitColumns(function, len(fitted))
    fit = calibrate.fit(columns, factors, fitted, samples, rounds, seed, level=level)
    data, _ = data_replications(base.with_changes(fit.estimate), targets, data_reps, seed + DATA_SEED_OFFSET, years, **run_options)
    return fit, check(factors, targets, columns, data, fit, reps, level)
