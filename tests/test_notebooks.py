"""Every user notebook runs top to bottom on a fresh kernel, with small settings injected into its parameter cell.

Each notebook's first code cell is tagged `parameters` (replications, years, workers…); the test keeps that
cell and appends small values after it, so every name a user sets is still defined while the run stays
short. The kernel is the `python3` kernel of this interpreter (jupyter_client starts a kernelspec whose
command is `python` with `sys.executable`), and an injected first cell checks that it is this environment.
"""

from __future__ import annotations

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
}
CELL_TIMEOUT = 120  # seconds for one cell; a whole small notebook takes well under a minute
KERNEL = "python3"


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
def test_notebook_runs_top_to_bottom(name):
    path = NOTEBOOKS / name
    nb = nbformat.read(path, as_version=4)
    shrink(nb)
    nb.cells.insert(0, this_environment_check())
    before = repository_files()
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError naming the cell on any error
    assert repository_files() == before, "the notebook wrote into the repository (outputs belong in a temporary folder)"


@pytest.mark.parametrize("name", USER_NOTEBOOKS)
def test_notebook_is_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    parameter_cell(nb)
    assert nb.metadata.kernelspec.name == KERNEL
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"cells {dirty} have outputs: clear them before committing"
