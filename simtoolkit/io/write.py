"""Writing outputs: CSV as UTF-8 with BOM (so Excel and WPS show Chinese), into a folder all at once."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

ENCODING = "utf-8-sig"


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write a table as UTF-8 with BOM, Unix newlines, no index."""
    frame.to_csv(path, index=False, encoding=ENCODING, lineterminator="\n")


def write_json(data: Any, path: Path) -> None:
    """Write JSON readably, keys sorted, Chinese kept as is."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")


@contextlib.contextmanager
def staged_output(out: Path) -> Iterator[Path]:
    """Yield a staging folder; on success move its files into `out`, on failure leave `out` untouched."""
    out = Path(out)
    parent = out.parent if out.parent != Path("") else Path(".")
    parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".stage-", dir=parent))
    try:
        yield stage
        out.mkdir(parents=True, exist_ok=True)
        for item in sorted(stage.iterdir()):
            os.replace(item, out / item.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
