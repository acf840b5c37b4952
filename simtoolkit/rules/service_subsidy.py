"""A monthly amount by band of years served × role (docs/cookbook.md): the row of the person's role with the highest
`from_years` reached; nothing below the lowest band or for a role without rows."""

from __future__ import annotations

import numpy as np

from . import roles


def monthly(years_served, role, rows, own_roles: tuple[str, ...] = ()) -> np.ndarray:
    """Each person's monthly amount by the table (vectorised; the loop is over the table's rows, not people); a row may
    name one of the scenario's own roles (`own_roles`, policy.own_roles: a former accountant's role code)."""
    amount = np.zeros(np.shape(years_served))
    for r in sorted(rows, key=lambda r: r["from_years"]):  # a later (higher) band of the same role overrides
        reached = (role == roles.code(r["role"], own_roles)) & (np.asarray(years_served) + 1e-9 >= r["from_years"])
        amount = np.where(reached, r["monthly"], amount)
    return amount
