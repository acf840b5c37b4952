"""Shared fixtures: paths to shipped scenarios and an in-process CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest

from simtoolkit.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


@pytest.fixture
def qingxu() -> Path:
    """The shipped Qingxu scenario file."""
    return SCENARIOS / "qingxu.toml"


@pytest.fixture
def cli(capsys):
    """Run `simtoolkit ...` in-process; returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse errors
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


def pytest_sessionstart(session):
    """Under mutation testing only: forget the effort choice's tables kept in memory (`behaviour.effort.memo`). mutmut
    runs the clean tests in its own process and forks each mutant's tests from it, so the tables the clean tests made
    with the unmutated code would stand in for those the mutant makes, and a mutant inside a table's recipe could
    never be seen."""
    import os
    import sys

    if "__mutmut_" in os.environ.get("MUTANT_UNDER_TEST", "") and "simtoolkit.behaviour.effort" in sys.modules:
        sys.modules["simtoolkit.behaviour.effort"]._MEMO.clear()


def pytest_collection_modifyitems(session, config, items):
    """Under mutation testing (scripts/mutation.py, docs/testing.md) only: run a mutant's tests fastest first, by the
    durations mutmut measured, so that a mutant a quick test kills does not wait behind the slow model tests (mutmut 3
    hands them over in no particular order). Outside mutmut nothing changes."""
    import os

    if "__mutmut_" not in os.environ.get("MUTANT_UNDER_TEST", ""):
        return
    try:
        from mutmut.state import state
    except ImportError:
        return
    durations = state().duration_by_test
    if durations:
        items.sort(key=lambda item: durations.get(item.nodeid, float("inf")))
