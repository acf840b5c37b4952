"""The scenarios a dashboard offers: county-sized files in `scenarios/` that validate; and, for a group a
scenario lacks, the shipped scenarios whose values of that group can fill it."""

from __future__ import annotations

from functools import lru_cache
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


def shipped(folder: Path = SCENARIO_DIR, max_heads: int = COUNTY_HEADS) -> list[tuple[Path, Scenario, bool]]:
    """Each scenario file in `folder` that validates, in name order, with whether it has fewer than `max_heads`
    heads; read again only when a file changes."""
    paths = sorted(folder.glob("*.toml"))
    return list(_shipped(tuple((p, p.stat().st_mtime_ns) for p in paths), max_heads))


@lru_cache(maxsize=4)
def _shipped(files: tuple[tuple[Path, int], ...], max_heads: int) -> tuple[tuple[Path, Scenario, bool], ...]:
    found = []
    for path, _ in files:
        try:
            scenario = load_scenario(path)
        except ScenarioError:
            continue
        # a province is recognised before it is synthesised (that alone takes seconds)
        found.append((path, scenario, places(scenario) < max_heads and head_count(scenario) < max_heads))
    return tuple(found)


def county_scenarios(folder: Path = SCENARIO_DIR, max_heads: int = COUNTY_HEADS) -> dict[str, Path]:
    """Display name (the scenario's title; its file name when it has none) → path of each scenario file that
    validates and has fewer than `max_heads` heads."""
    return {scenario.title or path.stem: path
            for path, scenario, county in shipped(folder, max_heads) if county}


def group_sources(group: str, folder: Path = SCENARIO_DIR) -> dict[str, Scenario]:
    """File name → scenario of each shipped scenario that has `group`: the county-sized ones first."""
    found = [(not county, path.name, scenario) for path, scenario, county in shipped(folder) if scenario.has(group)]
    return {name: scenario for _, name, scenario in sorted(found, key=lambda f: f[:2])}
