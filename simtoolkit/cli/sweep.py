"""`simtoolkit sweep SCENARIO --grid key=v1,v2,...`: R replications at every point of a grid, list or Latin hypercube."""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path
from typing import Any

from simtoolkit.cli.options import add_executor_options, add_force_option, add_format_option, add_level_option, add_resource_option
from simtoolkit.cli.options import add_run_options, guard_resources, inputs_of, load_from_args
from simtoolkit.experiments.words import word
from simtoolkit.report.terminal import outcome_text, prose, table_text
from simtoolkit.report.vocabulary import parameter, term
from simtoolkit.scenario import Problem, ScenarioError


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser("sweep", help="replications at every point of a grid, list or Latin hypercube of parameters")
    p.add_argument("scenario", help="scenario TOML file")
    p.add_argument("--grid", action="append", default=[], metavar="KEY=V1,V2,...",
                   help="a swept parameter and its values; several --grid make every combination")
    p.add_argument("--list", action="append", default=[], metavar="KEY=V1,V2,...",
                   help="a listed parameter: point i takes the i-th value of every --list")
    p.add_argument("--lhs", action="append", default=[], metavar="KEY=LOW:HIGH",
                   help="a range sampled by a Latin hypercube of --samples points")
    p.add_argument("--samples", type=int, default=10, help="points of the Latin hypercube (default 10)")
    add_run_options(p)
    add_level_option(p)
    p.add_argument("--out", type=Path, help="folder for sweep.csv, manifest.json and the finished runs (resume)")
    add_format_option(p)
    add_executor_options(p)
    add_force_option(p)
    add_resource_option(p)
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of printed tables (default zh)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Validate the scenario and every point, run, print a summary per point, write sweep.csv."""
    from simtoolkit.experiments.outputs import check_out, report_failures, report_interrupted, write_files
    from simtoolkit.experiments.runner import RunInterrupted
    from simtoolkit.experiments.sweep import sweep
    from simtoolkit.io.manifest import manifest
    from simtoolkit.io.parquet import require_parquet

    design_args = parse_design(args)  # option syntax first: no scenario needed to find those problems
    scenario, reps, seed, years = load_from_args(args)
    design = build_design(scenario, seed, *design_args)  # every bad key and value of every point, before anything runs
    guard_resources(args, [(scenario, reps * len(design.points))], years)
    check_out(args.out)
    require_parquet(args.format)
    try:
        result = sweep(scenario, design, reps, seed, years, executor=args.executor, workers=args.workers,
                       scheduler=args.scheduler, worker_timeout=args.worker_timeout, out=args.out, progress=None,
                       lang=args.lang)
    except RunInterrupted as exc:
        return report_interrupted(exc, args.lang)
    if not result.outcome.ran + result.outcome.reused:
        return report_failures(result.outcome, args.out, args.lang)
    print(prose(word("sweep.header", args.lang, name=scenario.name, points=len(design.points), reps=reps, seed=seed, years=years)))
    print(summary_text(result, args.level, args.lang))
    print(outcome_text(result.outcome, args.lang))
    if args.out:
        write_files(args.out, {f"sweep.{args.format}": result.table(),
                               "manifest.json": manifest(scenario, command="sweep", seed=seed, replications=reps, years=years,
                                                         design=design.describe())},
                    inputs_of(args, scenario), args.force)
        print(word("written", args.lang, path=args.out))
    return report_failures(result.outcome, args.out, args.lang)


def parse_design(args: argparse.Namespace) -> tuple[str, dict[str, Any], int]:
    """The kind of design and its axes from --grid, --list or --lhs; every syntax problem at once."""
    given = {kind: texts for kind, texts in (("grid", args.grid), ("list", args.list), ("lhs", args.lhs)) if texts}
    if not given:
        raise ScenarioError([Problem("sweep", "", "give the points: --grid KEY=V1,V2,... (or --list, or --lhs KEY=LOW:HIGH)")])
    if len(given) > 1:
        raise ScenarioError([Problem("sweep", "", f"use one kind of design at a time, not {' and '.join('--' + k for k in given)}")])
    kind, texts = next(iter(given.items()))
    axes: dict[str, Any] = {}
    problems = []
    for text in texts:
        key, sep, raw = text.partition("=")
        key = key.strip()
        if not sep or not key or not raw.strip():
            problems.append(Problem(f"--{kind}", text, "expected dotted.key=" + ("LOW:HIGH" if kind == "lhs" else "V1,V2,...")))
            continue
        if key in axes:
            problems.append(Problem(f"--{kind}", key, "is given twice"))
            continue
        if kind == "lhs":
            bounds = raw.split(":")
            try:
                low, high = (float(b) for b in bounds)
            except ValueError:
                problems.append(Problem("--lhs", key, f"expected LOW:HIGH numbers, got {raw!r}"))
                continue
            if not low < high:
                problems.append(Problem("--lhs", key, f"LOW must be below HIGH, got {raw!r}"))
                continue
            axes[key] = (low, high)
        else:
            values = [_value(v) for v in split_values(raw)]
            if any(v == "" for v in values):
                problems.append(Problem(f"--{kind}", key, f"has an empty value in {raw!r}"))
                continue
            axes[key] = values
    if kind == "lhs" and args.samples < 1:
        problems.append(Problem("--samples", "", f"must be at least 1, got {args.samples}"))
    if problems:
        raise ScenarioError(problems)
    return kind, axes, args.samples


def build_design(scenario, seed: int, kind: str, axes, samples: int):
    """The design, with every point validated; unknown keys (with a suggestion) and bad values reported at once."""
    from simtoolkit.experiments.sweep import grid, latin_hypercube, listed, point_scenarios

    schema = scenario.schema
    problems = []
    for key in [k for k in axes if k not in schema.params]:
        try:
            scenario.with_changes({key: 0}, origin=f"--{kind}")
        except ScenarioError as exc:
            problems.extend(exc.problems)
        del axes[key]
    if kind == "lhs":
        for key in [k for k in axes if schema.params[k].kind not in ("number", "integer")]:
            problems.append(Problem("--lhs", key, "is not a number and cannot be sampled"))
            del axes[key]
    if kind == "grid":
        design = grid(axes)
    elif kind == "list":
        design = listed(axes)
    else:
        design = latin_hypercube(axes, samples, seed, [k for k in axes if schema.params[k].kind == "integer"])
    if axes:
        try:
            point_scenarios(scenario, design)
        except ScenarioError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioError(problems)
    return design


def split_values(raw: str) -> list[str]:
    """Split V1,V2,... at commas outside brackets, braces and quotes (so lists and tables can be values)."""
    parts, depth, quote, current = [], 0, "", []
    for ch in raw:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(ch)
    parts.append("".join(current).strip())
    return parts


def _value(text: str) -> Any:
    """A value as --set reads it: TOML, else text."""
    if text == "":
        return ""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def summary_text(result, level: float, lang: str) -> str:
    """Per point: the swept values, replications, total cost with its band and fiscal cost."""
    table = result.summary(level)
    if table.empty:
        return "-"
    pct = round(level * 100)
    keys = list(result.design.keys)
    header = [parameter(k, lang) for k in keys] + [word(k, lang, level=pct) for k in ("sweep.reps", "sweep.total", "sweep.fiscal")]
    rows = [[*(f"{v:,g}" if isinstance(v, (int, float)) else term(str(v), lang) for v in r[keys]), f"{int(r['reps'])}",
             f"{r['total_mean']:,.0f} [{r['total_low']:,.0f}, {r['total_high']:,.0f}]", f"{r['fiscal_mean']:,.0f}"]
            for _, r in table.iterrows()]
    swept = "; ".join(f"{parameter(k, lang)} = {k}" for k in keys)  # the keys, to write in --set or a reform
    return prose(word("sweep.keys", lang, keys=swept)) + "\n" + table_text(header, rows, keep=len(keys))
