"""The data's own noise in a calibration: refits on data replications, a fit check and held-out validation.

The published counts are one draw of a county, not the model's mean: another year, another county
would have published other numbers. A *data replication* is one run of the fitted scenario with
another seed — a data set the model says could have been published. The estimator is refitted to
each of them (a parametric bootstrap), on a quadratic emulator of the simulated means over the
search's last round (the simulator itself would cost a search per replication). The spread of the
refits is the estimate's uncertainty with the data's noise in it; the deviations are widened by
√(1 + 1/R) because the fit's own mean over R replications is noisy too (simulated method of moments,
Gouriéroux & Monfort 1996).

Two checks can fail:

- the **fit check**: the distance left at the estimate against the distances the refits leave on
  data replications (Hansen's J by bootstrap). With as many fitted targets as parameters every
  reachable target is met and the check only fails when the data lie outside what the box can reach;
- the **validation**: each held-out target (not used to fit) against its prediction. The statistic is
  observed minus predicted; its null distribution is, for every data replication, the replication's
  own held-out value minus what the refit to that replication predicts, so noise shared between
  the fitted and the held-out figures is counted as the model says it is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simtoolkit.analysis.factors import Factor
from simtoolkit.errors import InputError

USES = ("fit", "validate", "identity")  # a target is fitted, held out to validate, or an identity shown but never used


def quadratic_terms(x: np.ndarray, linear: bool = False) -> np.ndarray:
    """The design matrix 1, x_i (and x_i·x_j for i ≤ j) of points in unit coordinates."""
    n, d = x.shape
    columns = [np.ones(n), *(x[:, i] for i in range(d))]
    if not linear:
        columns += [x[:, i] * x[:, j] for i in range(d) for j in range(i, d)]
    return np.column_stack(columns)


@dataclass(frozen=True)
class Emulator:
    """A quadratic (linear when the points are too few) least-squares surface of each output over a box."""

    low: np.ndarray
    high: np.ndarray
    coef: np.ndarray  # terms × outputs
    linear: bool
    r2: np.ndarray  # share of each output's variance over the points the surface explains

    @classmethod
    def fit(cls, points: np.ndarray, outputs: np.ndarray) -> "Emulator":
        """Fit to points (n × d, parameter units) and their simulated means (n × outputs)."""
        low, high = points.min(axis=0), points.max(axis=0)
        high = np.where(high > low, high, low + 1.0)  # a factor the round did not vary
        unit = (points - low) / (high - low)
        linear = len(points) <= quadratic_terms(unit[:1]).shape[1] + 1
        terms = quadratic_terms(unit, linear)
        coef, *_ = np.linalg.lstsq(terms, outputs, rcond=None)
        residual = ((outputs - terms @ coef) ** 2).sum(axis=0)
        spread = ((outputs - outputs.mean(axis=0)) ** 2).sum(axis=0)
        r2 = np.where(spread > 0, 1.0 - residual / np.where(spread > 0, spread, 1.0), 1.0)
        return cls(low, high, coef, linear, r2)

    def unit(self, theta: np.ndarray) -> np.ndarray:
        """Parameter values in the box's unit coordinates."""
        return (np.atleast_2d(theta) - self.low) / (self.high - self.low)

    def __call__(self, unit: np.ndarray) -> np.ndarray:
        """Outputs at points given in unit coordinates (n × outputs)."""
        return quadratic_terms(np.atleast_2d(unit), self.linear) @ self.coef

    def refit(self, observed: np.ndarray, tolerance: np.ndarray, start: np.ndarray) -> tuple[np.ndarray, float]:
        """The unit point in the box closest to `observed` (the first outputs), and its distance."""
        from scipy.optimize import minimize

        m = len(observed)

        def distance(u: np.ndarray) -> float:
            return float((((self(u)[0, :m] - observed) / tolerance) ** 2).sum())

        d = len(self.low)
        grid = np.stack(np.meshgrid(*[np.linspace(0, 1, 5)] * d), axis=-1).reshape(-1, d)
        starts = [np.clip(start, 0, 1), grid[np.argmin([distance(g) for g in grid])]]
        best = min((minimize(distance, s, method="L-BFGS-B", bounds=[(0.0, 1.0)] * d) for s in starts), key=lambda r: r.fun)
        return best.x, float(best.fun)


@dataclass
class DataCheck:
    """Uncertainty of the estimate with the data's noise, the fit check and the validation of held-out targets."""

    parameters: pd.DataFrame  # parameter, estimate, sd, low, high, at_edge
    validation: pd.DataFrame  # output, observed, predicted, low, high, p_value, passes, source
    fit_check: dict  # targets, parameters, distance, p_value, passes
    refits: pd.DataFrame  # replication, one column per parameter, distance
    r2: dict  # output → the emulator's R²

    @property
    def passes(self) -> bool:
        """True when the fit check and every validation pass."""
        return bool(self.fit_check["passes"] and self.validation["passes"].all())


def data_check(factors: Sequence[Factor], fit_targets: Sequence, held_out: Sequence, design: np.ndarray, means: np.ndarray,
               data: np.ndarray, estimate: dict[str, float], reps: int, level: float) -> DataCheck:
    """Refit on every data replication; see the module's description.

    design: every point the search evaluated (n × parameters); means: their simulated means (n × outputs, fitted
    first, then held out); data: the data replications (K × the same outputs); reps: replications behind each mean.
    """
    data = data[np.isfinite(data).all(axis=1)]  # a replication that failed is no data set
    if len(data) < 2:
        raise InputError("calibration: fewer than two data replications ran; nothing to measure the data's noise with")
    emulator = Emulator.fit(design, means)
    m = len(fit_targets)
    observed = np.array([t.value for t in fit_targets])
    tolerance = np.array([t.tolerance for t in fit_targets])
    theta = np.array([estimate[f.key] for f in factors])
    at_estimate = emulator(emulator.unit(theta))[0]
    # the emulator carries the slopes, the data replications the level: its miss at the estimate is taken off
    bias = at_estimate - data.mean(axis=0)
    # a replication's deviations from the data mean, widened for the fit's own simulation noise
    noise = (data - data.mean(axis=0)) * math.sqrt(1.0 + 1.0 / reps)
    centre_u, units, distances = _refits(emulator, at_estimate[:m] + noise[:, :m], tolerance, emulator.unit(theta)[0])
    observed_u, observed_d = emulator.refit(observed + bias[:m], tolerance, centre_u)
    shift = (units - centre_u) * (emulator.high - emulator.low)  # each refit's move, in parameter units
    tail = (1.0 - level) / 2.0 * 100.0
    p_fit = float(np.mean(distances >= observed_d - 1e-9))
    fit_check = {"targets": m, "parameters": len(factors), "distance": observed_d, "p_value": p_fit,
                 "passes": p_fit >= 1.0 - level}
    moves = emulator(np.vstack([observed_u, units])) - emulator(centre_u)  # what moving the parameters changes
    validation = _validation(held_out, at_estimate - bias + moves[0], noise - moves[1:], m, tail)
    frame = pd.DataFrame(theta + shift, columns=[f.key for f in factors])
    frame.insert(0, "replication", np.arange(len(frame)))
    frame["distance"] = distances
    names = [t.outcome.name for t in (*fit_targets, *held_out)]
    return DataCheck(_parameter_table(factors, theta, shift, units, tail), validation, fit_check, frame,
                     dict(zip(names, emulator.r2.tolist())))


def _refits(emulator: Emulator, replicated: np.ndarray, tolerance: np.ndarray, start: np.ndarray):
    """The refit to the emulator's own value at the estimate (the centre), and to every replicated data set."""
    centre_u, _ = emulator.refit(replicated.mean(axis=0), tolerance, start)
    fits = [emulator.refit(row, tolerance, centre_u) for row in replicated]
    return centre_u, np.array([u for u, _ in fits]), np.array([d for _, d in fits])


def _parameter_table(factors, theta, shift, units, tail) -> pd.DataFrame:
    """estimate, sd and the central band of the refits around it; at_edge: share of refits on the box's edge."""
    rows = []
    for j, f in enumerate(factors):
        low, high = np.percentile(theta[j] + shift[:, j], [tail, 100.0 - tail])
        edge = float(np.mean((units[:, j] < 1e-6) | (units[:, j] > 1 - 1e-6)))
        rows.append({"parameter": f.key, "estimate": float(theta[j]), "sd": float(shift[:, j].std(ddof=1)) if len(shift) > 1 else 0.0,
                     "low": float(low), "high": float(high), "at_edge": edge})
    return pd.DataFrame(rows)


def _validation(held_out, predicted: np.ndarray, null: np.ndarray, m: int, tail: float) -> pd.DataFrame:
    """Each held-out target against its prediction at the fit; null: per data replication, its held-out value minus
    what the refit to it predicts (the distribution of observed − predicted when the model is right)."""
    rows = []
    for j, t in enumerate(held_out, start=m):
        x = null[:, j][np.isfinite(null[:, j])]
        miss = t.value - predicted[j]
        low, high = np.percentile(x, [tail, 100.0 - tail]) if x.size else (math.nan, math.nan)
        p = float(2 * min(np.mean(x >= miss), np.mean(x <= miss))) if x.size else math.nan
        rows.append({"output": t.outcome.name, "observed": t.value, "predicted": float(predicted[j]),
                     "low": float(predicted[j] + low), "high": float(predicted[j] + high), "p_value": min(p, 1.0),
                     "passes": bool(predicted[j] + low <= t.value <= predicted[j] + high), "source": t.source})
    columns = ["output", "observed", "predicted", "low", "high", "p_value", "passes", "source"]
    return pd.DataFrame(rows, columns=columns).astype({"passes": bool})
