"""Global sensitivity: Sobol first- and total-order indices with confidence intervals, and Morris screening.

Both take the model as a function (`points → outcome array`), so they apply to the county model
(`evaluate.ModelFunction`, common random numbers across samples) and to test functions alike.

- Sobol (SALib): Saltelli's design from a scrambled Sobol sequence — N base samples give
  N·(d + 2) points for d factors — and Jansen/Saltelli estimators; intervals are SALib's
  bootstrap intervals at `conf_level`.
- Morris (SALib): N trajectories of d + 1 points on a grid of `levels` levels; μ* (mean absolute
  elementary effect, with a bootstrap interval) ranks factors, σ says how much the effect depends
  on the other factors. Effects are per whole range of a factor (inputs scaled to [0, 1]).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simtoolkit.analysis.factors import Factor, points_from_unit

ModelFn = Callable[[list[dict]], np.ndarray]

SOBOL_COLUMNS = ["output", "parameter", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"]
MORRIS_COLUMNS = ["output", "parameter", "mu", "mu_star", "mu_star_low", "mu_star_high", "sigma"]


@dataclass
class Sensitivity:
    """The design, the outcomes at every point, and the indices (one row per output and parameter)."""

    method: str
    factors: list[Factor]
    names: list[str]
    unit: np.ndarray  # point × factor, positions in [0, 1]
    points: list[dict]
    outputs: np.ndarray  # point × output
    indices: pd.DataFrame
    constant: list[str]  # outputs that did not vary over the design: every index is 0

    def samples(self) -> pd.DataFrame:
        """sample, every factor's value, every output, one row per point."""
        frame = pd.DataFrame(self.points, columns=[f.key for f in self.factors])
        frame.insert(0, "sample", np.arange(1, len(self.points) + 1))
        for j, name in enumerate(self.names):
            frame[name] = self.outputs[:, j]
        return frame


def is_power_of_two(n: int) -> bool:
    """True for 1, 2, 4, 8, …"""
    return n > 0 and n & (n - 1) == 0


def _problem(factors: Sequence[Factor]) -> dict:
    """SALib's problem on the unit cube (values are mapped to each factor's range afterwards)."""
    return {"num_vars": len(factors), "names": [f.key for f in factors], "bounds": [[0.0, 1.0]] * len(factors)}


def sobol_design(factors: Sequence[Factor], base_samples: int, seed: int) -> np.ndarray:
    """Saltelli's design on [0, 1]^d: base_samples·(d + 2) rows, without second-order terms."""
    from SALib.sample import sobol

    return sobol.sample(_problem(factors), base_samples, calc_second_order=False, scramble=True, seed=seed)


def morris_design(factors: Sequence[Factor], trajectories: int, levels: int, seed: int) -> np.ndarray:
    """Morris trajectories on [0, 1]^d: trajectories·(d + 1) rows."""
    from SALib.sample import morris

    return morris.sample(_problem(factors), trajectories, num_levels=levels, seed=seed)


def sobol(function: ModelFn, factors: Sequence[Factor], names: Sequence[str], base_samples: int, seed: int,
          conf_level: float = 0.95, resamples: int = 200) -> Sensitivity:
    """Sobol indices of every output over the factors' ranges."""
    unit = sobol_design(factors, base_samples, seed)
    points = points_from_unit(factors, unit)
    outputs = np.asarray(function(points), dtype=np.float64)
    indices, constant = sobol_indices(factors, names, outputs, conf_level, resamples, seed)
    return Sensitivity("sobol", list(factors), list(names), unit, points, outputs, indices, constant)


def sobol_indices(factors: Sequence[Factor], names: Sequence[str], outputs: np.ndarray, conf_level: float,
                  resamples: int, seed: int) -> tuple[pd.DataFrame, list[str]]:
    """The Sobol table from outputs at Saltelli's design points (point × output)."""
    from SALib.analyze import sobol as analyse

    rows, constant = [], []
    for j, name in enumerate(names):
        y = outputs[:, j]
        if np.ptp(y) == 0.0:
            constant.append(name)
            rows += [[name, f.key, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0] for f in factors]
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            si = analyse.analyze(_problem(factors), y, calc_second_order=False, num_resamples=resamples,
                                 conf_level=conf_level, seed=seed)
        for i, f in enumerate(factors):
            s1, s1c, st, stc = (float(si[k][i]) for k in ("S1", "S1_conf", "ST", "ST_conf"))
            rows.append([name, f.key, s1, s1 - s1c, s1 + s1c, st, st - stc, st + stc])
    return pd.DataFrame(rows, columns=SOBOL_COLUMNS), constant


def morris(function: ModelFn, factors: Sequence[Factor], names: Sequence[str], trajectories: int, seed: int,
           levels: int = 4, conf_level: float = 0.95, resamples: int = 200) -> Sensitivity:
    """Morris elementary-effect screening of every output over the factors' ranges."""
    from SALib.analyze import morris as analyse

    unit = morris_design(factors, trajectories, levels, seed)
    points = points_from_unit(factors, unit)
    outputs = np.asarray(function(points), dtype=np.float64)
    rows, constant = [], []
    for j, name in enumerate(names):
        y = outputs[:, j]
        if np.ptp(y) == 0.0:
            constant.append(name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            mi = analyse.analyze(_problem(factors), unit, y, num_resamples=resamples, conf_level=conf_level,
                                 num_levels=levels, seed=seed)
        for i, f in enumerate(factors):
            mu, mu_star, conf, sigma = (float(mi[k][i]) for k in ("mu", "mu_star", "mu_star_conf", "sigma"))
            rows.append([name, f.key, mu, mu_star, mu_star - conf, mu_star + conf, sigma])
    return Sensitivity("morris", list(factors), list(names), unit, points, outputs,
                       pd.DataFrame(rows, columns=MORRIS_COLUMNS), constant)


def runs_needed(method: str, samples: int, factors: int) -> int:
    """Points a design has: Sobol N·(d + 2), Morris N·(d + 1)."""
    return samples * (factors + 2) if method == "sobol" else samples * (factors + 1)
