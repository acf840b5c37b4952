"""Optimisation of policy levers under a fiscal ceiling, and the frontier of outcome against cost.

The model is a function of the levers (award per star, performance coefficients, quotas, pension
top-up, …) giving an objective (e.g. ``share_2plus_stars@last``) and a cost (by default
``fiscal_cost@max``, a replication's highest annual fiscal cost), both means over replications
0..R-1 with common random numbers, so comparing two settings compares policies, not luck.

The search is SciPy's differential evolution, which needs no derivatives (outcomes are counts and
step in the levers) and keeps integer levers whole. It handles the ceiling as a constraint by
Deb's rules: a setting within the ceiling beats any setting above it, and of two settings above
it the one exceeding it less wins. Each generation's whole population is one batch of model runs
(`vectorized`), so it runs in parallel on the runner's executor. A setting is feasible when its
cost is at most the ceiling; the best setting is the feasible one with the highest objective (the
cheaper one on a tie) among every setting evaluated. The frontier is every evaluated setting not beaten by a cheaper one:
the most objective each level of spending buys.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simtoolkit.analysis.factors import Factor, points_from_values

ModelFn = Callable[[list[dict]], np.ndarray]  # points → point × (objective, cost)


@dataclass
class Optimum:
    """Every evaluated setting, the best feasible one and the frontier."""

    levers: list[Factor]
    objective: str
    cost: str
    ceiling: float
    maximise: bool
    evaluations: pd.DataFrame  # generation, levers, objective, cost, feasible

    @property
    def best(self) -> pd.Series | None:
        """The best feasible setting, or None when no evaluated setting keeps within the ceiling."""
        feasible = self.evaluations[self.evaluations["feasible"]]
        if feasible.empty:
            return None
        sign = -1.0 if self.maximise else 1.0
        order = np.lexsort((feasible["cost"].to_numpy(), sign * feasible["objective"].to_numpy()))
        return feasible.iloc[order[0]]

    def frontier(self) -> pd.DataFrame:
        """Settings not beaten by a cheaper one, cheapest first, with whether each keeps within the ceiling."""
        return frontier(self.evaluations, self.maximise)


def frontier(evaluations: pd.DataFrame, maximise: bool = True) -> pd.DataFrame:
    """The rows whose objective beats every cheaper row's (ties in cost: the better objective only)."""
    rows = evaluations[np.isfinite(evaluations["objective"]) & np.isfinite(evaluations["cost"])]
    sign = 1.0 if maximise else -1.0
    order = np.lexsort((-sign * rows["objective"].to_numpy(), rows["cost"].to_numpy()))
    keep, best = [], -math.inf
    for i in order:
        value = sign * rows["objective"].iloc[i]
        if value > best:
            keep.append(i)
            best = value
    return rows.iloc[keep].reset_index(drop=True)


def optimise(function: ModelFn, levers: Sequence[Factor], ceiling: float, population: int, generations: int, seed: int,
             objective: str = "objective", cost: str = "cost", maximise: bool = True) -> Optimum:
    """Differential evolution over the levers' box; `function` gives (objective, cost) per setting."""
    from scipy.optimize import NonlinearConstraint, differential_evolution

    sign = 1.0 if maximise else -1.0
    seen: dict[tuple, np.ndarray] = {}
    rows: list[list] = []

    def outputs(x: np.ndarray) -> np.ndarray:
        """(objective, cost) of every column of x (levers × settings), running only settings not yet seen."""
        points = points_from_values(levers, np.asarray(x, dtype=float).T)
        fresh = _distinct([p for p in points if _key(p) not in seen])
        if fresh:
            generation = 1 + max((r[0] for r in rows), default=0)
            for p, y in zip(fresh, np.asarray(function(fresh), dtype=np.float64)):
                seen[_key(p)] = y
                rows.append([generation, *(p[f.key] for f in levers), *y])
        return np.array([seen[_key(p)] for p in points], dtype=np.float64).reshape(len(points), 2)

    def energy(x):
        value = -sign * outputs(x)[:, 0]
        return np.where(np.isfinite(value), value, np.inf)

    def spending(x):
        value = outputs(x)[:, 1]
        return np.where(np.isfinite(value), value, np.inf)[None, :]

    d = len(levers)
    differential_evolution(energy, [(f.low, f.high) for f in levers], constraints=NonlinearConstraint(spending, -np.inf, ceiling),
                           vectorized=True, updating="deferred", popsize=max(1, math.ceil(population / d)),
                           maxiter=generations, polish=False, rng=np.random.default_rng(seed), tol=0.0,
                           integrality=[f.integer for f in levers], init="latinhypercube")
    evaluations = pd.DataFrame(rows, columns=["generation", *(f.key for f in levers), "objective", "cost"])
    evaluations["feasible"] = np.isfinite(evaluations["objective"]) & (evaluations["cost"] <= ceiling)
    return Optimum(list(levers), objective, cost, float(ceiling), maximise, evaluations)


def _key(point: dict) -> tuple:
    """A point as a hashable key."""
    return tuple(sorted(point.items()))


def _distinct(points: list[dict]) -> list[dict]:
    """The points without repeats (integer levers often repeat), in first-seen order."""
    seen, out = set(), []
    for p in points:
        if _key(p) not in seen:
            seen.add(_key(p))
            out.append(p)
    return out
