"""The offline install: `simtoolkit wheelhouse` builds the wheels, a fresh virtual environment installs them with pip's
network shut off, and the installed `python -m simtoolkit` and `simtoolkit` run Qingxu with the same bytes as this tree.

Slow the first time on a machine (pip downloads every dependency, a few hundred MB): the wheelhouse is kept in
``~/.cache/simtoolkit/test-wheelhouse`` (or ``$SIMTOOLKIT_WHEELHOUSE_CACHE``) and reused; the command still rebuilds
simtoolkit's own wheel from this tree every time, and an empty cache is simply filled.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("SIMTOOLKIT_WHEELHOUSE_CACHE", "~/.cache/simtoolkit/test-wheelhouse")).expanduser()
UNREACHABLE = "http://127.0.0.1:9"  # the discard port: any attempt to reach a package index fails at once
RUN = ("run", "scenarios/qingxu.toml", "--reps", "2", "--years", "2", "--seed", "3")


def offline_env() -> dict[str, str]:
    """The environment with no package index, every proxy unreachable, no user pip config, no PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k != "PYTHONPATH"}
    env |= {"PIP_NO_INDEX": "1", "PIP_CONFIG_FILE": os.devnull, "http_proxy": UNREACHABLE, "https_proxy": UNREACHABLE,
            "HTTP_PROXY": UNREACHABLE, "HTTPS_PROXY": UNREACHABLE, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return env


def test_wheelhouse_installs_offline_and_runs_qingxu(tmp_path):
    tree_env = os.environ | {"PYTHONPATH": str(ROOT)}
    built = subprocess.run([sys.executable, "-m", "simtoolkit", "wheelhouse", str(CACHE)], cwd=ROOT, env=tree_env,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert list(CACHE.glob("simtoolkit-*.whl")) and (CACHE / "scenarios" / "qingxu.toml").is_file()

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    installed = subprocess.run([str(python), "-m", "pip", "install", "--no-index", "--only-binary=:all:", "--find-links",
                                str(CACHE), "simtoolkit"], env=offline_env(), capture_output=True, text=True)
    assert installed.returncode == 0, installed.stdout[-2000:] + installed.stderr[-2000:]

    where = subprocess.run([str(python), "-c", "import simtoolkit; print(simtoolkit.__file__)"], cwd=CACHE,
                           env=offline_env(), capture_output=True, text=True)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout + where.stderr  # not this tree

    out = tmp_path / "installed"
    ran = subprocess.run([str(python), "-m", "simtoolkit", *RUN, "--out", str(out)], cwd=CACHE, env=offline_env(),
                         capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    script = venv / ("Scripts/simtoolkit.exe" if os.name == "nt" else "bin/simtoolkit")
    checked = subprocess.run([str(script), "validate", "scenarios/qingxu.toml"], cwd=CACHE, env=offline_env(),
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr

    here = tmp_path / "tree"
    assert subprocess.run([sys.executable, "-m", "simtoolkit", *RUN, "--out", str(here)], cwd=ROOT, env=tree_env,
                          capture_output=True).returncode == 0
    for name in ("stars.csv", "costs.csv", "indicators.csv"):
        assert (out / name).read_bytes() == (here / name).read_bytes(), name


def test_wheelhouse_bad_input_is_one_line_and_writes_nothing(cli, tmp_path):
    code, _, err = cli("wheelhouse", tmp_path / "house", "--extras", "ema,cloud")
    assert code == 2 and "--extras: unknown cloud" in err and not (tmp_path / "house").exists()
    (tmp_path / "file").write_text("x")
    code, _, err = cli("wheelhouse", tmp_path / "file")
    assert code == 2 and "is not a folder" in err and (tmp_path / "file").read_text() == "x"


def test_windows_requirements_without_wheels_are_left_out_and_listed(tmp_path, monkeypatch):
    from simtoolkit.offline import wheelhouse

    asked = []

    def pip_without(arguments, log, check=True):
        """pip as if `numba` and `noto-cjk-sans-otc` published no Windows wheel: it names the first it meets."""
        asked.append(arguments)
        log.write_text("")
        wanted = [a for a in arguments if a.split("[")[0].split(">")[0].split("=")[0] in ("numba", "noto-cjk-sans-otc")]
        return wanted[0].split(">")[0] if wanted else None

    monkeypatch.setattr(wheelhouse, "pip", pip_without)
    wheels, missing = wheelhouse.download_windows(ROOT, tmp_path, ["ema"], "3.12")
    assert sorted(m.split(">")[0] for m in missing) == ["noto-cjk-sans-otc", "numba"]
    assert (tmp_path / "windows" / "MISSING.txt").read_text().count("\n") == 2
    last = asked[-1]
    assert "--platform" in last and "win_amd64" in last and "3.12" in last and "--only-binary=:all:" in last
    assert any(a.startswith("ema_workbench") for a in last) and not any(a.startswith("numba") for a in last)
