"""Setting up a study from what a user names: base scenario, factors, outcomes, horizon; all checked before anything runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simtoolkit.analysis.evaluate import ModelFunction
from simtoolkit.analysis.factors import Factor, parse_factors
from simtoolkit.analysis.outcomes import Outcome, horizon_years, needs_probe, parse_outcomes
from simtoolkit.scenario import Scenario, ScenarioError


@dataclass
class Study:
    """A base scenario, the factors varied, the horizon and seed, and the model's indicator names."""

    base: Scenario
    factors: list[Factor]
    seed: int
    years: int
    start_year: int
    indicators: tuple[str, ...]

    def outcomes(self, texts: Sequence[str], option: str = "--output") -> list[Outcome]:
        """Outcomes named by the user, checked against this study's horizon."""
        return parse_outcomes(texts, self.years, self.start_year, self.indicators, option)

    def function(self, outcomes: Sequence[Outcome], reps: int, **run_options: Any) -> ModelFunction:
        """The model as a function of the factors, after checking the corners of their box."""
        function = ModelFunction(self.base, self.factors, outcomes, reps, self.seed, self.years, **run_options)
        check_corners(self.base, self.factors)
        return function


def open_study(scenario: str, sets: dict, params: Sequence[str], outputs: Sequence[str], years: int | None,
               seed: int | None) -> Study:
    """Load the base scenario (with --set changes), parse the factors, settle the horizon and the indicator names.

    The horizon is `years` when given; otherwise the shortest that every output naming a year needs
    (``fiscal_cost@3`` needs 3), or the scenario's run.years when some output needs the whole horizon;
    an output beyond run.years needs --years.
    """
    from simtoolkit.scenario import load_scenario

    return study_of(load_scenario(scenario, sets), parse_factors(params), outputs, years, seed)


def study_of(base: Scenario, factors: Sequence[Factor], outputs: Sequence[str], years: int | None,
             seed: int | None) -> Study:
    """A study of a loaded scenario: the horizon and indicator names settled as `open_study` says."""
    start_year, full = int(base.value("run.start_year")), int(base.value("run.years"))
    seed = int(base.value("run.seed")) if seed is None else int(seed)
    indicators = probe_indicators(base, seed, years or full) if needs_probe(outputs) else ()
    if years is None:
        outcomes = parse_outcomes(outputs, full, start_year, indicators)
        years = horizon_years(outcomes, start_year) or full
    return Study(base, list(factors), seed, int(years), start_year, tuple(indicators))


def probe_indicators(base: Scenario, seed: int, years: int) -> tuple[str, ...]:
    """The indicator names a run of the base scenario records (one replication, run here)."""
    from simtoolkit.experiments.runner import simulate_replication

    return simulate_replication(base, 0, seed, years).indicator_names


def check_corners(base: Scenario, factors: Sequence[Factor]) -> None:
    """Every factor at its low and its high bound (others as in the base), and all low, all high, must validate."""
    points = {"all low": {f.key: f.clean(f.low) for f in factors}, "all high": {f.key: f.clean(f.high) for f in factors}}
    for f in factors:
        points |= {f"{f.key} low": {f.key: f.clean(f.low)}, f"{f.key} high": {f.key: f.clean(f.high)}}
    problems = []
    for name, point in points.items():
        try:
            base.with_changes(point, origin=f"--param ({name})")
        except ScenarioError as exc:
            problems += exc.problems
    if problems:
        raise ScenarioError(problems)
