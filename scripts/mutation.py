"""Mutation testing with mutmut, area by area, and its report in docs/testing.md.

    .venv/bin/python scripts/mutation.py                       # every area below, then the report
    .venv/bin/python scripts/mutation.py --area ledger         # one area (repeatable)
    .venv/bin/python scripts/mutation.py --area model --survivors   # check an area's survivors again (after adding tests)
    .venv/bin/python scripts/mutation.py --report-only         # rewrite docs/testing.md from the results kept
    .venv/bin/python scripts/mutation.py --sample 10 --area ledger   # a quick check: 10 mutants, exit 1 if one survives

mutmut copies the code to a mutants/ folder, runs the tests once to learn which tests reach which function,
then, for each mutant, runs the tests that reach it (fastest first) until one fails. An area is checked against
the tests written to pin it (AREAS below): the whole suite would reach every function of the model and the
ledger, and a mutant would wait for hundreds of slower tests before the one that kills it. Each area lives in its
own folder build/mutation/<area>/ (git-ignored), whose pyproject.toml is the repository's with that area's files and
tests (an area without a test list would be checked against the whole suite, minus the browser, notebook and
dashboard tests, with pyproject.toml's [tool.mutmut] in the repository's own mutants/; none is now). Results are kept
between runs and mutants of a changed function are checked afresh; this script names the mutants to check (those not
yet checked, or the survivors), because mutmut checks every mutant a pattern names again.

The report replaces the part of docs/testing.md between the two markers below: the score per area and every
surviving mutant with its changed line and its note from scripts/mutation_notes.toml (why it is equivalent).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "testing.md"
NOTES = ROOT / "scripts" / "mutation_notes.toml"
BEGIN, END = "<!-- mutation report: begin (scripts/mutation.py writes this part) -->", "<!-- mutation report: end -->"
# mutmut's statuses (mutmut.stats.status_by_exit_code) as the report counts them: killed, or not checked yet (an
# interrupted check, a skipped mutant: checked again by the next run); any other (survived, no tests, suspicious, a
# crash or SIGKILL: "segfault") is not killed, and listed with its status.
KILLED = ("killed", "timeout", "caught by type check")
UNCHECKED = ("not checked", "check was interrupted by user", "skipped")
LINKED = ("simtoolkit", "tests", "scenarios", "docs", "benchmarks", "notebooks", "README.md")  # what an area's folder sees


@dataclass(frozen=True)
class Area:
    """Files mutated, the mutant-name patterns checked (module.x_function__mutmut_N, module.xǁClassǁmethod__mutmut_N),
    and the tests run against them (None: the whole suite, in the repository's own mutants/)."""

    files: tuple[str, ...]
    patterns: tuple[str, ...]
    tests: tuple[str, ...] | None = None

    def folder(self, name: str) -> Path:
        """Where this area's mutants and results live."""
        return ROOT if self.tests is None else ROOT / "build" / "mutation" / name


# What CountyModel itself still does on the rating and paying paths: the yearly step (the grade, then the events, rating
# and pay in calendar order), turnover (the stars at exit the retirement subsidy pays on) and succession (a successor
# holds no stars and awaits a first rating). The rating and the pay are rule components since the rulebook
# restructuring (the components area); the methods this area named before (rate_stars, pay_base, …) are gone.
MODEL_PATHS = ("yearly", "turn_over", "succeed")
MODEL_TESTS = ("tests/test_model_star_history.py", "tests/test_model_payers.py", "tests/test_rules_qingxu.py", "tests/test_model_mentoring.py",
               "tests/test_rules_properties.py", "tests/test_model_calendar.py", "tests/test_incentives_bite.py",
               "tests/test_roster.py", "tests/test_qianxinan.py", "tests/test_yuncheng.py", "tests/test_gaoyang.py")
# After the rulebook restructuring the rating and paying paths are rule components (simtoolkit/rulebook/). star_rating also prices
# next year's stars for the effort choice (effort_outcomes, star_tables, stars_next, senior_chance, star_outcomes), and
# pension, retirement_subsidy and recruitment their money per star (star_value): the effort money tests pin those.
COMPONENTS = ("star_rating", "base_pay", "performance_pay", "pension", "retirement_subsidy", "recruitment", "mentoring",
              "cadre_pay")
COMPONENT_TESTS = (*MODEL_TESTS, "tests/test_effort_money.py", "tests/test_rulebook_effort.py", "tests/test_qianxinan_income.py",
                   "tests/test_rulebook_divergences.py", "tests/test_rulebook_cadre_pay.py", "tests/test_rulebook_star_pricing.py")
# The rules' own tests: the hand-worked tests of the pure rule functions (test_rules_*, the first secretaries', each rule
# module's unit tests) and the quick example-county tests whose unit tests pin the modules only they name (Qianxinan's
# attendance, exit, pension and training; Yuncheng's differentiation and points stars); of Gaoyang's, only the unit
# tests of its points rules (its one-year runs take 20 seconds, as long as all these tests, and would run for every
# survivor).
# Not the browser, notebook, dashboard, scale or runner tests: they reach the rules only through the model.
GAOYANG_UNIT_TESTS = ("test_thousand_point_adds_quantitative_and_qualitative_parts",
                      "test_bonus_and_deduction_lists_count_up_to_each_lines_maximum",
                      "test_grades_rewards_and_rectification_of_committees", "test_assessed_twice_a_year",
                      "test_member_items_apply_to_their_own_category", "test_member_points_deduct_duties_missed_and_add_acts",
                      "test_a_category_without_behaviour_neither_misses_nor_acts",
                      "test_a_rule_without_its_behaviour_is_refused_at_load",
                      "test_villager_points_from_positive_and_negative_lists",
                      "test_redemption_spends_whole_points_and_is_booked_per_village",
                      "test_redemption_frequency_is_a_parameter")
RULES_TESTS = (*(f"tests/{name}.py" for name in (
    "test_rules_qingxu", "test_rules_edges", "test_rules_grouping", "test_rules_properties", "test_first_secretary_rules",
    "test_first_secretary_edges", "test_first_secretary_agents", "test_branch_rating", "test_collective_income",
    "test_history", "test_tenure_allowance", "test_grade_pay", "test_service_subsidy", "test_star_formula",
    "test_star_pay", "test_star_readings", "test_rating_cycle", "test_dismissal", "test_forced_distribution",
    "test_statuses", "test_qianxinan", "test_qianxinan_income", "test_yuncheng", "test_budget_pay_indexation")),
    *(f"tests/test_gaoyang.py::{name}" for name in GAOYANG_UNIT_TESTS))
# Issue 18's building blocks: the rule components a county's own rules are written with (rating, record, situations,
# statuses and money), each checked against its own hand-worked tests and its example's.
BLOCKS = ("star_formula", "conditions", "history", "situations", "removal_situation", "statuses", "grade_pay", "star_pay",
          "service_subsidy", "tenure_allowance", "branch_rating", "cadre_rewards", "own_roles", "cost_sharing")
BLOCK_TESTS = tuple(f"tests/test_{name}.py" for name in (
    "star_formula", "situations", "statuses", "grade_pay", "history", "rank_and_record", "rating_cycle", "star_pay",
    "service_subsidy", "own_items", "own_roles", "tenure_allowance", "branch_rating", "collective_income",
    "removal_situation", "cost_sharing"))
AREAS = {
    "rules": Area(("simtoolkit/rules/*.py",), ("simtoolkit.rules.*",), RULES_TESTS),
    "ledger": Area(("simtoolkit/ledger/*.py",), ("simtoolkit.ledger.*",),
                   ("tests/test_ledger.py", "tests/test_cost_sharing.py", "tests/test_own_items.py", *MODEL_TESTS[:3])),
    "validation": Area(("simtoolkit/scenario/validate.py",), ("simtoolkit.scenario.validate.*",),
                       ("tests/test_scenario_validation.py", "tests/test_guard_validation.py", "tests/test_scenario_params.py",
                        "tests/test_rules_edges.py")),
    "model": Area(("simtoolkit/model.py",), tuple(f"simtoolkit.model.xǁCountyModelǁ{name}__mutmut_*" for name in MODEL_PATHS),
                  (*MODEL_TESTS, "tests/test_model_turnover.py")),
    "components": Area(tuple(f"simtoolkit/rulebook/{name}.py" for name in COMPONENTS),
                       tuple(f"simtoolkit.rulebook.{name}.*" for name in COMPONENTS), COMPONENT_TESTS),
    "runner": Area(("simtoolkit/experiments/runner.py", "simtoolkit/experiments/compare.py", "simtoolkit/experiments/record.py"),
                   ("simtoolkit.experiments.runner.xǁJobǁ*", "simtoolkit.experiments.runner.x_model_digest__*",
                    "simtoolkit.experiments.runner.x_roster_digest__*", "simtoolkit.experiments.runner.xǁRunStoreǁ*",
                    "simtoolkit.experiments.compare.*", "simtoolkit.experiments.record.*"),
                   ("tests/test_runner_contracts.py", "tests/test_runner_resume.py", "tests/test_runner_paired.py",
                    "tests/test_runner_cli.py", "tests/test_runner_ensemble.py", "tests/test_dashboard_headlines.py",
                    "tests/test_own_items.py")),
    "blocks": Area(tuple(f"simtoolkit/rulebook/{name}.py" for name in BLOCKS), tuple(f"simtoolkit.rulebook.{name}.*" for name in BLOCKS),
                   BLOCK_TESTS),
    "budget": Area(("simtoolkit/budget/report.py", "simtoolkit/budget/liabilities.py"),
                   ("simtoolkit.budget.report.*", "simtoolkit.budget.liabilities.*"),
                   ("tests/test_report_budget.py", "tests/test_budget_liabilities.py", "tests/test_budget_lifetable.py",
                    "tests/test_budget_pay_indexation.py")),
}


def prepare(name: str, area: Area) -> Path:
    """The area's folder: links to the code, tests and data, and a pyproject.toml whose [tool.mutmut] holds the
    area's files and tests (the rest of the settings as the repository's)."""
    folder = area.folder(name)
    if area.tests is None:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for part in LINKED:
        link = folder / part
        if not link.is_symlink():
            link.symlink_to(ROOT / part)
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    settings |= {"only_mutate": list(area.files), "pytest_add_cli_args_test_selection": list(area.tests),
                 "also_copy": [p for p in settings["also_copy"] if p != "README.md"] + ["README.md"]}
    lines = ["[tool.mutmut]", *(f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in settings.items())]
    (folder / "pyproject.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run_mutmut(folder: Path, names: list[str], workers: int) -> int:
    """Run mutmut in `folder` on the named mutants (or patterns), at low priority; its exit code."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the mutated copy must be the one imported
    mutmut = Path(sys.executable).with_name("mutmut")
    return subprocess.call(["nice", "-n", "10", str(mutmut), "run", "--max-children", str(workers), *names], cwd=folder, env=env)


def results(name: str, area: Area) -> dict[str, int | None]:
    """Every mutant of an area with its exit code (None: not checked), from mutmut's files."""
    codes: dict[str, int | None] = {}
    for meta in sorted((area.folder(name) / "mutants").rglob("*.py.meta")):
        codes.update(json.loads(meta.read_text())["exit_code_by_key"])
    return {k: v for k, v in codes.items() if any(fnmatch(k, p) for p in area.patterns)}


def check(name: str, area: Area, survivors: bool, workers: int) -> int:
    """Run an area's mutants not yet checked (or its survivors and those that reached no test, but not the survivors
    noted equivalent: no test can kill them, and each would run every test that reaches it); its exit code."""
    folder = prepare(name, area)
    if not (folder / "mutants").exists():  # the first run makes the mutants and learns which tests reach them
        return run_mutmut(folder, list(area.patterns), workers)
    notes = tomllib.loads(NOTES.read_text(encoding="utf-8")) if NOTES.exists() else {}
    from mutmut.stats import status_by_exit_code

    status = {n: status_by_exit_code[code] for n, code in results(name, area).items()}
    if survivors:
        names = [n for n, s in status.items() if s not in (*KILLED, *UNCHECKED) and not note(n, notes).startswith("equivalent")]
    else:
        names = [n for n, s in status.items() if s in UNCHECKED]
    return run_mutmut(folder, names, workers) if names else 0


def sample(name: str, area: Area, size: int, notes: dict[str, str]) -> int:
    """Check `size` of an area's mutants, chosen by a hash of their names (the same ones on every machine, spread over
    the area's functions, and stable when other functions change), every time afresh; 1 if one that is not noted
    equivalent survives (or reaches no test), else 0."""
    name, area_name = f"{name}-sample", name  # its own folder: a sample's results never stand in for the area's in the report
    folder = prepare(name, area)
    if not (folder / "mutants").exists():
        # make the mutants and learn which tests reach them, checking none: mutmut stops (an assertion) when no mutant
        # matches the name it is given, after both steps
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        subprocess.run(["nice", "-n", "10", str(Path(sys.executable).with_name("mutmut")), "run", "--max-children", "1",
                        "simtoolkit.no_such_mutant"], cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not results(name, area):
            raise SystemExit(f"mutmut made no mutants of {name} in {folder}")
    chosen = sorted(results(name, area), key=lambda n: hashlib.sha256(n.encode()).hexdigest())[:size]
    run_mutmut(folder, chosen, 1)
    from mutmut.stats import status_by_exit_code

    codes = results(name, area)
    bad = [n for n in chosen if status_by_exit_code[codes[n]] not in KILLED and not note(n, notes).startswith("equivalent")]
    print(f"{area_name}: {len(chosen)} mutants sampled, {len(bad)} not killed and not noted equivalent")
    for mutant in bad:
        print(f"  {mutant}: {status_by_exit_code[codes[mutant]]}")
    return 1 if bad else 0


def diff_line(folder: Path, name: str) -> str:
    """The changed source line(s) of a mutant, as `- old` / `+ new`."""
    from mutmut.__main__ import find_mutant
    from mutmut.configuration import reset_config
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    os.chdir(folder)  # mutmut reads its configuration and mutants/ from the working directory, and keeps the first
    reset_config()
    diff = get_diff_for_mutant(name, path=find_mutant(name).path)
    return "\n".join(line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---")))


def note(name: str, notes: dict[str, str]) -> str:
    """The note whose key (a mutant name or fnmatch pattern) matches a mutant."""
    return next((text for key, text in notes.items() if fnmatch(name, key)), "not yet examined")


def kept(text: str) -> tuple[dict[str, str], dict[str, list[tuple[str, list[str]]]]]:
    """The previous report's row and surviving mutants (name, diff lines) of each area, from docs/testing.md: an area
    whose results are not in this checkout (mutants/ and build/ are not committed) keeps them, marked as kept."""
    _, _, rest = text.partition(BEGIN)
    body, _, _ = rest.partition(END)
    rows, survivors, current = {}, {name: [] for name in AREAS}, None
    for line in body.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 2 and cells[1].split(" ")[0] in AREAS:
            rows[cells[1].split(" ")[0]] = line
        elif line.startswith("- `"):
            mutant = line.split("`")[1]
            area = next((a for a, spec in AREAS.items() if any(fnmatch(mutant, pt) for pt in spec.patterns)), None)
            current = (mutant, []) if area else None
            if current:
                survivors[area].append(current)
        elif current and line.startswith("  ") and not line.strip().startswith("```"):
            current[1].append(line.strip())
    return rows, survivors


def tests_run(area: Area) -> str:
    """The report's words for an area's tests: each file once, "(some of its tests)" where the area names only some."""
    if area.tests is None:
        return "the whole suite"
    files, some = dict.fromkeys(t.split("::")[0] for t in area.tests), {t.split("::")[0] for t in area.tests if "::" in t}
    return ", ".join(f"`{Path(f).stem}`" + (" (some of its tests)" if f in some else "") for f in files)


def report(notes: dict[str, str], previous: str = "") -> str:
    """The markdown of the report: the score per area and every survivor with its diff and note."""
    from mutmut.stats import status_by_exit_code

    old_rows, old_survivors = kept(previous)
    rows, listed, totals, was_kept = [], [], [0, 0, 0, 0, 0], []
    for name, area in AREAS.items():
        codes = results(name, area)
        tests = tests_run(area)
        if not codes and name in old_rows and "| — |" not in old_rows[name]:  # not run here: the previous results
            cells = [c.strip() for c in old_rows[name].split("|")][1:-1]
            numbers = [int(c) for c in cells[1:6]]
            alive = [m for m, _ in old_survivors[name]]
            numbers[4] = sum(note(m, notes).startswith("equivalent") for m in alive)  # notes may have been added since
            score = numbers[2] / max(numbers[2] + numbers[3] - numbers[4], 1)
            rows.append(f"| {name} ¹ | {' | '.join(map(str, numbers))} | {100 * score:.1f} % | {cells[7]} |")
            totals = [t + v for t, v in zip(totals, numbers)]
            listed += [(name, m, lines, "survived") for m, lines in old_survivors[name]]
            was_kept.append(name)
            continue
        if not codes:  # never run here, and no previous results for its present definition
            rows.append(f"| {name} | — | — | — | — | — | — | {tests} |")
            continue
        status = {n: s for n, c in codes.items() if (s := status_by_exit_code[c]) not in UNCHECKED}
        killed = sum(s in KILLED for s in status.values())
        alive = sorted(n for n, s in status.items() if s not in KILLED)  # no test reaching it, a crash: not killed either
        equivalent = [n for n in alive if note(n, notes).startswith("equivalent")]
        unchecked = len(codes) - len(status)
        score = killed / max(killed + len(alive) - len(equivalent), 1)
        shown = f"{100 * score:.1f} %" if status else "—"  # an area not run yet has no score
        rows.append(f"| {name} | {len(codes)} | {unchecked} | {killed} | {len(alive)} | {len(equivalent)} | {shown} | {tests} |")
        for i, value in enumerate((len(codes), unchecked, killed, len(alive), len(equivalent))):
            totals[i] += value
        listed += [(name, n, diff_line(area.folder(name), n).splitlines(), status[n]) for n in alive]
    score = totals[2] / max(totals[2] + totals[3] - totals[4], 1)
    lines = [BEGIN, "", "| area | mutants | not yet checked | killed | survived (or reaching no test) | of which equivalent | killed of the non-equivalent checked | tests run |",
             "|---|---|---|---|---|---|---|---|", *rows,
             f"| **all** | {totals[0]} | {totals[1]} | {totals[2]} | {totals[3]} | {totals[4]} | **{100 * score:.1f} %** | |"]
    if was_kept:
        lines += ["", f"¹ {', '.join(was_kept)}: not run in the checkout that wrote this report (its results are not committed); "
                  "the counts and survivors are those of the previous report, the notes as they are now."]
    lines += ["", "### Surviving mutants", ""]
    if not listed:
        lines.append("None.")
    for name, mutant, diff, how in listed:
        reach = {"survived": "", "no tests": " (reaches no test)"}.get(how, f" ({how})")
        lines += [f"- `{mutant}`{reach} — {note(mutant, notes)}", "  ```diff", *("  " + line for line in diff), "  ```"]
    return "\n".join([*lines, "", END])


def write_report() -> None:
    """Replace the report part of docs/testing.md."""
    notes = tomllib.loads(NOTES.read_text(encoding="utf-8")) if NOTES.exists() else {}
    text = DOC.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    body = report(notes, text)
    os.chdir(ROOT)
    DOC.write_text(head + body + tail, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Check the chosen areas (all by default) and rewrite the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--area", action="append", choices=sorted(AREAS), help="only this area (repeatable)")
    parser.add_argument("--survivors", action="store_true",
                        help="check the surviving mutants again (and those that reached no test), but not those noted equivalent")
    parser.add_argument("--report-only", action="store_true", help="only rewrite docs/testing.md from the results kept")
    parser.add_argument("--workers", type=int, default=1, help="mutants checked at once (the machine may be shared)")
    parser.add_argument("--sample", type=int, metavar="N", help="check only N mutants of each area named, chosen "
                        "deterministically; exit 1 if one not noted equivalent survives (the report is not rewritten)")
    args = parser.parse_args(argv)
    if args.sample:
        if not args.area:
            parser.error("--sample needs --area")
        notes = tomllib.loads(NOTES.read_text(encoding="utf-8")) if NOTES.exists() else {}
        return max(sample(name, AREAS[name], args.sample, notes) for name in args.area)
    if not args.report_only:
        for name in args.area or AREAS:
            code = check(name, AREAS[name], args.survivors, args.workers)
            if code != 0:
                return code
    write_report()
    return 0


if __name__ == "__main__":
    sys.exit(main())
