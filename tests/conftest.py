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
