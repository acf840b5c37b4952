"""One output discipline for every command that writes (issue #20, "Data loss or wrong results with exit 0" and
"Tracebacks where the contract promises one clear line and exit 2"):

"`score first-secretary R.csv --out R.csv` overwrites the input records; `--template R.csv` replaces a filled
records file with an empty template; `run --template DIR` empties an existing `DIR/roster.csv`."
"Outputs are not all-or-nothing: when moving one file fails (e.g. `DIR/stars.csv` is a folder, or a file is
locked open by a spreadsheet program), the files moved before it stay, with a traceback."
"Output folders that cannot be written (below a file, read-only, disk full): OSError tracebacks in `run`,
`compare`, `sweep`, `report`, `--template`; `report --out afile` skips the check the others make."

Each case: exit code 2, one line naming the file, no traceback, and every file in the folder byte-identical.
"""

from __future__ import annotations

import errno
import fcntl
import os

import pytest

from conftest import SCENARIOS
from snapshot import one_error_line, outputs, snapshot
from test_first_secretary_cli import ROWS, rows, write_csv
from simtoolkit.errors import InputError
from simtoolkit.io import write
from simtoolkit.io.write import LOCK_NAME, staged_output

QINGXU = SCENARIOS / "qingxu.toml"
BEFORE = SCENARIOS / "qingxu_before.toml"
TINY = ("--reps", "1", "--years", "1")


def records(folder):
    """A valid first-secretary records file."""
    return write_csv(folder / "R.csv", rows(*ROWS))


def test_score_refuses_to_write_over_its_own_records(cli, tmp_path):
    path = records(tmp_path)
    before = snapshot(tmp_path)
    code, _, err = cli("score", "first-secretary", path, "--out", path)
    assert code == 2
    assert f"{path}: is an input of this command" in one_error_line(err)
    assert snapshot(tmp_path) == before


def test_score_template_does_not_replace_a_filled_file_unless_forced(cli, tmp_path):
    path = records(tmp_path)
    before = snapshot(tmp_path)
    code, _, err = cli("score", "first-secretary", "--template", path)
    assert code == 2 and "exists and was not written by this command" in one_error_line(err) and "--force" in err
    assert snapshot(tmp_path) == before
    code, _, _ = cli("score", "first-secretary", "--template", path, "--force")
    assert code == 0 and path.read_bytes() != before["R.csv"]


def test_score_replaces_its_own_earlier_result_but_not_another_file(cli, tmp_path):
    path, out, other = records(tmp_path), tmp_path / "graded.csv", tmp_path / "notes.csv"
    assert cli("score", "first-secretary", path, "--out", out)[0] == 0
    assert cli("score", "first-secretary", path, "--out", out)[0] == 0  # an earlier result (same header) is replaced
    other.write_text("my notes\n", encoding="utf-8")
    before = snapshot(tmp_path)
    code, _, err = cli("score", "first-secretary", path, "--out", other)
    assert code == 2 and f"{other}: exists and was not written by this command" in one_error_line(err)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("command", ["run", "report"])
def test_roster_template_does_not_empty_an_existing_roster(cli, tmp_path, command):
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "roster.csv").write_text("id,township\n1,A\n", encoding="utf-8")
    before = snapshot(tmp_path)
    code, _, err = cli(command, QINGXU, "--template", folder)
    assert code == 2 and "already holds roster.csv" in one_error_line(err)
    assert snapshot(tmp_path) == before  # not even the other three templates
    code, _, _ = cli(command, QINGXU, "--template", folder, "--force")
    assert code == 0 and sorted(p.name for p in folder.iterdir()) == ["retirees.csv", "retirees.xlsx", "roster.csv", "roster.xlsx"]


def test_an_output_file_that_is_a_folder_leaves_every_earlier_output_as_it_was(cli, tmp_path):
    out = tmp_path / "o"
    assert cli("run", QINGXU, *TINY, "--out", out)[0] == 0
    (out / "stars.csv").unlink()
    (out / "stars.csv").mkdir()  # as if someone made a folder of that name
    before = snapshot(tmp_path)
    code, _, err = cli("run", QINGXU, *TINY, "--seed", "9", "--out", out)
    assert code == 2 and f"{out / 'stars.csv'}: is a folder" in one_error_line(err)
    assert outputs(tmp_path) == outputs(before)  # costs.csv and the others still hold the first run's bytes


def test_a_move_that_fails_half_way_is_undone(tmp_path, monkeypatch):
    """Like a file locked open by a spreadsheet program: the third rename fails, the first two are put back."""
    out = tmp_path / "o"
    out.mkdir()
    for name in ("a.csv", "b.csv", "c.csv"):
        (out / name).write_text(f"old {name}\n")
    before = snapshot(tmp_path)
    real = os.replace

    def locked(source, target):
        if str(source).endswith(os.sep + "c.csv") and ".stage-" in str(source) and ".replaced" not in str(source):
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return real(source, target)

    monkeypatch.setattr(write.os, "replace", locked)
    with pytest.raises(InputError) as caught:
        with staged_output(out) as stage:
            for name in ("a.csv", "b.csv", "c.csv"):
                (stage / name).write_text(f"new {name}\n")
    assert caught.value.lines == [f"{out / 'c.csv'}: cannot write (Permission denied); nothing was written"]
    assert snapshot(tmp_path) == before  # no staging folder left either


def test_a_full_disk_is_one_line_and_leaves_nothing(cli, tmp_path, monkeypatch):
    import simtoolkit.cli.run as run_command

    def full(frame, path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(run_command, "write_csv", full)
    code, _, err = cli("run", QINGXU, *TINY, "--out", tmp_path / "o")
    assert code == 2 and "No space left on device" in one_error_line(err)
    assert outputs(tmp_path) == {"o": None}  # only the finished replication (in o/runs), kept to resume


WRITERS = {
    "run": ("run", QINGXU, *TINY),
    "compare": ("compare", BEFORE, QINGXU, *TINY),
    "sweep": ("sweep", QINGXU, "--grid", "policy.stars.award_per_star=500,900", *TINY),
    "report": ("report", QINGXU, *TINY),
    "sensitivity": ("sensitivity", QINGXU, "--param", "policy.stars.award_per_star=500:1500", "--output",
                    "fiscal_cost@1", "--samples", "4", "--years", "1"),
    "calibrate": ("calibrate", QINGXU, "--param", "behaviour.heads.ability_sd=2:9", "--target", "heads_2_stars@1=20",
                  "--years", "1"),
    "optimise": ("optimise", QINGXU, "--param", "policy.stars.award_per_star=0:3000", "--objective",
                 "share_2plus_stars@1", "--ceiling", "1e9", "--years", "1"),
}


@pytest.mark.parametrize("command", WRITERS)
def test_an_output_folder_below_a_file_is_one_line(cli, tmp_path, command):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    code, _, err = cli(*WRITERS[command], "--out", blocker / "sub")
    assert code == 2, err
    assert f"{blocker / 'sub'}: cannot write (Not a directory)" in one_error_line(err)
    assert snapshot(tmp_path) == {"afile": b"x"}


@pytest.mark.parametrize("command", WRITERS)
def test_an_output_that_is_a_file_is_refused_before_running(cli, tmp_path, command):
    out = tmp_path / "afile"
    out.write_text("x")
    code, _, err = cli(*WRITERS[command], "--out", out)
    assert code == 2 and f"{out}: exists and is not a folder" in one_error_line(err)
    assert snapshot(tmp_path) == {"afile": b"x"}


def test_template_below_a_file_is_one_line(cli, tmp_path):
    (tmp_path / "afile").write_text("x")
    code, _, err = cli("run", QINGXU, "--template", tmp_path / "afile" / "tpl")
    assert code == 2 and "cannot write" in one_error_line(err)
    code, _, err = cli("score", "first-secretary", "--template", tmp_path / "afile" / "t.csv")
    assert code == 2 and "cannot write" in one_error_line(err)
    assert snapshot(tmp_path) == {"afile": b"x"}


def test_a_second_command_into_the_same_folder_is_refused(cli, tmp_path):
    """The lock a running command holds (taken here as another process would) keeps a second one out."""
    out = tmp_path / "o"
    out.mkdir()
    fd = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        code, _, err = cli("run", QINGXU, *TINY, "--out", out)
        assert code == 2 and "another simtoolkit command is writing into this folder" in one_error_line(err)
        assert snapshot(out) == {LOCK_NAME: b""}
    finally:
        os.close(fd)
    (out / LOCK_NAME).unlink()
    assert cli("run", QINGXU, *TINY, "--out", out)[0] == 0
    assert LOCK_NAME not in os.listdir(out)  # released and removed at the end


def test_a_run_writing_nothing_leaves_no_folder_behind(cli, tmp_path):
    """A refusal after the folder was claimed (here: the roster is bad) removes the folder the claim created."""
    roster = tmp_path / "heads.csv"
    roster.write_text("id,township\n", encoding="utf-8")
    before = snapshot(tmp_path)
    code, _, err = cli("report", QINGXU, *TINY, "--roster", roster, "--out", tmp_path / "o")
    assert code == 2 and "Traceback" not in err
    assert snapshot(tmp_path) == before


def test_a_fitted_overlay_never_replaces_the_scenario_it_extends(cli, tmp_path):
    """calibrate --out the scenarios' own folder with --overlay-name of the base: refused, the base byte-identical."""
    import shutil

    folder = tmp_path / "county"
    folder.mkdir()
    shutil.copy(QINGXU, folder / "qingxu.toml")
    (folder / "reform.toml").write_text('extends = "qingxu.toml"\n', encoding="utf-8")
    before = snapshot(folder)
    code, _, err = cli("calibrate", folder / "reform.toml", "--param", "behaviour.heads.ability_sd=2:9", "--target",
                       "heads_2_stars@1=20", "--years", "1", "--samples", "4", "--rounds", "1", "--reps", "1",
                       "--check-reps", "1", "--workers", "1", "--overlay-name", "qingxu.toml", "--out", folder)
    (line,) = [line for line in err.splitlines() if line.startswith("error:")]  # after the fit's own report
    assert code == 2 and "Traceback" not in err and f"{folder / 'qingxu.toml'}: is an input of this command" in line
    assert outputs(folder) == outputs(before)


def test_a_read_only_disk_is_named_even_when_the_clean_up_fails_too(tmp_path, monkeypatch):
    """The scorer's clean-up of its temporary file raised on a read-only disk and hid its own message."""
    from pathlib import Path

    from simtoolkit.io.write import write_file

    def read_only(path):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(Path, "unlink", lambda self, missing_ok=False: read_only(self))
    with pytest.raises(InputError) as caught:
        write_file(tmp_path / "scores.csv", read_only)
    (line,) = caught.value.lines
    assert line == f"{tmp_path / 'scores.csv'}: cannot write (Read-only file system)"


def test_an_error_while_staging_leaves_no_staging_folder(tmp_path):
    before = snapshot(tmp_path)
    with pytest.raises(ZeroDivisionError):
        with staged_output(tmp_path / "o") as stage:
            (stage / "a.csv").write_text("a")
            1 / 0
    assert snapshot(tmp_path) == before
