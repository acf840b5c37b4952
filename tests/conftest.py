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
