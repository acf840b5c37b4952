"""Entry point of `simtoolkit`: dispatches to one module per command and turns input errors into exit 2."""

from __future__ import annotations

import argparse
import importlib
import sys

from simtoolkit import __version__
from simtoolkit.errors import InputError, RunLost
from simtoolkit.scenario import ScenarioError

# Each command lives in simtoolkit/cli/<module>.py with add_parser(subparsers) and run(args) -> int.
COMMANDS = ["run", "compare", "sweep", "report", "validate", "score", "dashboard", "sensitivity", "calibrate", "optimise",
            "wheelhouse", "classroom"]
EXIT_BAD_INPUT = 2
EXIT_RUN_LOST = 1  # as for failed replications: what finished is kept


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and one line on bad options (its default, kept explicit)."""

    def error(self, message: str) -> None:  # noqa: D102
        self.print_usage(sys.stderr)
        print(f"simtoolkit: error: {message}", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    """The parser with every command's sub-parser."""
    parser = _Parser(prog="simtoolkit", description="Simulate star ratings, pay and pensions of village cadres, and their cost.")
    parser.add_argument("--version", action="version", version=f"simtoolkit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"simtoolkit.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"simtoolkit.cli.{name}":
                raise
            continue  # a command not installed in this build
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; bad input prints one line per problem and returns 2, no traceback."""
    from simtoolkit.io.write import os_problem, release_outputs

    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except OSError as exc:  # a disk full, read-only or missing folder the command's own checks did not foresee
        print(f"error: {os_problem(getattr(args, 'out', None) or '.', exc)}", file=sys.stderr)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
    except InputError as exc:
        for line in exc.lines:
            print(f"error: {line}", file=sys.stderr)
    except RunLost as exc:
        print(f"error: {exc.line()}", file=sys.stderr)
        return EXIT_RUN_LOST
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        release_outputs()
    return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
