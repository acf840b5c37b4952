"""Every file below a folder with its bytes: "nothing written" and "inputs byte-identical" as one comparison."""

from __future__ import annotations

from pathlib import Path


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Relative path → bytes (None for a folder) of everything below `folder`, hidden files included."""
    folder = Path(folder)
    return {p.relative_to(folder).as_posix(): (None if p.is_dir() else p.read_bytes()) for p in sorted(folder.rglob("*"))}


def outputs(folder_or_snapshot) -> dict[str, bytes | None]:
    """A snapshot without what is below `runs/` (finished replications, kept by design so a re-run resumes)."""
    shot = folder_or_snapshot if isinstance(folder_or_snapshot, dict) else snapshot(folder_or_snapshot)
    return {k: v for k, v in shot.items() if "runs/" not in k and k != "runs" and not k.endswith("/runs")}


def one_error_line(err: str) -> str:
    """The single 'error: ...' line a refused command prints, after checking there is no traceback and no other line."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err, err
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]
