"""`simtoolkit sensitivity SCENARIO`: Sobol indices (or Morris screening) of outputs over ranges of parameters.

Also holds the options the three analysis commands share (sensitivity, calibrate, optimise).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from simtoolkit.cli.options import _level, add_executor_options, add_force_option, add_resource_option, guard_resources
from simtoolkit.cli.options import scenario_changes, whole_number
from simtoolkit.analysis.words import word
from simtoolkit.errors import InputError
from simtoolkit.report.terminal import records_text
from simtoolkit.report.vocabulary import word as shared_word

_positive, _non_negative = whole_number(1), whole_number(0)
EXAMPLE = ("simtoolkit sensitivity scenarios/qingxu.toml --param policy.stars.award_per_star=500:2000 "
           "--param behaviour.performance.base_fraction=0.6:0.85 --output fiscal_cost@3 --output share_2plus_stars@3 "
           "--samples 256 --out out/sensitivity")


# ---- options shared by the analysis commands --------------------------------------------------------
def add_study_options(p: argparse.ArgumentParser, reps_default: int, samples_help: str, samples_default: int,
                      level_default: float = 0.9) -> None:
    """The scenario, --param, --set, --samples, --reps, --years, --seed, --out, --lang, --level and executor options."""
    p.add_argument("scenario", help="base scenario TOML file")
    p.add_argument("--param", action="append", default=[], metavar="KEY=LOW:HIGH",
                   help="a parameter to vary and its range, as written in scenarios (percent in percent), "
                        "e.g. policy.stars.award_per_star=500:2000 (repeatable)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="change a parameter of the base scenario, e.g. policy.grades.excellent_quota=15 (repeatable)")
    p.add_argument("--samples", type=_positive, default=samples_default, help=samples_help)
    p.add_argument("--reps", type=_positive, default=reps_default,
                   help=f"replications per point, the same seed and replication numbers at every point "
                        f"(common random numbers; default {reps_default})")
    p.add_argument("--years", type=_positive,
                   help="years to simulate (default: the last year an output names, e.g. 3 for fiscal_cost@3; "
                        "else the scenario's run.years)")
    p.add_argument("--seed", type=_non_negative, help="random seed of the runs and the design (default: the scenario's run.seed)")
    p.add_argument("--out", type=Path,
                   help="folder for the CSV files, the figure, manifest.json and the finished runs "
                        "(runs/: re-running the same command resumes)")
    p.add_argument("--level", type=_level, default=level_default,
                   help=f"level of the intervals, e.g. 0.95 or 95 (default {level_default:g})")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of printed tables and the figure (default zh)")
    add_executor_options(p)
    add_force_option(p)
    add_resource_option(p)


def open_from_args(args: argparse.Namespace, outputs: list[str]):
    """The study of the command line: base scenario, factors, seed, horizon (every input checked)."""
    from simtoolkit.analysis.study import open_study
    from simtoolkit.experiments.outputs import check_out

    from simtoolkit.scenario import load_scenario

    check_out(args.out)
    base = load_scenario(args.scenario, scenario_changes(args.set))
    # one model must fit before the study runs its first replication (finding the indicators' names)
    guard_resources(args, [(base, 1)], args.years or base.value("run.years"), tables=False)
    return open_study(args.scenario, scenario_changes(args.set), args.param, outputs, args.years, args.seed)


def guard_study(args: argparse.Namespace, study, replications: int) -> None:
    """Refuse a study whose replications cannot fit, warn before a long one (outcomes only are kept, not tables)."""
    guard_resources(args, [(study.base, replications)], study.years, tables=False)


def backend(args: argparse.Namespace):
    """The executor of the command, opened once for every batch of the analysis (closed on exit)."""
    from simtoolkit.experiments.executors import open_backend

    return open_backend(args.executor, args.workers, args.scheduler, args.worker_timeout)


def run_options(args: argparse.Namespace, opened) -> dict[str, Any]:
    """Where the runner runs (an open backend) and keeps replications."""
    return {"executor": opened, "out": args.out, "progress": None, "lang": args.lang}


def labels(lang: str):
    """Functions naming a parameter key and an outcome name in `lang`."""
    from simtoolkit.analysis.readable import outcome_label
    from simtoolkit.report.vocabulary import parameter

    return (lambda key: parameter(key, lang)), (lambda name: outcome_label(name, lang))


def write_outputs(out: Path, tables: dict[str, Any], blobs: dict[str, bytes], args: argparse.Namespace | None = None,
                  study=None) -> None:
    """CSV (UTF-8 with BOM) and JSON files, figures and texts: all of them or none, never over an input (the scenario
    and every file it extends, the targets) without --force."""
    from simtoolkit.experiments.outputs import write_files

    inputs = [getattr(args, name, None) for name in ("scenario", "targets")] + list(study.base.files if study else [])
    write_files(out, {**tables, **blobs}, inputs, bool(getattr(args, "force", False)))


def finish(function, out: Path | None, lang: str) -> int:
    """Say how the runs went; 1 when some replication failed, else 0."""
    from simtoolkit.experiments.outputs import report_failures
    from simtoolkit.experiments.runner import Outcome, RunStore

    if out is not None and function.failures:  # each batch's runner call rewrites failures.csv: list every batch's
        RunStore(out).write_failures(function.failures)
    print(function.summary(lang))
    for line in function.invalid[:5]:
        print(word("warning", lang, text=line), file=sys.stderr)
    if out is not None:
        print(shared_word("written", lang, path=out))
    return report_failures(Outcome([], {}, function.failures), out, lang) if function.failures else 0


def _non_negative_number(text: str) -> float:
    """argparse type: a number ≥ 0 (thousands separators allowed)."""
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text!r}")
    return value


def _fraction(text: str) -> float:
    """argparse type: a share strictly between 0 and 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {text!r}") from None
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text!r}")
    return value


# ---- the command ------------------------------------------------------------------------------------------
def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser("sensitivity", help="global sensitivity: Sobol indices or Morris screening of outputs over parameter ranges",
                       description="Sobol first- and total-order indices with intervals (Saltelli design: N·(d+2) runs for "
                                   "d parameters), or Morris screening (N·(d+1) runs). Every point uses the same seed and "
                                   f"replications (common random numbers). Example: {EXAMPLE}")
    add_study_options(p, reps_default=1, samples_default=64, level_default=0.95,
                      samples_help="Sobol: base samples N, a power of two (default 64); Morris: trajectories (default 64)")
    p.add_argument("--output", action="append", default=[], metavar="MEASURE@WHEN",
                   help="an outcome to analyse, e.g. fiscal_cost@3, share_2plus_stars@last, mean_score@mean, "
                        "secretaries_2_stars@1 (repeatable; see docs/analysis.md)")
    p.add_argument("--method", choices=["sobol", "morris"], default="sobol", help="Sobol indices (default) or Morris screening")
    p.add_argument("--levels", type=_positive, default=4, help="Morris: grid levels (default 4)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check everything, run the design, print and write the indices."""
    from simtoolkit.analysis import sensitivity
    from simtoolkit.analysis.figures import sensitivity_figure
    from simtoolkit.analysis.readable import indices_table
    from simtoolkit.experiments.runner import RunInterrupted
    from simtoolkit.experiments.outputs import report_interrupted
    from simtoolkit.io.manifest import manifest

    if args.method == "sobol" and not sensitivity.is_power_of_two(args.samples):
        raise InputError(f"--samples {args.samples}: Sobol's design needs a power of two, e.g. 64, 256, 512")
    study = open_from_args(args, args.output)
    outcomes = study.outcomes(args.output)
    names = [o.name for o in outcomes]
    runs = sensitivity.runs_needed(args.method, args.samples, len(study.factors))
    guard_study(args, study, runs * args.reps)
    print(word(args.method, args.lang, d=len(study.factors), points=runs, reps=args.reps, years=study.years, seed=study.seed),
          file=sys.stderr)
    try:
        with backend(args) as opened:
            function = study.function(outcomes, args.reps, **run_options(args, opened))
            strict = lambda points: function(points, strict=True)  # noqa: E731 - a bad point is bad input, before anything runs
            if args.method == "sobol":
                result = sensitivity.sobol(strict, study.factors, names, args.samples, study.seed, args.level)
            else:
                result = sensitivity.morris(strict, study.factors, names, args.samples, study.seed, args.levels, args.level)
    except RunInterrupted as exc:
        return report_interrupted(exc, args.lang)
    parameter, outcome = labels(args.lang)
    print(records_text(indices_table(result.indices, args.lang), number=".3f"))
    for name in result.constant:
        print(word("constant", args.lang, name=outcome(name)), file=sys.stderr)
    if args.out:
        import io

        figure = io.BytesIO()
        sensitivity_figure(result.indices, args.method, parameter, outcome, args.level, args.lang, figure)
        info = manifest(study.base, command="sensitivity", method=args.method, samples=args.samples, points=len(result.points),
                        level=args.level, levels=args.levels if args.method == "morris" else None, constant_outputs=result.constant,
                        **function.describe())
        write_outputs(args.out, {f"{args.method}.csv": result.indices, "samples.csv": result.samples(), "manifest.json": info},
                      {"sensitivity.png": figure.getvalue()}, args, study)
    return finish(function, args.out, args.lang)
