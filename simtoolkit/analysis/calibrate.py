"""Calibration: behaviour parameters fitted so that simulated outcomes match observed ones.

Targets are outcomes (``heads_2_stars@1`` …) with an observed value and a tolerance. The distance
of a parameter point is the sum over targets of ((simulated − observed) / tolerance)², the
simulated value being the mean over replications 0..R-1 with common random numbers, so the
distance is a deterministic function of the parameters (simulated method of moments).

The search is approximate Bayesian computation by rejection, in rounds: round 1 draws a Latin
hypercube over the whole box (the uniform prior), each later round draws over the box around
the points accepted in the round before (widened by `margin`). A point is accepted when its
distance is at most `epsilon` — by default the number of targets, i.e. the targets are missed by
one tolerance each on average, so the tolerances say how closely the data pin the parameters
down. (When fewer than two points of a round qualify, the `accept` share closest to the targets is
taken instead, and the fit says so.) The accepted points of the last round are a sample of the
ABC posterior within that round's box (the proposal is uniform there, so every accepted point
weighs the same); their percentiles give the uncertainty. The estimate is the point with the
smallest distance over all rounds (the simulated-method-of-moments estimate).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from simtoolkit.analysis.factors import Factor, box_around, latin_hypercube, points_from_unit
from simtoolkit.analysis.bootstrap import USES
from simtoolkit.analysis.outcomes import Outcome, parse_outcome
from simtoolkit.errors import InputError

ModelFn = Callable[[list[dict]], np.ndarray]
TARGET_DIR = Path(__file__).parent / "targets"
MIN_WIDTH = 0.02  # a later round's box is never narrower than this share of a factor's range
TOLERANCE_FLOOR = 1.0  # default tolerance: √|observed| (a count's Poisson spread), at least one


@dataclass(frozen=True)
class Target:
    """An observed outcome, the tolerance a fit is allowed, and where the number comes from."""

    outcome: Outcome
    value: float
    tolerance: float
    source: str = ""
    use: str = "fit"  # fit | validate (held out) | identity (fixed by the rules or other targets: shown, never used)
    reason: str = ""  # why a target is held out or an identity


def default_tolerance(value: float) -> float:
    """√|value|, at least 1: the spread of a count of that size."""
    return max(TOLERANCE_FLOOR, math.sqrt(abs(value)))


# ---- targets -----------------------------------------------------------------------------------
def shipped_targets() -> list[str]:
    """Names of the target files shipped with the toolkit."""
    return sorted(p.stem for p in TARGET_DIR.glob("*.csv"))


def target_file(name: str) -> Path:
    """A shipped target set by name, or a path to the user's CSV/XLSX file."""
    shipped = TARGET_DIR / f"{name}.csv"
    if shipped.exists():
        return shipped
    path = Path(name)
    if not path.exists():
        raise InputError(f"--targets {name}: no such file, and not a shipped target set ({', '.join(shipped_targets())})")
    return path


def read_targets(name: str, years: int, start_year: int, indicators: Sequence[str] = ()) -> list[Target]:
    """Targets from a table with columns output, value and optional tolerance, source, use (fit, validate, identity), reason."""
    from simtoolkit.io.read_table import Column, read_table

    path = target_file(name)
    columns = [Column("output", "指标"), Column("value", "观测值", "number"),
               Column("tolerance", "容差", "number", required=False, min=0.0),
               Column("source", "来源", required=False), Column("use", "用途", required=False),
               Column("reason", "理由", required=False)]
    frame = read_table(path, columns).frame
    targets, problems = [], []
    for row, r in frame.iterrows():
        try:
            outcome = parse_outcome(str(r["output"]), years, start_year, indicators)
        except InputError as exc:
            problems += [f"{path}: row {row}, column output: {line}" for line in exc.lines]
            continue
        tolerance = r.get("tolerance")
        tolerance = default_tolerance(r["value"]) if tolerance is None or pd.isna(tolerance) else float(tolerance)
        if tolerance <= 0:
            problems.append(f"{path}: row {row}, column tolerance: must be above 0")
            continue
        use = _text(r.get("use")) or "fit"
        if use not in USES:
            problems.append(f"{path}: row {row}, column use: {use!r} is not one of {', '.join(USES)}")
            continue
        targets.append(Target(outcome, float(r["value"]), tolerance, _text(r.get("source")), use, _text(r.get("reason"))))
    if not targets and not problems:
        problems.append(f"{path}: no targets (one row per output)")
    if problems:
        raise InputError(problems)
    return targets


def _text(cell) -> str:
    """A table cell as text ('' when empty)."""
    return "" if cell is None or pd.isna(cell) else str(cell).strip()


def parse_target(text: str, years: int, start_year: int, indicators: Sequence[str] = ()) -> Target:
    """A target from ``output=value`` or ``output=value+-tolerance`` (``±`` also works)."""
    name, sep, rest = text.partition("=")
    if not sep:
        raise InputError(f"--target {text}: expected output=value or output=value+-tolerance")
    value_text, _, tolerance_text = rest.replace("±", "+-").partition("+-")
    try:
        value = float(value_text)
        tolerance = float(tolerance_text) if tolerance_text.strip() else default_tolerance(value)
    except ValueError:
        raise InputError(f"--target {text}: value and tolerance must be numbers") from None
    if not (math.isfinite(value) and math.isfinite(tolerance) and tolerance > 0):
        raise InputError(f"--target {text}: value must be finite and tolerance above 0")
    try:
        outcome = parse_outcome(name.strip(), years, start_year, indicators)
    except InputError as exc:
        raise InputError([f"--target {line}" for line in exc.lines]) from None
    return Target(outcome, value, tolerance, "--target")


def check_targets(targets: Sequence[Target]) -> None:
    """Each output at most once."""
    names = [t.outcome.name for t in targets]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise InputError([f"target {n}: given more than once" for n in twice])


# ---- the fit -------------------------------------------------------------------------------------
def distances(outputs: np.ndarray, targets: Sequence[Target]) -> np.ndarray:
    """Sum of squared misses in tolerances, per point (infinite where an output is missing)."""
    observed = np.array([t.value for t in targets])
    tolerance = np.array([t.tolerance for t in targets])
    d = (((outputs - observed) / tolerance) ** 2).sum(axis=1)
    return np.where(np.isfinite(d), d, np.inf)


@dataclass
class Fit:
    """Every evaluated point, which were accepted, the estimate and the posterior sample."""

    factors: list[Factor]
    targets: list[Target]
    rounds: pd.DataFrame  # round, the factors' values, outputs, distance, accepted
    estimate: dict[str, float]
    best_outputs: np.ndarray
    level: float
    epsilon: float
    relaxed: list[int]  # rounds in which fewer than two points were within epsilon (the closest share was taken)

    def posterior(self) -> pd.DataFrame:
        """The accepted points of the last round."""
        last = self.rounds[self.rounds["round"] == self.rounds["round"].max()]
        return last[last["accepted"]]

    def estimates(self) -> pd.DataFrame:
        """parameter, estimate, posterior mean, sd, low, high (central `level` band), prior bounds."""
        post = self.posterior()
        tail = (1.0 - self.level) / 2.0 * 100.0
        rows = []
        for f in self.factors:
            x = post[f.key].to_numpy(dtype=float)
            low, high = np.percentile(x, [tail, 100.0 - tail])
            rows.append({"parameter": f.key, "estimate": self.estimate[f.key], "posterior_mean": float(x.mean()),
                         "posterior_sd": float(x.std(ddof=1)) if x.size > 1 else 0.0, "low": float(low),
                         "high": float(high), "prior_low": f.low, "prior_high": f.high, "accepted": int(x.size)})
        return pd.DataFrame(rows)

    def fit_table(self) -> pd.DataFrame:
        """output, target, tolerance, simulated at the estimate, miss, miss in tolerances, source."""
        rows = []
        for t, sim in zip(self.targets, self.best_outputs):
            rows.append({"output": t.outcome.name, "target": t.value, "tolerance": t.tolerance, "simulated": float(sim),
                         "miss": float(sim - t.value), "miss_tolerances": float((sim - t.value) / t.tolerance),
                         "source": t.source})
        return pd.DataFrame(rows)


def fit(function: ModelFn, factors: Sequence[Factor], targets: Sequence[Target], samples: int, rounds: int, seed: int,
        epsilon: float | None = None, accept: float = 0.1, margin: float = 0.25, level: float = 0.9) -> Fit:
    """ABC by rejection in rounds of `samples` points each; see the module's description."""
    d = len(factors)
    epsilon = float(len(targets)) if epsilon is None else float(epsilon)
    low, high = np.zeros(d), np.ones(d)
    frames, relaxed, best_d, best_point, best_outputs = [], [], np.inf, None, None
    for r in range(rounds):
        unit = low + latin_hypercube(d, samples, [seed, r]) * (high - low)
        points = points_from_unit(factors, unit)
        outputs = np.asarray(function(points), dtype=np.float64)
        dist = distances(outputs, targets)
        accepted = dist <= epsilon
        if accepted.sum() < 2:
            relaxed.append(r + 1)
            order = np.argsort(dist, kind="stable")[: max(2, int(math.ceil(accept * samples)))]
            accepted[:] = False
            accepted[order] = np.isfinite(dist[order])
        frames.append(_round_frame(r + 1, factors, points, targets, outputs, dist, accepted))
        i = int(np.argmin(dist))
        if dist[i] < best_d:
            best_d, best_point, best_outputs = dist[i], points[i], outputs[i]
        if not accepted.any():
            break
        low, high = box_around(unit[accepted], margin, MIN_WIDTH)
    if best_point is None:
        raise InputError("calibration: no point of the design could be simulated (see failures.csv)")
    return Fit(list(factors), list(targets), pd.concat(frames, ignore_index=True), dict(best_point), best_outputs, level,
               epsilon, relaxed)


def _round_frame(r: int, factors, points, targets, outputs, dist, accepted) -> pd.DataFrame:
    """One round's points as rows."""
    frame = pd.DataFrame(points, columns=[f.key for f in factors])
    frame.insert(0, "round", r)
    for j, t in enumerate(targets):
        frame[t.outcome.name] = outputs[:, j]
    frame["distance"] = dist
    frame["accepted"] = accepted
    return frame


# ---- the check and the overlay -----------------------------------------------------------------
def check_table(targets: Sequence[Target], per_rep: np.ndarray, level: float) -> pd.DataFrame:
    """output, target, tolerance, mean, low, high (band over replications), within (|mean − target| ≤ tolerance)."""
    tail = (1.0 - level) / 2.0 * 100.0
    rows = []
    for j, t in enumerate(targets):
        x = per_rep[:, j][np.isfinite(per_rep[:, j])]
        mean = float(x.mean()) if x.size else math.nan
        low, high = (np.percentile(x, [tail, 100.0 - tail]) if x.size else (math.nan, math.nan))
        rows.append({"output": t.outcome.name, "target": t.value, "tolerance": t.tolerance, "mean": mean,
                     "low": float(low), "high": float(high), "within": bool(abs(mean - t.value) <= t.tolerance)})
    return pd.DataFrame(rows)


def overlay_text(base_file: Path, out_dir: Path, values: dict, title: str, notes: Sequence[str]) -> str:
    """A scenario file that extends the base and sets the fitted (and other changed) values."""
    import os

    relative = Path(os.path.relpath(Path(base_file).resolve(), Path(out_dir).resolve())).as_posix()
    lines = [*(f"# {n}" for n in notes), f"extends = {_toml(relative)}", f"title = {_toml(title)}", ""]
    groups: dict[str, list[str]] = {}
    for key in sorted(values):
        group, name = key.rsplit(".", 1)
        groups.setdefault(group, []).append(f"{name} = {_toml(values[key])}")
    for group, body in groups.items():
        lines += [f"[{group}]", *body, ""]
    return "\n".join(lines)


def _toml(value) -> str:
    """A TOML literal for a scalar, list or dated table."""
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")
