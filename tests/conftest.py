"""Shared fixtures: paths to shipped scenarios and an in-process CLI runner."""

from __future__ import annotations

from pathlib import Path

import numpy as np
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


def formula_columns(monkeypatch) -> list[dict]:
    """The star formula's columns at each of the model's ratings (not the effort choice's outcome grids, heads ×
    outcomes), in a list the runs that follow fill."""
    from simtoolkit.rulebook import star_formula
    formula, seen = star_formula.formula, []

    def recorded(F, base, cols, maximum):
        if np.ndim(cols["grade"]) == 1:
            seen.append({k: np.array(v) for k, v in cols.items()})
        return formula(F, base, cols, maximum)
    monkeypatch.setattr(star_formula, "formula", recorded)
    return seen


def refusals(example: Path, edit, tmp_path: Path, capsys) -> tuple[Path, list[str]]:
    """An example scenario (extending ../qingxu.toml) written with `edit(text)` applied and validated: the file and the
    lines printed, after checking the exit code is 2."""
    text = example.read_text(encoding="utf-8").replace('"../qingxu.toml"', repr(str(SCENARIOS / "qingxu.toml")))
    bad = tmp_path / "bad.toml"
    bad.write_text(edit(text), encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    return bad, capsys.readouterr().err.strip().splitlines()


def validate_edited(tmp_path: Path, capsys, example: Path, edit: tuple[str, str]) -> tuple[Path, list[str]]:
    """`refusals` with one replacement, which must be found in the example."""
    assert edit[0] in example.read_text(encoding="utf-8"), edit
    return refusals(example, lambda text: text.replace(*edit), tmp_path, capsys)
def pytest_configure(config):
    """Commands the tests start hear Ctrl-C as from a terminal, however the suite was started: a shell starting it in
    the background (`cmd &`, a CI step) ignores SIGINT, every process inherits the ignoring, and Python then installs
    no handler, so the Ctrl-C tests' commands (the dashboard, a dask run) would not stop. A handler set here is reset
    to the default in each command started, as it is from a terminal."""
    import signal

    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


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


class Table:
    """A few rows built in a test, as columns (`len` is the number of rows)."""

    def __init__(self, **columns):
        self.__dict__.update({k: np.asarray(v) for k, v in columns.items()})

    def __len__(self):
        return len(next(iter(self.__dict__.values())))


class Bookings(list):
    """A ledger that keeps each booking as (month, item, payer, {person or township: amount})."""

    def _add(self, m, item, payer, township, amount, ids):
        who = township if ids is None else ids
        self.append((m, item, payer, {int(k): float(a) for k, a in zip(np.asarray(who), np.broadcast_to(np.asarray(amount, float), np.shape(who)))}))

    def book(self, m, item, payer, township, role, amount, ids=None):
        self._add(m, item, payer, township, amount, ids)

    def schedule(self, due, item, payer, township, role, amount, ids=None):
        self._add(due, item, payer, township, amount, ids)

    def book_monthly(self, m, months, item, payer, township, role, amount, ids=None):
        self._add((m, months), item, payer, township, amount, ids)


class FixedDraws:
    """A stream whose `random(n)` gives the next of the arrays given (every stream the same object, in call order)."""

    def __init__(self, *arrays):
        self.arrays = list(arrays)

    def random(self, n):
        assert n == len(self.arrays[0])
        return np.asarray(self.arrays.pop(0), float)


def small_model(scenario, year: int, heads: dict | None = None, draws=None, **world):
    """A model of a few heads built in a test (ids as given), for one rule component: `scenario` its configuration,
    a ledger that keeps the bookings (`Bookings`), the notes (`model.notes`), and streams whose names are kept
    (`model.streams_used`) giving `draws` (a generator seeded 0 when not given)."""
    from types import SimpleNamespace
    notes, used = {}, []

    def rng(name, y):
        used.append((name, y))
        return draws if draws is not None else np.random.default_rng(0)
    return SimpleNamespace(config=scenario, year=year, start_year=year, ledger=Bookings(), notes=notes, streams_used=used,
                           world=SimpleNamespace(heads=Table(**(heads or {})), **world), slots=SimpleNamespace(),
                           streams=SimpleNamespace(rng=rng), rulebook=SimpleNamespace(hooks=lambda name: []),
                           result=SimpleNamespace(note=lambda model, name, value: notes.__setitem__(name, value)))
