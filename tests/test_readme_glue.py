"""The README's EMA Workbench and SALib glue runs as printed (with small sizes) and is at most three statements per tool."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SMALL = {r"scenarios=100, policies=4": "scenarios=2, policies=1", r"sample_sobol\(64\)": "sample_sobol(2)",
         r"reps=\d+": "reps=1"}


def readme_glue() -> str:
    """The Python block of the README's section on EMA Workbench and SALib."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## From EMA Workbench", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_readme_glue_is_short_and_runs(tmp_path):
    pytest.importorskip("ema_workbench")
    code = readme_glue()
    glue = [s for s in ast.parse(code).body if not isinstance(s, (ast.Import, ast.ImportFrom))]
    # after the imports, two statements per tool: EMA's model and evaluator, SALib's function and ProblemSpec
    assert len(glue) == 4 and "ema" in ast.unparse(glue[0]) and "ProblemSpec" in ast.unparse(glue[3])
    for pattern, small in SMALL.items():
        code, n = re.subn(pattern, small, code)
        assert n, pattern
    check = "\nimport json, numpy\nprint(json.dumps([len(experiments), bool(numpy.isfinite(outcomes['fiscal_cost_at_3']).all()), f.reps]))\n"
    script = tmp_path / "glue.py"
    script.write_text(code + check, encoding="utf-8")
    # a fresh interpreter: EMA's evaluator forks, which is only safe from a process without threads
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [2, True, 1]
