"""`simtoolkit compare BASE REFORM`: paired differences of a reform against its base (common random numbers)."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from simtoolkit.cli.options import RUN_OPTIONS, add_executor_options, add_force_option, add_format_option, add_level_option
from simtoolkit.cli.options import add_resource_option, add_run_options, guard_resources, inputs_of, run_changes, scenario_changes
from simtoolkit.experiments.words import word
from simtoolkit.report.terminal import outcome_text, prose, table_text
from simtoolkit.report.vocabulary import term
from simtoolkit.scenario import ScenarioError

HEADLINE_COSTS = ("cost:total", "cost:fiscal", "cost:nonfiscal")


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser("compare", help="a reform against its base: paired differences with bands")
    p.add_argument("base", help="base scenario TOML file")
    p.add_argument("reform", help="reform scenario TOML file")
    add_run_options(p)
    add_level_option(p)
    p.add_argument("--out", type=Path, help="folder for compare.csv, manifest.json and the finished runs (resume)")
    add_format_option(p)
    add_executor_options(p)
    add_force_option(p)
    add_resource_option(p)
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of printed tables (default zh)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Validate both scenarios, run the pairs, print and write the differences."""
    from simtoolkit.experiments.compare import COLUMNS, check_comparable, compare
    from simtoolkit.experiments.ensemble import is_cost
    from simtoolkit.experiments.outputs import check_out, fixed, report_failures, report_interrupted, write_files
    from simtoolkit.experiments.runner import NothingSucceeded, RunInterrupted
    from simtoolkit.io.manifest import manifest
    from simtoolkit.io.parquet import require_parquet

    base, reform = load_pair(args)
    check_comparable(base, reform)
    reps, seed, years = base.value("run.replications"), base.value("run.seed"), base.value("run.years")
    guard_resources(args, [(base, reps), (reform, reps)], years)
    check_out(args.out)
    try:
        result = compare(base, reform, reps, seed, years, executor=args.executor, workers=args.workers,
                         scheduler=args.scheduler, worker_timeout=args.worker_timeout, out=args.out, progress=None,
                         lang=args.lang)
    except RunInterrupted as exc:
        return report_interrupted(exc, args.lang)
    except NothingSucceeded as exc:
        return report_failures(exc.outcome, args.out, args.lang)
    table = result.table(args.level)
    cost = np.array([is_cost(m) for m in table["metric"]])
    for column in COLUMNS[2:]:
        table[column] = np.where(cost, fixed(table[column], 2), fixed(table[column], 3))
    print(summary_text(result.with_nonfiscal(), args.level, args.lang))
    print(outcome_text(result.outcome, args.lang))
    if args.out:
        files = {f"compare.{args.format}": table[COLUMNS],
                 "manifest.json": {"command": "compare", "seed": seed, "replications": reps, "years": years, "level": args.level,
                                   "paired_replications": len(result.replications),
                                   "base": manifest(base), "reform": manifest(reform)}}
        write_files(args.out, files, inputs_of(args, base, reform), args.force)
        print(word("written", args.lang, path=args.out))
    return report_failures(result.outcome, args.out, args.lang)


def load_pair(args: argparse.Namespace):
    """Both scenarios with --set and the run options applied; every problem of both reported at once."""
    from simtoolkit.scenario import load_scenario

    changes = {**scenario_changes(args.set), **run_changes(args)}
    loaded, problems = [], []
    for path in (args.base, args.reform):
        try:
            loaded.append(load_scenario(path, changes, RUN_OPTIONS))
        except ScenarioError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioError(problems)
    return loaded


def summary_text(result, level: float, lang: str) -> str:
    """The header, notes, the whole-horizon table of every metric that is not zero, and cost by year."""
    from simtoolkit.experiments.ensemble import is_cost

    pct = round(level * 100)
    lines = [prose(word("compare.header", lang, base=result.base.name, reform=result.reform.name, reps=len(result.replications),
                        seed=result.seed, years=result.years, level=pct))]
    horizon = result.horizon(level)
    headline = horizon["metric"].isin(HEADLINE_COSTS)  # total, fiscal and non-fiscal are shown even when zero
    shown = horizon[headline | (horizon[["base_mean", "reform_mean"]].abs() > 0).any(axis=1)]
    if not starred(result.base_values, result.names):
        # differences of star counts against a base without stars mean nothing: no star rows at all
        shown = shown[shown["metric"].map(is_cost)]
        lines.append(word("compare.no_stars", lang))
    elif not starred(result.reform_values, result.names):
        lines.append(word("compare.reform_no_stars", lang))
    lines += ["", word("compare.horizon", lang, span=horizon["year"].iloc[0]), _table(shown, lang, pct, is_cost)]
    by_year = result.table(level)
    by_year = by_year[by_year["metric"].isin(HEADLINE_COSTS)]
    lines += ["", word("compare.by_year", lang), _table(by_year, lang, pct, is_cost, index="year")]
    return "\n".join(lines)


def _table(frame: pd.DataFrame, lang: str, pct: int, is_cost, index: str = "metric") -> str:
    """Rows of base, reform and the difference with its band."""
    rows = []
    for _, r in frame.iterrows():
        digits = 0 if is_cost(r["metric"]) else 1
        first = term(r["metric"], lang) if index == "metric" else f"{r['year']} {term(r['metric'], lang)}"
        rows.append([first, f"{r['base_mean']:,.{digits}f}", f"{r['reform_mean']:,.{digits}f}",
                     f"{r['diff_mean']:+,.{digits}f} [{r['diff_low']:+,.{digits}f}, {r['diff_high']:+,.{digits}f}]"])
    header = [word(k, lang, level=pct) for k in ("compare.metric", "compare.base", "compare.reform", "compare.diff")]
    return table_text(header, rows) if rows else "-"


def starred(values: np.ndarray, names: list[str]) -> bool:
    """True when some replication of a scenario has a rated head at some star level (replication × year × metric)."""
    stars = [j for j, n in enumerate(names) if n.startswith("stars:")]
    return bool(values[..., stars].any())
