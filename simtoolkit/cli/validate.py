"""`simtoolkit validate SCENARIO`: list every problem in a scenario (exit 0 when clean, 2 otherwise)."""

from __future__ import annotations

import argparse

from simtoolkit.cli.options import scenario_changes
from simtoolkit.scenario import load_scenario


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser("validate", help="check a scenario file and list every problem")
    p.add_argument("scenario", help="scenario TOML file")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="change a parameter (repeatable)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load and validate; ScenarioError propagates to main, which prints and exits 2."""
    scenario = load_scenario(args.scenario, scenario_changes(args.set))
    groups = ", ".join(sorted(scenario.groups))
    print(f"{args.scenario}: valid ({len(scenario.values)} parameters; groups: {groups})")
    return 0
