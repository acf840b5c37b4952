"""`simtoolkit score first-secretary`: grade first secretaries from a file of records (Jiaozhou's rulebook)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

import simtoolkit
from simtoolkit.errors import InputError
from simtoolkit.io.read_table import read_table, write_template
from simtoolkit.io.write import csv_header_is, refuse_inputs, write_csv, write_file
from simtoolkit.rules import first_secretary as rulebook
from simtoolkit.scenario import Params, load_scenario

DEFAULT_SCENARIO = "jiaozhou.toml"


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `score` and its `first-secretary` sub-command."""
    score = sub.add_parser("score", help="score and grade records with a scenario's rulebook")
    kinds = score.add_subparsers(dest="rulebook", required=True, metavar="RULEBOOK")
    p = kinds.add_parser(
        "first-secretary",
        help="first secretaries: Jiaozhou's 三定一诺双评 (organisation score × satisfaction, graded within categories)",
    )
    p.add_argument("records", nargs="?", metavar="RECORDS", help="records: CSV (UTF-8, UTF-8 with BOM or GB18030) or XLSX")
    p.add_argument("--out", type=Path, metavar="FILE.csv", help="write the result as CSV (UTF-8 with BOM) instead of printing it")
    p.add_argument("--scenario", type=Path, metavar="FILE", help=f"scenario with [policy.first_secretary] (default: the shipped {DEFAULT_SCENARIO})")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of grades, reasons and template headers (default zh)")
    p.add_argument("--template", type=Path, metavar="FILE", help="write an empty input file (.csv or .xlsx) with every column, and stop")
    p.add_argument("--force", action="store_true",
                   help="replace an existing file that is not an earlier result (the records themselves, a filled template)")
    p.set_defaults(handler=run_first_secretary)


def default_scenario() -> Path:
    """The shipped Jiaozhou scenario, beside the package."""
    path = Path(simtoolkit.__file__).resolve().parents[1] / "scenarios" / DEFAULT_SCENARIO
    if not path.is_file():
        raise InputError(f"the default scenario {path} is missing; give one with --scenario FILE")
    return path


def rulebook_params(path: Path) -> Params:
    """The scenario's values in force in its first year; it must have the first-secretary rulebook."""
    scenario = load_scenario(path)
    if not scenario.has(rulebook.GROUP):
        raise InputError(f"{path}: has no [{rulebook.GROUP}] section, so there is no first-secretary rulebook to score with")
    return scenario.params(scenario.value("run.start_year"))


def run_first_secretary(args: argparse.Namespace) -> int:
    """Write a template, or read, score, grade and write the records; bad input raises InputError."""
    if args.template:
        if args.records:
            raise InputError("give either RECORDS or --template FILE, not both")
        write_file(args.template, lambda p: write_template(rulebook.record_columns(), p, args.lang), force=args.force)
        print(f"wrote an empty first-secretary records template to {args.template}")
        return 0
    if not args.records:
        raise InputError("give the RECORDS file to score, or --template FILE for an empty one")
    if args.out and not args.force:
        refuse_inputs([args.out], [args.records, args.scenario])  # before the work, not after it
    P = rulebook_params(args.scenario or default_scenario())
    table = read_table(args.records, rulebook.record_columns(P), checks=[rulebook.vote_problems])
    for warning in table.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if table.frame.empty:
        raise InputError(f"{args.records}: has a header but no records")
    result = rulebook.present(rulebook.assess(table.frame, P), table.frame, P, args.lang)
    if args.out:
        # an earlier result (the same header) is replaced; the records, or any other file, only with --force
        write_file(args.out, lambda p: write_csv(result, p), inputs=[args.records, args.scenario], force=args.force,
                   ours=lambda p: csv_header_is(p, result.columns))
        print(f"wrote {len(result)} graded records to {args.out}")
    else:
        # east-Asian width keeps the columns aligned when cells hold Chinese
        with pd.option_context("display.unicode.east_asian_width", True, "display.max_colwidth", None):
            print(result.to_string(index=False))
    return 0
