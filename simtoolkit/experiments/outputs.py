"""Writing an experiment's files into its output folder, and saying how the run went."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from simtoolkit.errors import InputError
from simtoolkit.experiments.runner import Outcome, RunInterrupted
from simtoolkit.experiments.words import word
from simtoolkit.io.parquet import parquet_bytes
from simtoolkit.io.write import ENCODING, claim_output, staged_output

EXIT_FAILED_REPLICATIONS = 1
EXIT_INTERRUPTED = 130


def check_out(out: Path | None) -> None:
    """Before anything runs: the output folder is not a file, and no other command writes into it (a lock)."""
    claim_output(out)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as UTF-8 with BOM, Unix newlines, no index (as `io.write.write_csv`)."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode(ENCODING)


def write_files(out: Path, files: dict[str, pd.DataFrame | dict[str, Any] | bytes], inputs=(), force: bool = False) -> None:
    """Write tables (CSV, or Parquet for a .parquet name), dicts (JSON) and bytes into `out`, all of them or none
    (a staging folder), never over `inputs`."""
    with staged_output(Path(out), inputs, force) as stage:
        for name, content in files.items():
            if isinstance(content, pd.DataFrame):
                data = parquet_bytes(content) if name.endswith(".parquet") else csv_bytes(content)
            elif isinstance(content, bytes):
                data = content
            else:
                data = (json.dumps(content, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n").encode("utf-8")
            (stage / name).write_bytes(data)


def fixed(values, decimals: int) -> list[str]:
    """Numbers as text with fixed decimals and no negative zero."""
    return [f"{(round(float(v), decimals) + 0.0):.{decimals}f}" for v in values]


def report_failures(outcome: Outcome, out: Path | None, lang: str) -> int:
    """Say which replications failed (stderr, in 'zh' or 'en'); the exit code: 0, or 1 when any failed."""
    if not outcome.failures:
        return 0
    where = word("failed_where", lang, path=Path(out) / "failures.csv") if out is not None else ""
    print(word("failed_count", lang, n=len(outcome.failures), where=where), file=sys.stderr)
    for f in outcome.failures[:5]:
        print(word("failed_one", lang, job=f.job, scenario=f.scenario, replication=f.replication, error=f.error), file=sys.stderr)
    if len(outcome.failures) > 5:
        print(word("failed_more", lang, n=len(outcome.failures) - 5), file=sys.stderr)
    return EXIT_FAILED_REPLICATIONS


def report_interrupted(exc: RunInterrupted, lang: str) -> int:
    """After Ctrl-C: what was kept, and how to resume (stderr, in 'zh' or 'en')."""
    if exc.out is not None:
        print(word("interrupted_kept", lang, done=exc.done, total=exc.total, path=exc.out / "runs"), file=sys.stderr)
    else:
        print(word("interrupted_lost", lang, done=exc.done, total=exc.total), file=sys.stderr)
    return EXIT_INTERRUPTED
