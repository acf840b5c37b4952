"""Writing outputs: CSV as UTF-8 with BOM (so Excel and WPS show Chinese), into a folder all at once.

One discipline for every command that writes (docs/guarantees.md):
- `claim_output(out)` before anything runs: the folder is not a file, and a lock inside it keeps a second
  command from writing into the same folder at the same time (released by `release_outputs` at the end);
- `staged_output(out)` writes every file into a staging folder beside the target and moves them in only
  when all were written; if a move fails, the files moved before it are put back as they were;
- `write_file(path, write)` does the same for a single file (a temporary name renamed into place);
- a file given as input is never replaced, nor a file simtoolkit did not write, unless `force`;
- every `OSError` (no space, read-only, not a folder, locked) becomes one `InputError` line.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from simtoolkit.errors import InputError

ENCODING = "utf-8-sig"
LOCK_NAME = ".simtoolkit.lock"
_HELD: dict[Path, tuple[int, bool]] = {}  # output folder → (open lock file descriptor, folder created by the claim)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write a table as UTF-8 with BOM, Unix newlines, no index."""
    frame.to_csv(path, index=False, encoding=ENCODING, lineterminator="\n")


def write_json(data: Any, path: Path) -> None:
    """Write JSON readably, keys sorted, Chinese kept as is."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")


def os_problem(path: Path | str, exc: OSError) -> str:
    """One line for an operating-system error: the path it concerns and what the system said."""
    where = exc.filename if getattr(exc, "filename", None) else path
    return f"{where}: cannot write ({exc.strerror or exc})"


def same_file(a: Path, b: Path) -> bool:
    """True when two paths name one existing file (links and relative paths resolved)."""
    try:
        return Path(a).exists() and Path(b).exists() and os.path.samefile(a, b)
    except OSError:
        return False


def refuse_inputs(targets: Iterable[Path], inputs: Iterable[Path | str | None], force: bool = False) -> None:
    """An output that would replace one of the command's input files is refused (unless `force`)."""
    if force:
        return
    given = [Path(p) for p in inputs if p]
    for target in targets:
        for source in given:
            if same_file(target, source):
                raise InputError(f"{target}: is an input of this command and would be overwritten; "
                                 "choose another output (or add --force)")


# ---- the folder lock --------------------------------------------------------------------------------
def claim_output(out: Path | str | None) -> None:
    """Check an output folder before anything runs and lock it for this command (released by `release_outputs`)."""
    if out is None:
        return
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    key = out.resolve()
    if key in _HELD:
        return
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = _open_locked(out / LOCK_NAME)
    except OSError as exc:
        raise InputError(os_problem(out, exc)) from None
    if fd is None:
        raise InputError(f"{out}: another simtoolkit command is writing into this folder; "
                         "wait for it to finish or choose another --out")
    _HELD[key] = (fd, created)


def _open_locked(path: Path) -> int | None:
    """The lock file opened and locked, or None when another process holds it.

    The file is removed on release, so a lock taken on a file already removed is retried: only
    a lock on the file the path names now counts.
    """
    for _ in range(10):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _lock(fd):
            os.close(fd)
            return None
        try:
            if os.fstat(fd).st_ino == os.stat(path).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)
    return None


def _lock(fd: int) -> bool:
    """Take an exclusive lock on an open file without waiting; False when someone else holds it."""
    try:
        import fcntl
    except ImportError:  # Windows: the lock file's existence is the best available signal
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def release_outputs() -> None:
    """Release every folder this process claimed (the lock file goes); a folder it created and left empty goes too."""
    for key, (fd, created) in list(_HELD.items()):
        with contextlib.suppress(OSError):
            (key / LOCK_NAME).unlink()
        with contextlib.suppress(OSError):
            os.close(fd)
        with contextlib.suppress(OSError):
            if created and not any(key.iterdir()):
                key.rmdir()
        del _HELD[key]


# ---- all-or-nothing writing ---------------------------------------------------------------------------
@contextlib.contextmanager
def staged_output(out: Path, inputs: Iterable[Path | str | None] = (), force: bool = False,
                  replace: bool = True) -> Iterator[Path]:
    """Yield a staging folder; on success move all its files into `out` at once, on failure leave `out` as it was.

    Files of the same names already in `out` are earlier outputs and are replaced, unless `replace`
    is False (templates a user may have filled in) or they are `inputs`; `force` allows both.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    parent = out.parent if out.parent != Path("") else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=".stage-", dir=parent))
    except OSError as exc:
        raise InputError(os_problem(parent, exc)) from None
    try:
        try:
            yield stage
        except OSError as exc:
            raise InputError(os_problem(out, exc)) from None
        names = sorted(p.name for p in stage.iterdir())
        refuse_inputs([out / n for n in names], inputs, force)
        if not (replace or force) and (existing := [n for n in names if (out / n).exists()]):
            raise InputError(f"{out}: already holds {', '.join(existing)}; nothing was written "
                             "(move them away, choose another folder, or add --force to replace them)")
        _commit(stage, out, names)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _commit(stage: Path, out: Path, names: list[str]) -> None:
    """Move the staged files into `out`; if one move fails, undo the others and say which file failed."""
    for name in names:
        if (out / name).is_dir() and not (stage / name).is_dir():
            raise InputError(f"{out / name}: is a folder, so the output file cannot be written there; nothing was written")
    backup = stage / ".replaced"
    moved: list[str] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        backup.mkdir()
        for name in names:
            if (out / name).exists():
                os.replace(out / name, backup / name)
            os.replace(stage / name, out / name)
            moved.append(name)
    except OSError as exc:
        _undo(out, backup, moved, names)
        raise InputError(f"{os_problem(out, exc)}; nothing was written") from None


def _undo(out: Path, backup: Path, moved: list[str], names: list[str]) -> None:
    """Put back what `_commit` replaced (best effort: a file that cannot be moved back stays in the backup)."""
    for name in moved:
        with contextlib.suppress(OSError):
            (out / name).unlink()
    for name in names:
        if (backup / name).exists():
            with contextlib.suppress(OSError):
                os.replace(backup / name, out / name)


def write_file(path: Path, write: Callable[[Path], None], inputs: Iterable[Path | str | None] = (), force: bool = False,
               ours: Callable[[Path], bool] | None = None) -> None:
    """Write one file through a temporary name beside it; refuse to replace an input, or a file `ours` does not recognise."""
    path = Path(path)
    refuse_inputs([path], inputs, force)
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a file name")
    if path.exists() and not force and (ours is None or not ours(path)):
        raise InputError(f"{path}: exists and was not written by this command; choose another name (or add --force to replace it)")
    temporary = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(temporary)
        os.replace(temporary, path)
    except OSError as exc:  # named by the file asked for, not its temporary name
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def csv_header_is(path: Path, columns: Iterable[str]) -> bool:
    """True when a file's first line is exactly the given CSV header (an earlier output of the same command)."""
    try:
        with Path(path).open("rb") as fh:
            first = fh.readline(4096)
    except OSError:
        return False
    return first.decode("utf-8-sig", errors="replace").strip() == ",".join(columns)
