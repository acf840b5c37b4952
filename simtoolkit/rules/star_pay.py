"""An amount by the stars held, from a table of any shape (docs/cookbook.md): each row from its stars up to the next."""

from __future__ import annotations

import numpy as np


def by_stars(stars, rows) -> np.ndarray:
    """The amount of the row each number of stars falls in (rows rise from 0 stars)."""
    lows = np.array([r["stars"] for r in rows], float)
    amounts = np.array([r["amount"] for r in rows], float)
    return amounts[np.maximum(np.searchsorted(lows, stars, side="right") - 1, 0)]


def difference(stars, best_paid, rows) -> np.ndarray:
    """Paid once per level first reached: the amount of the stars held less that of the best level already paid."""
    return np.maximum(by_stars(stars, rows) - by_stars(best_paid, rows), 0.0)
