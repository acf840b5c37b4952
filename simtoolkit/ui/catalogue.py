"""The scenarios a dashboard offers: county-sized files in `scenarios/` that validate."""

from __future__ import annotations

from pathlib import Path

import simtoolkit
from simtoolkit.scenario import Scenario, ScenarioError, load_scenario
from simtoolkit.streams import Streams
from simtoolkit.world.synthesis import synthesise

SCENARIO_DIR = Path(simtoolkit.__file__).resolve().parents[1] / "scenarios"
COUNTY_HEADS = 5000  # a county's size for the dashboard: larger places take too long to recompute live


def places(scenario: Scenario) -> int:
    """Villages and communities the population will have (each has at least one head post): cheap, no synthesis."""
    if "population.generated_townships" in scenario.values:
        year = scenario.value("run.start_year")
        return int(scenario.value("population.generated_villages", year)) + int(scenario.value("population.generated_communities", year))
    return sum(int(row["villages"]) + int(row["communities"]) for row in scenario.raw("population.townships"))


def head_count(scenario: Scenario) -> int:
    """Heads (posts) in the synthesised population of replication 0."""
    return len(synthesise(scenario, Streams(scenario.value("run.seed"), 0)).heads)


def county_scenarios(folder: Path = SCENARIO_DIR, max_heads: int = COUNTY_HEADS) -> dict[str, Path]:
    """Display name → path of each scenario file that validates and has fewer than `max_heads` heads."""
    found = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            scenario = load_scenario(path)
        except ScenarioError:
            continue
        # a province is recognised before it is synthesised (that alone takes seconds)
        if places(scenario) < max_heads and head_count(scenario) < max_heads:
            found[f"{path.stem} · {scenario.title}" if scenario.title else path.stem] = path
    return found
