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


def refusals(example: Path, edit, tmp_path: Path, capsys) -> tuple[Path, list[str]]:
    """An example scenario (extending ../qingxu.toml) written with `edit(text)` applied and validated: the file and the
    lines printed, after checking the exit code is 2."""
    text = example.read_text(encoding="utf-8").replace('"../qingxu.toml"', repr(str(SCENARIOS / "qingxu.toml")))
    bad = tmp_path / "bad.toml"
    bad.write_text(edit(text), encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    return bad, capsys.readouterr().err.strip().splitlines()
