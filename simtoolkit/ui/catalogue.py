"""The scenarios a dashboard offers: county-sized files in `scenarios/` that validate."""

from __future__ import annotations

from pathlib import Path

import simtoolkit
from simtoolkit.scenario import Scenario, ScenarioError, load_scenario
from simtoolkit.streams import Streams
from simtoolkit.world.synthesis import synthesise

SCENARIO_DIR = Path(simtoolkit.__file__).resolve().parents[1] / "scenarios"
COUNTY_HEADS = 5000  # a county's size for the dashboard: larger places take too long to recompute live


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
        if head_count(scenario) < max_heads:
            found[f"{path.stem} · {scenario.title}" if scenario.title else path.stem] = path
    return found
