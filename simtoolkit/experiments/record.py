"""The compact result of one replication, as the runner ships it between processes and keeps it on disk.

A `Record` holds what every experiment reads — star counts by year, township, role and level; the
ledger's yearly sums by item, payer and township (non-zero cells only); the yearly indicators — and
nothing per person, so a replication travels and is stored in a few kilobytes. Its tidy frames are
exactly those of `Result` (the same columns and rows), so the report tables accept either.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from simtoolkit.ledger import FEN_PER_YUAN, payers
from simtoolkit.results import Result, in_unit

_UMASK = os.umask(0o022)
os.umask(_UMASK)
FORMAT = 2  # bump when the stored layout changes: older stores are then not reused (2: each file says whose it is)


@dataclass
class Record:
    """One replication's outputs: stars, costs (sparse, integer fen) and indicators."""

    replication: int
    start_year: int
    years: int
    townships: tuple[str, ...]
    max_stars: int
    star_counts: np.ndarray  # year × township × role × stars (int32), rated heads only
    role_present: np.ndarray  # township × role (bool)
    cost_cells: np.ndarray  # n × 4 (year index, item, payer, township), int16
    cost_fen: np.ndarray  # n, int64
    indicator_names: tuple[str, ...]
    indicator_values: np.ndarray  # indicator × year (float64)
    outstanding_fen: int = 0
    own_items: tuple[str, ...] = ()  # the scenario's own item codes, after the shared ones (cost_cells' item)

    item_codes = Result.item_codes

    @classmethod
    def from_result(cls, result: Result) -> "Record":
        """Keep the compact part of a model's result."""
        by_township = result.yearly_fen.sum(axis=4)  # year × item × payer × township
        cells = np.nonzero(by_township)
        names = tuple(sorted(result.indicators))
        values = np.array([result.indicators[n] for n in names], dtype=np.float64).reshape(len(names), result.years)
        return cls(int(result.replication), int(result.start_year), int(result.years), tuple(result.townships),
                   int(result.max_stars), result.star_counts.astype(np.int32), result.role_present.astype(bool),
                   np.stack(cells, axis=1).astype(np.int16), by_township[cells].astype(np.int64), names, values,
                   int(result.outstanding_fen), tuple(result.own_items))

    # ---- arrays the experiments use ------------------------------------------------------
    def _item_columns(self, codes: tuple[str, ...] | None) -> tuple[int, np.ndarray]:
        """How many item columns, and each cost cell's column: its own item's place in `codes` (default: the record's
        own item codes), so that records of scenarios with different own items line up."""
        if codes is None or codes == self.item_codes:
            return len(self.item_codes), self.cost_cells[:, 1]
        return len(codes), np.array([codes.index(c) for c in self.item_codes], dtype=np.int64)[self.cost_cells[:, 1]]

    def cost_by_item(self, codes: tuple[str, ...] | None = None) -> np.ndarray:
        """Fen by year × item (every payer and township); items as `codes` when given (a union of several runs')."""
        n, column = self._item_columns(codes)
        out = np.zeros((self.years, n), np.int64)
        np.add.at(out, (self.cost_cells[:, 0], column), self.cost_fen)
        return out

    def cost_by_item_payer(self, codes: tuple[str, ...] | None = None) -> np.ndarray:
        """Fen by year × item × payer (every township); items as `codes` when given."""
        n, column = self._item_columns(codes)
        out = np.zeros((self.years, n, len(payers())), np.int64)
        np.add.at(out, (self.cost_cells[:, 0], column, self.cost_cells[:, 2]), self.cost_fen)
        return out

    def fiscal_fen(self) -> np.ndarray:
        """Fen paid by public budgets (payers marked fiscal), per year."""
        fiscal = np.array([p.fiscal for p in payers()])[self.cost_cells[:, 2]]
        out = np.zeros(self.years, np.int64)
        np.add.at(out, self.cost_cells[fiscal, 0], self.cost_fen[fiscal])
        return out

    def stars_by_level(self, levels: int) -> np.ndarray:
        """Rated heads per year and star level 0..levels-1 (levels this scenario lacks count zero)."""
        counts = self.star_counts.sum(axis=(1, 2))  # year × own levels
        out = np.zeros((self.years, levels), np.int64)
        n = min(levels, counts.shape[1])
        out[:, :n] = counts[:, :n]
        return out

    # ---- the tidy frames of Result ----------------------------------------------------------
    # Result's own code, which reads only fields a Record has too: the same rows by construction.
    stars_frame = Result.stars_frame
    indicators_frame = Result.indicators_frame

    @property
    def indicators(self) -> dict[str, np.ndarray]:
        """Indicator name → yearly values (as in Result)."""
        return dict(zip(self.indicator_names, self.indicator_values))

    def costs_frame(self, unit: str = "fen") -> pd.DataFrame:
        """rep,year,item,payer,township,fen — non-zero sums paid in each calendar year (integer fen; unit="yuan": float yuan)."""
        order = np.lexsort(self.cost_cells.T[::-1])  # year, item, payer, township: the order of np.nonzero
        c, fen = self.cost_cells[order].astype(np.int64), self.cost_fen[order]
        return pd.DataFrame({"rep": self.replication, "year": self.start_year + c[:, 0],
                             "item": np.array(self.item_codes, dtype=object)[c[:, 1]],
                             "payer": np.array([x.code for x in payers()], dtype=object)[c[:, 2]],
                             "township": np.array(self.townships, dtype=object)[c[:, 3]], "fen": fen}).pipe(in_unit, unit)

    def total_yuan(self) -> float:
        """Everything paid within the horizon, in yuan."""
        return int(self.cost_fen.sum()) / FEN_PER_YUAN

    # ---- files ------------------------------------------------------------------------------
    def save(self, path: Path, identity: dict | None = None) -> None:
        """Write as .npz atomically (a file on disk is always whole), with whose replication it is (`identity`)."""
        buffer = io.BytesIO()
        np.savez(buffer, format=np.array(FORMAT), identity=np.array(json.dumps(identity or {}, sort_keys=True)),
                 replication=np.array(self.replication), start_year=np.array(self.start_year),
                 years=np.array(self.years), townships=np.array(self.townships, dtype=str), max_stars=np.array(self.max_stars),
                 star_counts=self.star_counts, role_present=self.role_present, cost_cells=self.cost_cells,
                 cost_fen=self.cost_fen, indicator_names=np.array(self.indicator_names, dtype=str),
                 indicator_values=self.indicator_values, outstanding_fen=np.array(self.outstanding_fen),
                 **({"own_items": np.array(self.own_items, dtype=str)} if self.own_items else {}))
        atomic_write(path, buffer.getvalue())

    @staticmethod
    def identity(path: Path) -> dict:
        """Whose replication a stored file holds (job, scenario digest, seed, replication, years), as saved."""
        with np.load(path, allow_pickle=False) as z:
            if int(z["format"]) != FORMAT:
                raise ValueError(f"{path}: stored with format {int(z['format'])}, expected {FORMAT}")
            return json.loads(str(z["identity"]))

    @classmethod
    def load(cls, path: Path) -> "Record":
        """Read a record written by `save`."""
        with np.load(path, allow_pickle=False) as z:
            if int(z["format"]) != FORMAT:
                raise ValueError(f"{path}: stored with format {int(z['format'])}, expected {FORMAT}")
            return cls(int(z["replication"]), int(z["start_year"]), int(z["years"]), tuple(str(t) for t in z["townships"]),
                       int(z["max_stars"]), z["star_counts"], z["role_present"], z["cost_cells"], z["cost_fen"],
                       tuple(str(n) for n in z["indicator_names"]), z["indicator_values"], int(z["outstanding_fen"]),
                       tuple(str(c) for c in z["own_items"]) if "own_items" in z else ())


def atomic_write(path: Path, data: bytes) -> None:
    """Write bytes to `path` through a temporary file in the same folder, then rename."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # as an ordinary file would be (mkstemp makes it private)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
