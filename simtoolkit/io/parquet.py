"""Tables as Parquet (``--format parquet``, needs pyarrow): the values their CSV reads back as, text columns as categories.

A Parquet file is made from the CSV text the same command would write, read back by pandas, so
``pd.read_parquet`` equals ``pd.read_csv`` of the CSV in every value and numeric dtype; text columns
(township, role, item, payer, indicator, metric…) are stored as categorical (dictionary-encoded).
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from simtoolkit.errors import InputError

FORMATS = ("csv", "parquet")


def require_parquet(fmt: str) -> None:
    """Bad input before anything runs: Parquet asked for without pyarrow installed."""
    if fmt != "parquet":
        return
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError("--format parquet needs pyarrow: pip install simtoolkit[parquet]") from None


def as_csv_reads_back(frame: pd.DataFrame) -> pd.DataFrame:
    """The table as pandas reads its CSV back, text columns categorical."""
    text = io.StringIO()
    frame.to_csv(text, index=False)
    text.seek(0)
    read = pd.read_csv(text)
    categories = {c: "category" for c in read.columns if not pd.api.types.is_numeric_dtype(read[c])}
    return read.astype(categories)


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """A table as Parquet bytes."""
    buffer = io.BytesIO()
    as_csv_reads_back(frame).to_parquet(buffer, index=False, engine="pyarrow")
    return buffer.getvalue()


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write a table as a Parquet file."""
    Path(path).write_bytes(parquet_bytes(frame))
