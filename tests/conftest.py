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
    """Under mutation testing only: forget what the code keeps in memory — the effort choice's tables
    (`behaviour.effort.memo`) and every `functools.cache` of simtoolkit (but the compiled kernels of `simtoolkit.jit`).
    mutmut runs the clean tests in its own process and forks each mutant's tests from it, so what the clean tests
    kept, made by the unmutated code, would stand in for what the mutant makes, and a mutant inside a kept recipe
    could never be seen."""
    import os
    import sys

    if "__mutmut_" not in os.environ.get("MUTANT_UNDER_TEST", ""):
        return
    # The local executor's forkserver, if the clean tests started one, is the parent's: this process cannot wait for it
    # (ChildProcessError, which failed every test on the local executor and so "killed" every mutant it reached), and its
    # workers would run the unmutated code. Forget it: the first local run here starts its own, which sees the mutant.
    from multiprocessing import forkserver

    server = forkserver._forkserver
    if server._forkserver_alive_fd is not None:
        os.close(server._forkserver_alive_fd)
    server._forkserver_pid = server._forkserver_address = server._forkserver_alive_fd = None
    for name, module in list(sys.modules.items()):
        if not name.startswith("simtoolkit.") or name == "simtoolkit.jit" or module is None:
            continue
        if name == "simtoolkit.behaviour.effort":
            module._MEMO.clear()
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", None) == name:
                value.cache_clear()


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
