"""`simtoolkit wheelhouse OUT`: simtoolkit and every dependency as wheels, to install where there is no internet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_PIP_FAILED = 1


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser("wheelhouse", help="wheels of simtoolkit and all its dependencies, for an offline install")
    p.add_argument("out", type=Path, help="folder for the wheels (kept and reused when run again) and scenarios/")
    p.add_argument("--extras", default="", metavar="NAME,...", help="optional parts to include too, e.g. ema,parquet")
    p.add_argument("--windows", action="store_true", help="also download Windows (64-bit) wheels into OUT/windows")
    p.add_argument("--windows-python", metavar="X.Y", help="Python version of the Windows machines (default: this one's)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Build the wheelhouse and say how to install from it."""
    from simtoolkit.offline.wheelhouse import PipFailed, build

    extras = [e.strip() for e in args.extras.split(",") if e.strip()]
    try:
        house = build(args.out, extras, args.windows, args.windows_python)
    except PipFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_PIP_FAILED
    print(f"{len(house.wheels)} wheels in {house.folder}; install with no network:")
    print(f"  python -m pip install --no-index --find-links {house.folder} simtoolkit")
    if args.windows:
        print(f"{len(house.windows_wheels)} Windows wheels in {house.folder / 'windows'}"
              + (f"; no Windows wheel for: {', '.join(house.windows_missing)}" if house.windows_missing else ""))
    return 0
