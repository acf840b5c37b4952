"""`simtoolkit run SCENARIO`: replications of a scenario; stars and costs printed, CSVs and a manifest written."""

from __future__ import annotations

import argparse
from pathlib import Path

from simtoolkit.cli.options import add_force_option, add_resource_option, add_roster_options, guard_resources, inputs_of
from simtoolkit.cli.options import roster_from_args, write_roster_templates
from simtoolkit.cli.options import add_executor_options, add_format_option, add_level_option, add_run_options, load_from_args
from simtoolkit.experiments.outputs import check_out, report_failures, report_interrupted
from simtoolkit.experiments.runner import RunInterrupted, run_replications
from simtoolkit.io.manifest import manifest
from simtoolkit.io.parquet import require_parquet, write_parquet
from simtoolkit.io.write import staged_output, write_csv, write_json
from simtoolkit.report.tables import costs_table, fen_to_text, indicators_table, stars_table
from simtoolkit.report.terminal import costs_text, stars_text, word
from simtoolkit.report.distribution import grades_text


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser("run", help="simulate a scenario: star distribution and cost per item and year")
    p.add_argument("scenario", help="scenario TOML file")
    add_run_options(p)
    add_roster_options(p)
    p.add_argument("--out", type=Path, help="folder for stars.csv, costs.csv, indicators.csv, manifest.json (and runs/ to resume)")
    add_format_option(p)
    add_level_option(p)
    add_executor_options(p)
    add_force_option(p)
    add_resource_option(p)
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of printed tables (default zh)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Validate everything first, simulate, print, then write all files at once."""
    if write_roster_templates(args):
        return 0
    scenario, reps, seed, years = load_from_args(args)
    roster = roster_from_args(args, scenario)
    guard_resources(args, [(scenario, reps)], years)
    check_out(args.out)
    require_parquet(args.format)
    try:
        outcome = run_replications(scenario, reps, seed, years, executor=args.executor, workers=args.workers,
                                   scheduler=args.scheduler, worker_timeout=args.worker_timeout, out=args.out, roster=roster if roster.given else None,
                                   lang=args.lang)
    except RunInterrupted as exc:
        return report_interrupted(exc, args.lang)
    results = outcome.complete("scenario")
    if not results:
        return report_failures(outcome, args.out, args.lang)
    stars, costs, indicators = stars_table(results), costs_table(results), indicators_table(results)
    print(word("replications", args.lang, reps=reps, seed=seed, years=years))
    if scenario.has("policy.stars"):
        print(stars_text(stars, args.lang, args.level))
        print()
    elif grades := grades_text(indicators, args.lang, args.level):
        print(grades)  # without stars, the distribution to show is the annual grades
        print()
    print(costs_text(costs, args.lang, args.level, len(results)))
    if args.out:
        with staged_output(args.out, inputs_of(args, scenario), args.force) as stage:
            write = write_parquet if args.format == "parquet" else write_csv
            write(stars, stage / f"stars.{args.format}")
            write(costs.assign(yuan=fen_to_text(costs["fen"])).drop(columns="fen"), stage / f"costs.{args.format}")
            write(indicators, stage / f"indicators.{args.format}")
            write_json(manifest(scenario, seed=seed, replications=reps, years=years, command="run"), stage / "manifest.json")
        print(word("written", args.lang, path=args.out))
    return report_failures(outcome, args.out, args.lang)

