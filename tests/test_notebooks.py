"""Every user notebook runs top to bottom on a fresh kernel, with small settings injected into its parameter cell.

Each notebook's first code cell is tagged `parameters` (replications, years, workers…); the test keeps that
cell and appends small values after it, so every name a user sets is still defined while the run stays
short. The kernel `python3` is a kernelspec written for the test into a temporary JUPYTER_PATH (searched
before the user's and the environment's folders) that runs this interpreter, and an injected first cell
checks that the kernel really is this environment.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
USER_NOTEBOOKS = [
    "01_quick_start.ipynb",
    "02_policy_designer.ipynb",
    "03_budget_office.ipynb",
    "04_training_course.ipynb",
    "05_your_own_county.ipynb",
    "06_ema_prim.ipynb",
]
# small runs: 3 replications of 2 years, in the kernel's own process; analysis designs at their smallest
SMALL = {
    "REPS": 3,
    "YEARS": 2,
    "WORKERS": 1,
    "SENS_SAMPLES": 4,
    "OPT_POPULATION": 4,
    "OPT_GENERATIONS": 1,
    "OPT_REPS": 1,
    "EMA_SCENARIOS": 24,
    "EMA_POLICIES": 4,
}
# notebooks whose result tables are checked for a non-coder: codes by their labels, money with separators
READABLE_TABLES = {"02_policy_designer.ipynb", "05_your_own_county.ipynb"}
CELL_TIMEOUT = 120  # seconds for one cell; a whole small notebook takes well under a minute
KERNEL = "python3"


@pytest.fixture(scope="module")
def kernel_path(tmp_path_factory):
    """A JUPYTER_PATH whose `python3` kernel is this interpreter, whatever kernelspecs the machine has."""
    folder = tmp_path_factory.mktemp("jupyter")
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "Python 3 (tests)", "language": "python"}))
    return folder


def parameter_cell(nb) -> int:
    """Index of the cell tagged `parameters` (there must be exactly one, the first code cell)."""
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"expected one cell tagged 'parameters', found {len(tagged)}"
    first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    assert tagged[0] == first_code, "the parameter cell must be the first code cell"
    return tagged[0]


def shrink(nb) -> None:
    """Append small values for the names the parameter cell sets, so the user's other settings stay defined."""
    cell = nb.cells[parameter_cell(nb)]
    names = [name for name in SMALL if any(line.startswith(f"{name} =") for line in cell.source.splitlines())]
    assert names, "the parameter cell sets none of the usual settings"
    cell.source += "\n# test: small settings\n" + "\n".join(f"{n} = {SMALL[n]!r}" for n in names) + "\n"


def this_environment_check():
    """A first cell that fails unless the kernel runs this test's Python environment."""
    return nbformat.v4.new_code_cell(f"import sys\nassert sys.prefix == {sys.prefix!r}, sys.prefix")


def repository_files() -> set[Path]:
    """Files where a notebook could write by mistake: its working folder (notebooks/) and beside the scenarios it reads."""
    return {p for folder in ("notebooks", "scenarios") for p in (ROOT / folder).rglob("*")}


@pytest.mark.parametrize("name", USER_NOTEBOOKS)
def test_notebook_runs_top_to_bottom(name, kernel_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(kernel_path))
    path = NOTEBOOKS / name
    nb = nbformat.read(path, as_version=4)
    shrink(nb)
    nb.cells.insert(0, this_environment_check())
    before = repository_files()
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError naming the cell on any error
    assert repository_files() == before, "the notebook wrote into the repository (outputs belong in a temporary folder)"
    if name in READABLE_TABLES:
        cells = table_cells(nb)
        assert cells, "the notebook shows no table"
        assert not unreadable(cells), unreadable(cells)


def table_cells(nb) -> list[str]:
    """The text of every header and data cell of the HTML tables a notebook's outputs show."""
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", html, re.S)]


def unreadable(cells: list[str]) -> list[str]:
    """Cells a non-coder should not meet: snake_case or metric codes (cost:…, stars:…), and numbers of five
    digits or more without thousands separators (a year is four digits)."""
    return [c for c in cells if re.search(r"[a-z]+_[a-z_]+|\b(cost|stars):", c) or re.fullmatch(r"-?\d{5,}(\.\d+)?", c)]


def test_the_readability_check_can_fail():
    assert unreadable(["cost:performance_pay", "stars:0", "annual_pay", "23026756.26", "2026", "1,234,567.00", "星级奖励"]) == [
        "cost:performance_pay", "stars:0", "annual_pay", "23026756.26"]


@pytest.mark.parametrize("name", USER_NOTEBOOKS)
def test_notebook_is_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    parameter_cell(nb)
    assert nb.metadata.kernelspec.name == KERNEL
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"cells {dirty} have outputs: clear them before committing"
