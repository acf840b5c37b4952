"""Cost sharing: each payment of an item split among payers by shares, exactly in fen, dated by year.

A table of rows (item, from_year, payer, share): the rows of an item with the latest `from_year` not after a payment's
year give its payers and their shares; before an item's first `from_year` its payments stay with the payer booked.
The shares are read as written (to 1/10,000 of a unit: a third is 1 of 1 : 2, not 0.3333) and scaled to whole
weights, so a part is an exact integer division of the fen booked: every payer but the first gets
⌊fen × weight / total⌋, the first payer written with a share above 0 gets what remains, and the parts always sum to
the amount booked.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import gcd

import numpy as np

SHARE_DENOMINATOR = 10_000  # a share is read to 1/10,000 of a unit (and weights stay small: no int64 overflow)


@dataclass(frozen=True)
class Split:
    """One item's payers in a year and their whole-number weights; the first payer takes the remainders."""

    payers: tuple[int, ...]
    weights: tuple[int, ...]

    def parts(self, fen: np.ndarray) -> list[tuple[int, np.ndarray]]:
        """(payer, fen) for each payer with a positive weight; the parts sum to `fen` element by element."""
        total = sum(self.weights)
        whole, rest = np.divmod(fen, total)  # fen × w // total without forming fen × w (no int64 overflow)
        if total * max(self.weights) >= 2**62:  # rest × w could overflow int64: Python integers for the rest
            rest = rest.astype(object)
        others = [(p, (whole * w + rest * w // total).astype(np.int64)) for p, w in zip(self.payers[1:], self.weights[1:]) if w > 0]
        first = fen - sum(part for _, part in others)
        return [(self.payers[0], first), *others]


def weights(shares: list[float]) -> tuple[int, ...]:
    """Shares as whole numbers in the same ratio, read to 1/10,000 (0.5 : 0.25 → 2 : 1; 5 : 3 : 2 stays)."""
    whole = [round(Fraction(str(s)) * SHARE_DENOMINATOR) for s in shares]
    common = gcd(*whole) or 1  # all 0 (refused at load) stays 0
    return tuple(w // common for w in whole)


class CostShares:
    """The share table of a run: for each item, its splits by the year they start."""

    def __init__(self, rows: list[dict], start_year: int, item_index, payer_index):
        """`rows`: the table (item, from_year, payer, share); `item_index`/`payer_index`: code → ledger position."""
        by_start: dict[tuple[int, int], list[tuple[int, float]]] = {}
        for row in rows:
            key = (item_index(row["item"]), int(row["from_year"]))
            by_start.setdefault(key, []).append((payer_index(row["payer"]), float(row["share"])))
        self.start_year = start_year
        self._splits: dict[int, list[tuple[int, Split]]] = {}
        for (item, year), parts in sorted(by_start.items()):
            parts = [(p, s) for p, s in parts if s > 0]  # a payer at 0 pays nothing, not even a remainder
            split = Split(tuple(p for p, _ in parts), weights([s for _, s in parts]))
            self._splits.setdefault(item, []).append((year, split))
        self._cache: dict[tuple[int, int], Split | None] = {}

    def split(self, item: int, year_index: int) -> Split | None:
        """The split of an item's payments in the run's year `year_index` (0 = the start year), or None: not shared."""
        key = (item, year_index)
        if key not in self._cache:
            year = self.start_year + year_index
            self._cache[key] = next((s for start, s in reversed(self._splits.get(item, [])) if start <= year), None)
        return self._cache[key]
