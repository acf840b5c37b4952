"""Tidy tables over replications, and their mean and percentile band."""

from __future__ import annotations

import numpy as np
import pandas as pd

from simtoolkit.results import Result


def stars_table(results: list[Result]) -> pd.DataFrame:
    """rep,year,township,role,stars,count for every replication."""
    return pd.concat([r.stars_frame() for r in results], ignore_index=True)


def costs_table(results: list[Result]) -> pd.DataFrame:
    """rep,year,item,payer,township,fen for every replication (fen: integer 1/100 yuan)."""
    return pd.concat([r.costs_frame() for r in results], ignore_index=True)


def indicators_table(results: list[Result]) -> pd.DataFrame:
    """rep,year,indicator,value for every replication."""
    return pd.concat([r.indicators_frame() for r in results], ignore_index=True)


def fen_to_text(fen: pd.Series) -> pd.Series:
    """Exact yuan with two decimals from integer fen ('1234.50')."""
    values = fen.astype("int64")
    return values.floordiv(100).astype(str) + "." + values.mod(100).astype(str).str.zfill(2)


def band(frame: pd.DataFrame, by: list[str], value: str, level: float = 0.9, reps: int | None = None) -> pd.DataFrame:
    """Mean and central percentile band of `value` over replications, per `by` group.

    Replications missing from a group (no rows) count as zero, so bands of sparse tables are honest.
    """
    reps = reps if reps is not None else frame["rep"].nunique()
    per_rep = frame.groupby(by + ["rep"], observed=True)[value].sum().unstack("rep", fill_value=0)
    values = per_rep.to_numpy(dtype=float)
    if values.shape[1] < reps:
        values = np.concatenate([values, np.zeros((values.shape[0], reps - values.shape[1]))], axis=1)
    tail = (1 - level) / 2 * 100
    out = per_rep.index.to_frame(index=False)
    out["mean"] = values.mean(axis=1)
    out["low"] = np.percentile(values, tail, axis=1)
    out["high"] = np.percentile(values, 100 - tail, axis=1)
    return out
