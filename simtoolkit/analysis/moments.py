"""Calibration of behaviour parameters to Qingxu's published initial rating by simulated method of moments.

Moments are averages over replications 0..reps-1 of one-year runs; every candidate parameter set
sees the same seeds and the same named random streams (common random numbers), so the objective
changes with the parameters, not with the noise. The star awards for the initial rating are read
from the ledger: they are decided at the December rating and scheduled `payment_lag_months` later.

Of the seven moments only about three are independent and only the unstarred counts are evidence about
behaviour: the 2-star total is the excellent quota's, the 1-star counts are identities of the others, and the
award is an identity of the per-role counts. `simtoolkit calibrate --targets qingxu_checked` fits what is left,
with the data's noise, and holds the award out to validate (`analysis/checked.py`, docs/model.md §4.0).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from simtoolkit.analysis.calibrate import read_targets
from simtoolkit.ledger.vocabulary import item_index
from simtoolkit.model import CountyModel
from simtoolkit.scenario import Scenario
from simtoolkit.rules import roles

MOMENTS = ("secretaries_2", "secretaries_1", "secretaries_0", "directors_2", "directors_1", "directors_0", "award_yuan")
# Each moment is one shipped target (simtoolkit/analysis/targets/*.csv), named there as an outcome.
OUTPUTS = {**{f"{who}_{k}": f"{who}_{k}_stars@1" for who in ("secretaries", "directors") for k in (2, 1, 0)},
           **{f"total_{k}": f"heads_{k}_stars@1" for k in (2, 1, 0)}, "award_yuan": "cost_star_award@2"}
TARGET_FILES = ("qingxu_initial_rating_by_role", "qingxu_initial_rating", "qingxu_initial_awards")


@dataclass(frozen=True)
class Target:
    """An observed moment, the tolerance allowed, and where it comes from."""

    value: float
    tolerance: float
    source: str


@cache
def targets() -> dict[str, Target]:
    """Every moment's target, read from the shipped target files.

    RULES.md §A: 2★ 20, 1★ 173, none 7 (000_e0b0dd193435af35.txt: 2星20人,1星173人,不定星级7人), the per-role
    reading of it, and the 180,000 yuan ceremony (兑现星级补贴18万元) as 180 secretary stars at 1,000 yuan.
    """
    rows = {t.outcome.name: t for name in TARGET_FILES for t in read_targets(name, years=2, start_year=0)}
    return {moment: Target(rows[output].value, rows[output].tolerance, rows[output].source) for moment, output in OUTPUTS.items()}


# The behaviour parameters fitted, with the box the search stays in.
FITTED = {
    "behaviour.performance.base_fraction": (0.6, 0.9),
    "behaviour.heads.ability_sd": (1.0, 15.0),
    "behaviour.heads.director_ability_shift": (-15.0, 5.0),
}


def initial_rating(model: CountyModel) -> np.ndarray:
    """The initial rating's counts (secretaries 2/1/0★, directors 2/1/0★) and star awards scheduled for it."""
    counts = model.result.star_counts[0].sum(axis=0)  # role × stars
    secretaries = counts[roles.codes(roles.SECRETARY_ROLES)].sum(axis=0)
    directors = counts[roles.code("director")]
    star_award = item_index("star_award")
    fen = sum(int(p.fen.sum()) for due in model.ledger.payables.values() for p in due if p.item == star_award)
    booked = int(model.ledger.yearly[:, star_award].sum())
    return np.array([*secretaries[2::-1][:3], *directors[2::-1][:3], (fen + booked) / 100.0], dtype=float)


def moments(scenario: Scenario, reps: int, seed: int | None = None) -> dict[str, float]:
    """Average initial-rating moments over `reps` one-year replications (common random numbers)."""
    rows = []
    for rep in range(reps):
        model = CountyModel(scenario, replication=rep, seed=seed, years=1)
        model.run()
        rows.append(initial_rating(model))
    mean = np.mean(rows, axis=0)
    result = dict(zip(MOMENTS, mean.tolist()))
    for k in (2, 1, 0):
        result[f"total_{k}"] = result[f"secretaries_{k}"] + result[f"directors_{k}"]
    return result


def distance(simulated: dict[str, float]) -> float:
    """Sum of squared misses, each in units of its tolerance."""
    return float(sum(((simulated[k] - t.value) / t.tolerance) ** 2 for k, t in targets().items()))


def misses(simulated: dict[str, float]) -> dict[str, float]:
    """Simulated minus target for every moment."""
    return {k: simulated[k] - t.value for k, t in targets().items()}


def fit(scenario: Scenario, reps: int, max_evaluations: int = 120, log=print) -> dict[str, float]:
    """Nelder–Mead over the fitted parameters (scaled to their boxes) minimising `distance`."""
    from scipy.optimize import minimize

    keys = list(FITTED)
    low = np.array([FITTED[k][0] for k in keys])
    high = np.array([FITTED[k][1] for k in keys])
    start = np.array([float(scenario.raw(k)) for k in keys])  # as written (percent in percent)

    def values(x: np.ndarray) -> dict[str, float]:
        return {k: float(v) for k, v in zip(keys, low + np.clip(x, 0.0, 1.0) * (high - low))}

    def objective(x: np.ndarray) -> float:
        d = distance(moments(scenario.with_changes(values(x)), reps))
        log(f"  {d:8.3f}  " + "  ".join(f"{k.rsplit('.', 1)[1]}={v:.4g}" for k, v in values(x).items()))
        return d

    x0 = (start - low) / (high - low)
    best = minimize(objective, x0, method="Nelder-Mead",
                    options={"maxfev": max_evaluations, "xatol": 1e-3, "fatol": 1e-2, "initial_simplex": _simplex(x0)})
    return values(best.x)


def effort_gap(scenario: Scenario, reps: int) -> float:
    """Mean chosen effort after the first year minus the initial effort (zero when the status quo is a best response)."""
    efforts = []
    for rep in range(reps):
        model = CountyModel(scenario, replication=rep, years=1)
        model.run()
        efforts.append(float(model.world.heads.effort.mean()))
    return float(np.mean(efforts)) - scenario.value("behaviour.heads.effort_initial")


def fit_intrinsic_value(scenario: Scenario, reps: int, bracket=(-100_000.0, 100_000.0)) -> float:
    """The mean intrinsic value of effort at which heads keep, on average, the initial effort."""
    from scipy.optimize import brentq

    key = "behaviour.effort.intrinsic_value"
    return float(brentq(lambda v: effort_gap(scenario.with_changes({key: v}), reps), *bracket, xtol=50.0))


def _simplex(x0: np.ndarray) -> np.ndarray:
    """A starting simplex: a tenth of each box away from the start, inwards near the upper edge."""
    step = np.where(x0 + 0.1 <= 1.0, 0.1, -0.1)
    return np.vstack([x0, x0 + np.diag(step)])
