"""A wheelhouse: simtoolkit and every dependency as wheels in one folder, for machines without internet.

``simtoolkit wheelhouse OUT`` (on a machine with internet, from a source checkout) builds the
project's wheel and has pip build or download a wheel of every dependency for this machine's
platform and Python into OUT, and copies the shipped scenarios to ``OUT/scenarios``. With
``--windows`` it also downloads, into ``OUT/windows``, the Windows (64-bit) wheels of the same
requirements for a chosen Python (``--windows-python 3.12``) where the packages publish them;
those that publish none are listed in ``OUT/windows/MISSING.txt``. Copy OUT to the offline
machine and install with no network at all::

    python -m pip install --no-index --find-links OUT simtoolkit
    python -m pip install --no-index --find-links OUT\\windows simtoolkit      (Windows)
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from simtoolkit.errors import InputError

WINDOWS_PLATFORM = "win_amd64"
NO_MATCH = re.compile(r"No matching distribution found for ([A-Za-z0-9_.\-]+)")


class PipFailed(RuntimeError):
    """pip could not build or download what the wheelhouse needs (no network, no such wheel); its log says why."""


@dataclass
class Wheelhouse:
    """What was built: the folder, its wheels, and Windows requirements that publish no wheel."""

    folder: Path
    wheels: list[str] = field(default_factory=list)
    windows_wheels: list[str] = field(default_factory=list)
    windows_missing: list[str] = field(default_factory=list)


def project_root() -> Path:
    """The source checkout this simtoolkit was imported from (its pyproject.toml's folder)."""
    root = Path(__file__).resolve().parents[2]
    if not (root / "pyproject.toml").is_file() or not (root / "simtoolkit").is_dir():
        raise InputError("wheelhouse: run this from a source checkout of simtoolkit (no pyproject.toml beside the package)")
    return root


def requirements(root: Path, extras: Sequence[str]) -> list[str]:
    """The project's dependencies and those of the chosen extras, from pyproject.toml."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    optional = project.get("optional-dependencies", {})
    unknown = [e for e in extras if e not in optional]
    if unknown:
        raise InputError(f"--extras: unknown {', '.join(unknown)}; known: {', '.join(sorted(optional))}")
    return [*project["dependencies"], *(r for e in extras for r in optional[e])]


def build(out: Path, extras: Sequence[str] = (), windows: bool = False, windows_python: str | None = None,
          say: Callable[[str], None] = print) -> Wheelhouse:
    """Build the wheelhouse in `out` (existing wheels are kept and reused; the project's own is rebuilt)."""
    root, out = project_root(), Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    requirements(root, extras)  # unknown extras are bad input before anything is downloaded
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("simtoolkit-*.whl"):
        old.unlink()  # the project's wheel always comes from the source as it is now
    say(f"building wheels for this machine ({sys.platform}, Python {python_version()}) in {out}")
    with tempfile.TemporaryDirectory(prefix="simtoolkit-source-") as clean:
        source = clean_source(root, Path(clean))
        target = f"{source}[{','.join(extras)}]" if extras else str(source)
        pip(["wheel", "--wheel-dir", str(out), "--find-links", str(out), target], out / "pip.log")
    copy_scenarios(root, out)
    house = Wheelhouse(out, sorted(p.name for p in out.glob("*.whl")))
    if windows:
        say(f"downloading Windows wheels (Python {windows_python or python_version()}) into {out / 'windows'}")
        house.windows_wheels, house.windows_missing = download_windows(root, out, extras, windows_python or python_version())
    return house


def download_windows(root: Path, out: Path, extras: Sequence[str], python: str) -> tuple[list[str], list[str]]:
    """Windows wheels of the requirements into OUT/windows; a requirement with no Windows wheel is left out and listed."""
    folder = out / "windows"
    folder.mkdir(exist_ok=True)
    for wheel in out.glob("simtoolkit-*.whl"):
        shutil.copy2(wheel, folder / wheel.name)  # pure Python: the same wheel installs on Windows
    wanted, missing = requirements(root, extras), []
    while wanted:
        command = ["download", "--dest", str(folder), "--only-binary=:all:", "--platform", WINDOWS_PLATFORM,
                   "--python-version", python, "--implementation", "cp", *wanted]
        failed = pip(command, folder / "pip.log", check=False)
        if failed is None:
            break
        name = failed.lower().replace("_", "-")
        top = [r for r in wanted if _name(r) == name]
        if not top:  # a dependency of a dependency: pip does not say which requirement needs it
            raise PipFailed(f"wheelhouse --windows: {failed} publishes no Windows wheel for Python {python} "
                             f"(see {folder / 'pip.log'})")
        wanted = [r for r in wanted if r not in top]
        missing += top
    (folder / "MISSING.txt").write_text("".join(f"{m}\n" for m in missing), encoding="utf-8")
    return sorted(p.name for p in folder.glob("*.whl")), missing


def _name(requirement: str) -> str:
    """A requirement's normalised project name (``mesa[network]>=3.5`` → ``mesa``)."""
    return re.split(r"[\[<>=!~; ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def clean_source(root: Path, into: Path) -> Path:
    """A copy of what the project's wheel is built from — pyproject.toml, README.md and the package, without caches —
    so that what an earlier build left in the checkout (setuptools' build/ keeps modules since deleted) cannot ship."""
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(root / name, into / name)
    shutil.copytree(root / "simtoolkit", into / "simtoolkit", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return into


def pip(arguments: list[str], log: Path, check: bool = True) -> str | None:
    """Run pip; its output goes to `log`. Returns None, or (check=False) the project pip found no wheel for."""
    done = subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *arguments],
                          capture_output=True, text=True)
    log.write_text(done.stdout + done.stderr, encoding="utf-8")
    if done.returncode == 0:
        return None
    match = NO_MATCH.search(done.stdout + done.stderr)
    if not check and match:
        return match.group(1)
    last = (done.stderr.strip().splitlines() or ["pip failed"])[-1]
    raise PipFailed(f"wheelhouse: pip {arguments[0]} failed: {last} (full log: {log})")


def copy_scenarios(root: Path, out: Path) -> None:
    """The shipped scenarios beside the wheels, so `simtoolkit run scenarios/qingxu.toml` works from OUT."""
    target = out / "scenarios"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(root / "scenarios", target)


def python_version() -> str:
    """This interpreter's major.minor."""
    return f"{sys.version_info.major}.{sys.version_info.minor}"
