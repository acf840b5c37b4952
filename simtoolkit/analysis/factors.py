"""Factors: the scenario parameters an analysis varies, each within bounds, and the points it visits.

A factor is written ``dotted.key=low:high`` (repeatable ``--param``), in the unit the scenario
file uses (percentages in percent). Only number and integer parameters can vary; an integer
factor's values are rounded. A value replaces the parameter for every year, so a dated table in
the base scenario becomes one value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from simtoolkit.scenario import Problem, ScenarioError, load_schema
from simtoolkit.scenario.load import suggest

SIGNIFICANT_DIGITS = 6  # values are rounded so that what a CSV shows is exactly what was simulated


@dataclass(frozen=True)
class Factor:
    """A parameter varied between `low` and `high` (as written in scenarios)."""

    key: str
    low: float
    high: float
    integer: bool = False

    def label(self, lang: str) -> str:
        """The parameter's label in the given language."""
        return load_schema().params[self.key].label(lang)

    @property
    def unit(self) -> str:
        """The unit as written in scenarios."""
        return load_schema().params[self.key].unit

    def value(self, unit: float) -> float | int:
        """The factor's value at a position in [0, 1] of its range, rounded as simulated."""
        return self.clean(self.low + float(unit) * (self.high - self.low))

    def clean(self, value: float) -> float | int:
        """A value rounded as simulated: a whole number for integers, else 6 significant digits."""
        if self.integer:
            return int(round(value))
        return float(f"{value:.{SIGNIFICANT_DIGITS}g}")

    def describe(self) -> dict:
        """For manifests."""
        return {"key": self.key, "low": self.low, "high": self.high, "integer": self.integer}


def parse_factors(texts: Sequence[str], option: str = "--param", parse=None) -> list[Factor]:
    """Factors from ``key=low:high`` texts (or what `parse` accepts); every bad one is reported at once (ScenarioError)."""
    factors, problems = [], []
    for text in texts:
        try:
            factors.append((parse or parse_factor)(text, option))
        except ScenarioError as exc:
            problems.extend(exc.problems)
    keys = [f.key for f in factors]
    problems += [Problem(option, k, "given more than once") for k in sorted({k for k in keys if keys.count(k) > 1})]
    if not texts:
        problems.append(Problem(option, "", "give at least one parameter to vary, e.g. policy.stars.award_per_star=500:2000"))
    if problems:
        raise ScenarioError(problems)
    return factors


def parse_factor(text: str, option: str = "--param") -> Factor:
    """One factor from ``dotted.key=low:high``."""
    key, sep, bounds = (part.strip() for part in text.partition("="))
    if not sep or not key:
        raise ScenarioError([Problem(option, text, "expected dotted.key=low:high")])
    schema = load_schema()
    param = schema.params.get(key)
    if param is None:
        raise ScenarioError([Problem(option, key, "unknown key" + suggest(key, list(schema.params)))])
    if param.kind not in ("number", "integer"):
        raise ScenarioError([Problem(option, key, f"is a {param.kind} parameter; only numbers can vary")])
    low, sep, high = bounds.partition(":")
    try:
        low_value, high_value = float(low), float(high)
    except ValueError:
        low_value = high_value = math.nan
    if not sep or not (math.isfinite(low_value) and math.isfinite(high_value)):
        raise ScenarioError([Problem(option, key, f"expected low:high numbers after '=', got {bounds!r}")])
    if not low_value < high_value:
        raise ScenarioError([Problem(option, key, f"low {low} must be below high {high}")])
    problems = _outside_schema(key, low_value, high_value, option)
    if problems:
        raise ScenarioError(problems)
    return Factor(key, low_value, high_value, param.kind == "integer")


def factor_within_schema(text: str, option: str = "params") -> Factor:
    """A factor from ``dotted.key=low:high``, or from a bare key over the parameter's valid range in the schema."""
    if "=" in text:
        return parse_factor(text, option)
    key = text.strip()
    param = load_schema().params.get(key)
    if param is None:
        raise ScenarioError([Problem(option, key, "unknown key" + suggest(key, list(load_schema().params)))])
    if not (isinstance(param.min, (int, float)) and isinstance(param.max, (int, float))):
        raise ScenarioError([Problem(option, key, "the schema gives no numeric range: write it as key=low:high")])
    return parse_factor(f"{key}={param.min}:{param.max}", option)


def _outside_schema(key: str, low: float, high: float, option: str) -> list[Problem]:
    """Bounds beyond the parameter's valid range (bounds naming other parameters are checked per point)."""
    param = load_schema().params[key]
    problems = []
    if isinstance(param.min, (int, float)) and low < param.min:
        problems.append(Problem(option, key, f"low {low:g} is below the parameter's minimum {param.min:g} {param.unit}".rstrip()))
    if isinstance(param.max, (int, float)) and high > param.max:
        problems.append(Problem(option, key, f"high {high:g} is above the parameter's maximum {param.max:g} {param.unit}".rstrip()))
    return problems


def points_from_unit(factors: Sequence[Factor], unit: np.ndarray) -> list[dict[str, float | int]]:
    """Points (key → value) from rows of positions in [0, 1]^d."""
    return [{f.key: f.value(u) for f, u in zip(factors, row)} for row in np.atleast_2d(unit)]


def points_from_values(factors: Sequence[Factor], values: np.ndarray) -> list[dict[str, float | int]]:
    """Points (key → value) from rows of raw values, rounded as simulated."""
    return [{f.key: f.clean(v) for f, v in zip(factors, row)} for row in np.atleast_2d(values)]


def latin_hypercube(dimensions: int, samples: int, seed) -> np.ndarray:
    """`samples` points of a Latin hypercube on [0, 1]^dimensions (scipy's sampler, seeded)."""
    from scipy.stats import qmc

    rng = np.random.default_rng(seed)
    try:
        sampler = qmc.LatinHypercube(d=dimensions, rng=rng)
    except TypeError:  # SciPy before 1.15 names it `seed`
        sampler = qmc.LatinHypercube(d=dimensions, seed=rng)
    return sampler.random(samples)


def box_around(unit: np.ndarray, margin: float, min_width: float) -> tuple[np.ndarray, np.ndarray]:
    """The box around points of [0, 1]^d, widened by `margin` of its width each side, within [0, 1]."""
    lo, hi = unit.min(axis=0), unit.max(axis=0)
    width = np.maximum(hi - lo, min_width)  # never collapse a factor to a point
    return np.clip(lo - margin * width, 0.0, 1.0), np.clip(hi + margin * width, 0.0, 1.0)
