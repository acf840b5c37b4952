"""`simtoolkit optimise SCENARIO`: the policy levers that maximise an outcome within an annual fiscal ceiling."""

from __future__ import annotations

import argparse
import io
import sys

from simtoolkit.cli.sensitivity import guard_study
from simtoolkit.cli.sensitivity import (_non_negative_number, _positive, add_study_options, backend, finish, labels, open_from_args,
                                       run_options, write_outputs)
from simtoolkit.analysis.words import word
from simtoolkit.report.terminal import records_text

EXAMPLE = ("simtoolkit optimise scenarios/qingxu.toml --param policy.stars.award_per_star=0:3000 "
           "--param policy.pension.per_star=0:200 --param policy.performance.excellent=100:200 "
           "--objective share_2plus_stars@last --ceiling 14000000 --out out/optimise")


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser("optimise", help="choose policy levers within bounds to maximise an outcome under an annual fiscal ceiling",
                       description="Differential evolution over the levers (--param), every setting run with the same seed "
                                   "and replications (common random numbers); reports the best setting within the ceiling "
                                   f"and the frontier of outcome against cost. Example: {EXAMPLE}")
    add_study_options(p, reps_default=2, samples_default=20, samples_help="settings per generation (default 20)")
    p.add_argument("--objective", metavar="MEASURE@WHEN", required=True,
                   help="the outcome to maximise, e.g. share_2plus_stars@last or mean_score@mean")
    p.add_argument("--minimise", action="store_true", help="minimise the objective instead")
    p.add_argument("--cost", metavar="MEASURE@WHEN", default="fiscal_cost@max",
                   help="the cost held under the ceiling (default fiscal_cost@max: a replication's highest annual fiscal cost)")
    p.add_argument("--ceiling", type=_non_negative_number, required=True, metavar="YUAN", help="the annual fiscal ceiling in yuan")
    p.add_argument("--rounds", type=_positive, default=10, help="generations of the search (default 10)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check everything, search, print and write the best setting and the frontier."""
    from simtoolkit.analysis.calibrate import overlay_text
    from simtoolkit.analysis.figures import frontier_figure
    from simtoolkit.analysis.optimise import optimise
    from simtoolkit.analysis.readable import frontier_table
    from simtoolkit.cli.options import scenario_changes
    from simtoolkit.experiments.outputs import report_interrupted
    from simtoolkit.experiments.runner import RunInterrupted
    from simtoolkit.io.manifest import manifest

    study = open_from_args(args, [args.objective, args.cost])
    objective, cost = study.outcomes([args.objective, args.cost], option="--objective/--cost")
    guard_study(args, study, args.rounds * args.samples * args.reps)
    print(word("optimise", args.lang, d=len(study.factors), rounds=args.rounds, samples=args.samples, reps=args.reps,
               years=study.years, seed=study.seed), file=sys.stderr)
    try:
        with backend(args) as opened:
            function = study.function([objective, cost], args.reps, **run_options(args, opened))
            result = optimise(function, study.factors, args.ceiling, args.samples, args.rounds, study.seed,
                              objective.name, cost.name, maximise=not args.minimise)
    except RunInterrupted as exc:
        return report_interrupted(exc, args.lang)
    parameter, outcome = labels(args.lang)
    best, frontier = result.best, result.frontier()
    keys = [f.key for f in study.factors]
    named = {"objective": objective.name, "cost": cost.name}
    if best is None:
        print(word("none_within", args.lang, ceiling=args.ceiling))
    else:
        print(word("best", args.lang, cost=outcome(cost.name), ceiling=args.ceiling))
        for key in keys:
            print(f"  {parameter(key)} [{key}] = {best[key]:g}")
        print(f"  {outcome(objective.name)} = {best['objective']:.6g}")
        print(f"  {outcome(cost.name)} = {best['cost']:,.2f}")
    print()
    print(records_text(frontier_table(frontier, keys, objective.name, cost.name, args.lang), number=".6g"))
    if args.out:
        best_table = (best.to_frame().T[[*keys, "objective", "cost"]] if best is not None else
                      result.evaluations.head(0)[[*keys, "objective", "cost"]]).rename(columns=named)
        figure = io.BytesIO()
        frontier_figure(result.evaluations, frontier, best, args.ceiling, outcome(objective.name), outcome(cost.name), args.lang, figure)
        info = manifest(study.base, command="optimise", objective=objective.name, cost=cost.name, ceiling=args.ceiling,
                        maximise=not args.minimise, generations=args.rounds, samples=args.samples, evaluated=len(result.evaluations),
                        best=None if best is None else {k: best[k] for k in [*keys, "objective", "cost"]}, **function.describe())
        blobs = {"frontier.png": figure.getvalue()}
        if best is not None:
            values = {**scenario_changes(args.set), **{f.key: int(best[f.key]) if f.integer else float(best[f.key]) for f in study.factors}}
            notes = [f"Best setting found by `simtoolkit optimise`: maximise {objective.name} with {cost.name} ≤ {args.ceiling:g} yuan",
                     f"(objective {best['objective']:.6g}, cost {best['cost']:.2f}; {args.reps} replications, seed {study.seed}, "
                     f"{study.years} years)."]
            blobs["best.toml"] = overlay_text(study.base.files[-1], args.out, values,
                                              f"{study.base.title or study.base.name} (optimised)", notes).encode("utf-8")
        write_outputs(args.out, {"evaluations.csv": result.evaluations.rename(columns=named),
                                 "frontier.csv": frontier.rename(columns=named), "best.csv": best_table, "manifest.json": info}, blobs, args, study)
    return finish(function, args.out, args.lang)


