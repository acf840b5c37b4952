"""`simtoolkit report SCENARIO --out DIR`: the budget office's workbook and HTML page (Chinese by default)."""

from __future__ import annotations

import argparse
from pathlib import Path

import simtoolkit
from simtoolkit.budget.report import build_report, sheets
from simtoolkit.budget.words import word
from simtoolkit.cli.options import _non_negative, _positive, add_force_option, add_roster_options, inputs_of, roster_from_args
from simtoolkit.cli.options import RUN_OPTIONS, add_resource_option, guard_resources, run_changes, write_roster_templates
from simtoolkit.errors import InputError
from simtoolkit.io.write import claim_output, staged_output
from simtoolkit.budget.excel import write_workbook
from simtoolkit.budget.figures import figures
from simtoolkit.budget.html import write_html
from simtoolkit.report.terminal import prose, records_text
from simtoolkit.scenario import load_scenario

DEFAULT_BASELINE = "qingxu_before.toml"
BUDGET_GROUP = "policy.budget"


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser("report", help="budget report: cost projection with bands, liabilities, Excel workbook and HTML page")
    p.add_argument("scenario", help="scenario TOML file")
    p.add_argument("--baseline", type=Path, metavar="FILE", help=f"baseline scenario for the incremental cost (default: the shipped {DEFAULT_BASELINE})")
    p.add_argument("--years", type=_positive, help="years to project (default: the scenario's run.years)")
    p.add_argument("--reps", type=_positive, help="replications (default: the scenario's run.replications)")
    p.add_argument("--seed", type=_non_negative, help="random seed (default: the scenario's run.seed)")
    add_roster_options(p)
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the report (default zh)")
    p.add_argument("--out", type=Path, help="folder for report.xlsx and report.html")
    add_force_option(p)
    add_resource_option(p)
    p.set_defaults(handler=run)


def default_baseline() -> Path:
    """The shipped pre-reform Qingxu scenario, beside the package."""
    return Path(simtoolkit.__file__).resolve().parents[1] / "scenarios" / DEFAULT_BASELINE


def load_pair(args: argparse.Namespace):
    """The scenario and its baseline with run options applied; both must have the budget assumptions."""
    changes = run_changes(args)
    scenario = load_scenario(args.scenario, changes, RUN_OPTIONS)
    baseline_path = args.baseline or default_baseline()
    if not baseline_path.is_file():
        raise InputError(f"{baseline_path}: baseline scenario not found; give one with --baseline FILE")
    baseline = load_scenario(baseline_path, changes, RUN_OPTIONS)
    if not scenario.has(BUDGET_GROUP):
        raise InputError(f"{args.scenario}: has no [{BUDGET_GROUP}] section (discount_rate, band_level) needed for the report")
    return scenario, baseline


def run(args: argparse.Namespace) -> int:
    """Check every input, simulate reform and baseline, then write both files at once."""
    if write_roster_templates(args):
        return 0
    if not args.out:
        raise InputError("give --out DIR for report.xlsx and report.html")
    scenario, baseline = load_pair(args)
    roster = roster_from_args(args, scenario)
    reps, seed, years = (scenario.value(k) for k in ("run.replications", "run.seed", "run.years"))
    guard_resources(args, [(scenario, reps), (baseline, reps)], years)
    claim_output(args.out)
    report = build_report(scenario, baseline, reps, seed, years, roster)
    content = sheets(report, args.lang)
    with staged_output(args.out, inputs_of(args, scenario, baseline), args.force) as stage:
        heading = f"{word('report_title', args.lang)} · {scenario.name}"
        write_workbook(content, stage / "report.xlsx", heading, args.lang)
        write_html(word("report_title", args.lang), content, figures(report, args.lang), stage / "report.html", args.lang)
    headline = content[0][1][0]
    print(prose(headline.title))
    print(records_text(headline.frame))
    print(f"{word('report_title', args.lang)}: {args.out / 'report.xlsx'}, {args.out / 'report.html'}")
    return 0
