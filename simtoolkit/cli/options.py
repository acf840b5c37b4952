"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simtoolkit.scenario import ScenarioError, parse_assignment


def scenario_changes(assignments: list[str]) -> dict[str, Any]:
    """Parse repeated ``--set dotted.key=value`` options, reporting every bad one at once."""
    changes, problems = {}, []
    for text in assignments:
        try:
            key, value = parse_assignment(text)
            changes[key] = value
        except ScenarioError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioError(problems)
    return changes


def add_run_options(p) -> None:
    """--years, --reps, --seed and --set, shared by run-like commands."""
    p.add_argument("--years", type=_positive, help="years to simulate (default: the scenario's run.years)")
    p.add_argument("--reps", type=_positive, help="replications (default: the scenario's run.replications)")
    p.add_argument("--seed", type=_non_negative, help="random seed (default: the scenario's run.seed)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="change a parameter, e.g. policy.stars.award_per_star=1500 (repeatable)")


def add_format_option(p) -> None:
    """--format csv|parquet for the tables an experiment writes."""
    from simtoolkit.io.parquet import FORMATS

    p.add_argument("--format", choices=FORMATS, default="csv",
                   help="tables as CSV (UTF-8 with BOM, default) or Parquet (needs pyarrow; text columns categorical)")


def load_from_args(args):
    """The validated scenario with --set changes, and reps, seed and years with defaults filled in."""
    from simtoolkit.scenario import load_scenario

    changes = {**scenario_changes(args.set), **run_changes(args)}
    scenario = load_scenario(args.scenario, changes, RUN_OPTIONS)
    return scenario, scenario.value("run.replications"), scenario.value("run.seed"), scenario.value("run.years")


# [run] keys set by their own options: a problem with one blames the option, not --set
RUN_OPTIONS = {"run.years": "--years", "run.replications": "--reps", "run.seed": "--seed"}


def run_changes(args) -> dict[str, int]:
    """The [run] values given as --years, --reps and --seed."""
    given = {"run.years": args.years, "run.replications": args.reps, "run.seed": args.seed}
    return {key: value for key, value in given.items() if value is not None}


def whole_number(minimum: int):
    """An argparse type: a whole number of at least `minimum`, with a one-line message otherwise."""
    import argparse

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


_positive, _non_negative = whole_number(1), whole_number(0)


def port_number(text: str) -> int:
    """argparse type: a TCP port number."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 1..65535, got {value}")
    return value


def add_roster_options(p) -> None:
    """--roster, --retirees and --template: start from the county's real heads and former heads."""
    p.add_argument("--roster", type=Path, metavar="FILE", help="current heads (CSV or XLSX): id, township, village, role, age, sex, years_in_post, stars")
    p.add_argument("--retirees", type=Path, metavar="FILE", help="former heads (CSV or XLSX): id, township, sex, birth_year, stars_at_exit, years_served, exit_year")
    p.add_argument("--template", type=Path, metavar="DIR", help="write empty roster and retirees files (CSV and XLSX) into DIR, and stop")


def roster_from_args(args, scenario):
    """The roster files of --roster/--retirees read and checked (warnings printed); an empty Roster when none."""
    import sys

    from simtoolkit.world.roster import read_roster

    roster = read_roster(scenario, getattr(args, "roster", None), getattr(args, "retirees", None))
    for warning in roster.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return roster


def write_roster_templates(args) -> bool:
    """With --template DIR, write the empty roster files (all or none, never over a file without --force); True when it did."""
    from simtoolkit.io.write import staged_output
    from simtoolkit.world.roster import write_templates

    if not getattr(args, "template", None):
        return False
    with staged_output(args.template, force=getattr(args, "force", False), replace=False) as stage:
        names = [path.name for path in write_templates(stage, getattr(args, "lang", "zh"))]
    for name in names:
        print(f"wrote {args.template / name}")
    return True


def add_resource_option(p) -> None:
    """--skip-resource-check: start even when the run is estimated not to fit in memory."""
    p.add_argument("--skip-resource-check", action="store_true",
                   help="start even when the run's estimated memory exceeds what this machine has available")


def guard_resources(args, runs: list, years: int, tables: bool = True) -> None:
    """Refuse a run that cannot fit in memory and warn before a long one (experiments/resources.py); `tables`
    False when only outcomes are kept, not every replication's tables."""
    from simtoolkit.experiments.executors import default_workers
    from simtoolkit.experiments.resources import check_resources

    workers = getattr(args, "workers", None) or default_workers()
    local = not getattr(args, "scheduler", None)  # a remote cluster's memory is not this machine's
    check_resources(runs, years, workers, getattr(args, "skip_resource_check", False), local=local, tables=tables,
                    lang=getattr(args, "lang", "zh"))


def add_force_option(p) -> None:
    """--force: allow replacing an input file or a file this command did not write."""
    p.add_argument("--force", action="store_true",
                   help="replace existing files even when they are inputs or were not written by this command")


def inputs_of(args, *scenarios) -> list:
    """Every file a command reads (scenario chains, rosters, records), which its outputs must not replace."""
    files = [f for s in scenarios for f in s.files]
    files += [getattr(args, name, None) for name in ("roster", "retirees", "records", "scenario", "baseline", "base", "reform")]
    return [f for f in files if f and not isinstance(f, bool)]


def add_executor_options(p) -> None:
    """--executor, --workers, --scheduler: where replications run (results are the same everywhere)."""
    p.add_argument("--executor", choices=["local", "dask"], default="local",
                   help="local processes (default) or a Dask cluster")
    p.add_argument("--workers", type=_positive, help="worker processes (default: the cores available; 1 runs in this process)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default with --executor dask: a local cluster)")
    p.add_argument("--worker-timeout", type=_seconds, metavar="SECONDS",
                   help="with Dask: stop (keeping finished runs) when the cluster has had no worker this long (default 120)")


def _seconds(text: str) -> float:
    """argparse type: a positive number of seconds."""
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text!r}")
    return value


def add_level_option(p) -> None:
    """--level: the central band of replications (0.9 or 90 for 90 %)."""
    p.add_argument("--level", type=_level, default=0.9, help="band over replications, e.g. 0.9 or 90 (default 0.9)")


def _level(text: str) -> float:
    """argparse type: a band level, as a fraction (0.9) or a percentage (90 or 90%)."""
    import argparse

    raw = text.strip().rstrip("%")
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a level such as 0.9 or 90, got {text!r}") from None
    if text.strip().endswith("%") or value > 1:
        value /= 100.0
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (or 0 and 100 %), got {text!r}")
    return value
