"""A monthly amount by band of years served × role (docs/cookbook.md): the row of the person's role with the highest
`from_years` reached; nothing below the lowest band or for a role without rows."""

from __future__ import annotations

import numpy as np

from . import roles


def monthly(years_served, role, rows) -> np.ndarray:
    """Each person's monthly amount by the table (vectorised; the loop is over the table's rows, not people)."""
    amount = np.zeros(np.shape(years_served))
    for r in sorted(rows, key=lambda r: r["from_years"]):  # a later (higher) band of the same role overrides
        reached = (role == roles.code(r["role"])) & (np.asarray(years_served) + 1e-9 >= r["from_years"])
        amount = np.where(reached, r["monthly"], amount)
    return amount
