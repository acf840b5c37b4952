"""`simtoolkit calibrate SCENARIO`: fit behaviour parameters to observed counts; write the fitted scenario as an overlay."""

from __future__ import annotations

import argparse
import io
import sys

import numpy as np

from simtoolkit.cli.sensitivity import (_fraction, _non_negative, _non_negative_number, _positive, add_study_options, backend, finish, labels,
                                       open_from_args, run_options, write_outputs)
from simtoolkit.cli.sensitivity import guard_study
from simtoolkit.analysis.words import word
from simtoolkit.errors import InputError
from simtoolkit.report.terminal import records_text

EXAMPLE = ("simtoolkit calibrate scenarios/qingxu.toml --targets qingxu_initial_rating_by_role "
           "--param behaviour.performance.base_fraction=0.6:0.9 --param behaviour.heads.ability_sd=1:15 --out out/fit")


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser("calibrate", help="fit behaviour parameters so simulated counts match observed ones (ABC / SMM)",
                       description="Approximate Bayesian computation by rejection in rounds, with common random numbers; "
                                   "the estimate is the closest point (simulated method of moments), the interval the accepted "
                                   f"points' percentiles. Example: {EXAMPLE}")
    add_study_options(p, reps_default=4, samples_default=64, samples_help="points per round (default 64)")
    p.add_argument("--targets", metavar="NAME|FILE",
                   help="observed outcomes: a shipped set (qingxu_initial_rating: 20/173/7; qingxu_initial_rating_by_role: "
                        "secretaries 19/142/4, directors 1/31/3; qingxu_checked: fits the unstarred heads and secretaries, holds out "
                        "the 180,000 yuan, flags the identities) or a CSV/XLSX file with columns "
                        "output,value[,tolerance,source,use,reason] (use: fit, validate or identity; default fit)")
    p.add_argument("--target", action="append", default=[], metavar="OUTPUT=VALUE[+-TOL]",
                   help="one observed outcome, e.g. heads_2_stars@1=20+-3 (repeatable; default tolerance √value, at least 1)")
    p.add_argument("--rounds", type=_positive, default=3, help="rounds of the search, each narrowing the box (default 3)")
    p.add_argument("--epsilon", type=_non_negative_number, metavar="E",
                   help="accept points whose distance (sum of squared misses in tolerances) is at most E "
                        "(default: the number of targets, a miss of one tolerance each on average)")
    p.add_argument("--accept", type=_fraction, default=0.1,
                   help="share of a round's closest points taken when fewer than two are within epsilon (default 0.1)")
    p.add_argument("--check-reps", type=_positive, default=20,
                   help="replications of the fitted scenario, with another seed, to check it reproduces the targets (default 20)")
    p.add_argument("--data-reps", type=_non_negative, metavar="N",
                   help="runs of the fitted scenario, with another seed, taken as N data sets the county could have published: the fit is "
                        "redone on each, giving the estimates' uncertainty with the data's own noise, a fit check and the validation of "
                        "targets marked use=validate (default 100 when the targets mark some as validate or identity, else 0: off)")
    p.add_argument("--overlay-name", default="fitted.toml", help="file name of the fitted scenario in --out (default fitted.toml)")
    p.set_defaults(handler=run)


def target_names(args: argparse.Namespace) -> list[str]:
    """Output names the targets refer to (to settle the horizon before they are parsed against it)."""
    names = [t.partition("=")[0].strip() for t in args.target]
    if args.targets:
        from simtoolkit.analysis.calibrate import target_file
        from simtoolkit.io.read_table import read_table, Column

        frame = read_table(target_file(args.targets), [Column("output", "指标"), Column("value", "观测值", "number")]).frame
        names += [str(n) for n in frame["output"]]
    return names


def run(args: argparse.Namespace) -> int:
    """Check everything, search, check the fit with fresh replications, write the overlay."""
    from simtoolkit.analysis import calibrate, checked
    from simtoolkit.analysis.evaluate import ModelFunction
    from simtoolkit.cli.calibrate_check import check_text, targets_text
    from simtoolkit.analysis.figures import calibration_figure
    from simtoolkit.analysis.readable import headed
    from simtoolkit.experiments.outputs import report_interrupted
    from simtoolkit.experiments.runner import RunInterrupted
    from simtoolkit.io.manifest import manifest

    if not args.targets and not args.target:
        raise InputError("give observed outcomes: --targets NAME|FILE or --target OUTPUT=VALUE (see --help)")
    if not args.overlay_name.endswith(".toml") or "/" in args.overlay_name:
        raise InputError(f"--overlay-name {args.overlay_name}: a file name ending in .toml")
    study = open_from_args(args, target_names(args))
    targets = []
    if args.targets:
        targets += calibrate.read_targets(args.targets, study.years, study.start_year, study.indicators)
    targets += [calibrate.parse_target(t, study.years, study.start_year, study.indicators) for t in args.target]
    calibrate.check_targets(targets)
    targets = checked.ordered(targets)
    fitted_targets, held_out, identities = checked.split(targets)
    data_reps = args.data_reps if args.data_reps is not None else (100 if held_out or identities else 0)
    outcomes = [t.outcome for t in targets]
    guard_study(args, study, args.rounds * args.samples * args.reps + args.check_reps + data_reps)
    parameter, outcome = labels(args.lang)
    print(targets_text(targets, outcome, args.lang))
    print()
    print(word("calibrate", args.lang, d=len(study.factors), rounds=args.rounds, samples=args.samples, reps=args.reps,
               years=study.years, seed=study.seed), file=sys.stderr)
    check_seed = study.seed + 1  # the check uses other draws than the fit, so it cannot reward fitting the noise
    try:
        with backend(args) as opened:
            function = study.function(outcomes, args.reps, **run_options(args, opened))
            columns = checked.FitColumns(function, len(fitted_targets))
            fit = calibrate.fit(columns, study.factors, fitted_targets, args.samples, args.rounds, study.seed, args.epsilon,
                                args.accept, level=args.level)
            fitted = study.base.with_changes(fit.estimate, origin="calibrate")
            checker = ModelFunction(fitted, [], outcomes, args.check_reps, check_seed, study.years, **run_options(args, opened))
            check = calibrate.check_table(targets, checker.replications([{}])[0], args.level)
            function.failures += checker.failures  # one account of every run of the command
            function.ran, function.reused = function.ran + checker.ran, function.reused + checker.reused
            data_check, data_mean = None, {}
            if data_reps:
                data, runs = checked.data_replications(fitted, targets, data_reps, study.seed + checked.DATA_SEED_OFFSET,
                                                       study.years, **run_options(args, opened))
                function.failures += runs.failures
                function.ran, function.reused = function.ran + runs.ran, function.reused + runs.reused
                data_check = checked.check(study.factors, targets, columns, data, fit, args.reps, args.level)
                data_mean = dict(zip([t.outcome.name for t in targets], np.nanmean(data, axis=0).tolist()))
    except RunInterrupted as exc:
        return report_interrupted(exc, args.lang)
    estimates, fit_table = fit.estimates(), fit.fit_table()
    print(records_text(headed(estimates.assign(parameter=[parameter(p) for p in estimates["parameter"]]), args.lang), number=".4g"))
    print()
    print(records_text(headed(check.assign(output=[outcome(o) for o in check["output"]]), args.lang), number=".4g"))
    if fit.relaxed:
        print(word("relaxed", args.lang, rounds=", ".join(map(str, fit.relaxed)), epsilon=fit.epsilon, share=args.accept),
              file=sys.stderr)
    reproduces = bool(check["within"].iloc[:len(fitted_targets)].all())  # held-out targets are the validation's
    print(word("reproduces" if reproduces else "misses", args.lang))
    if data_check is not None:
        print()
        print(check_text(data_check, identities, data_mean, outcome, parameter, data_reps, args.level, args.lang))
    if args.out:
        overlay = overlay_for(study, fit, args, reproduces)
        figure = io.BytesIO()
        calibration_figure(check, fit.posterior(), estimates, outcome, parameter, args.level, args.lang, figure)
        info = manifest(study.base, command="calibrate", rounds=args.rounds, samples=args.samples, accept=args.accept,
                        epsilon=fit.epsilon, relaxed_rounds=fit.relaxed,
                        level=args.level, check_reps=args.check_reps, check_seed=check_seed, reproduces=reproduces,
                        estimate=fit.estimate, targets=[{"output": t.outcome.name, "value": t.value, "tolerance": t.tolerance,
                                                         "source": t.source} for t in targets],
                        overlay=args.overlay_name, **function.describe(), **data_manifest(data_check, data_reps, study.seed))
        tables = {"estimates.csv": estimates, "fit.csv": fit_table, "check.csv": check, "evaluations.csv": fit.rounds}
        if data_check is not None:
            tables |= {"uncertainty.csv": data_check.parameters, "validation.csv": data_check.validation,
                       "refits.csv": data_check.refits}
        write_outputs(args.out, {**tables, "manifest.json": info},
                      {args.overlay_name: overlay.encode("utf-8"), "calibration.png": figure.getvalue()}, args, study)
    return finish(function, args.out, args.lang)


def data_manifest(data_check, data_reps: int, seed: int) -> dict:
    """What the manifest records of the data check (nothing when it was off)."""
    if data_check is None:
        return {}
    from simtoolkit.analysis.checked import DATA_SEED_OFFSET

    return {"data_reps": data_reps, "data_seed": seed + DATA_SEED_OFFSET, "fit_check": data_check.fit_check,
            "validated": data_check.passes, "emulator_r2": data_check.r2}


def overlay_for(study, fit, args: argparse.Namespace, reproduces: bool) -> str:
    """The fitted scenario: extends the base file, sets the fitted values and the --set changes."""
    from simtoolkit.analysis.calibrate import overlay_text
    from simtoolkit.cli.options import scenario_changes

    values = {**scenario_changes(args.set), **fit.estimate}
    notes = [f"Fitted by `simtoolkit calibrate` ({args.rounds} rounds of {args.samples} points, {args.reps} replications each, "
             f"seed {study.seed}, {study.years} years).",
             "Targets: " + ", ".join(f"{t.outcome.name}={t.value:g}±{t.tolerance:g}" for t in fit.targets),
             "Check with other draws: " + ("reproduces every target" if reproduces else "does NOT reproduce every target") + ".",
             "Intervals: see estimates.csv beside this file."]
    title = f"{study.base.title or study.base.name} (calibrated)"
    return overlay_text(study.base.files[-1], args.out, values, title, notes)
