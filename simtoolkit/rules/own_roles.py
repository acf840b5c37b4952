"""A scenario's own paid roles (policy.own_roles; docs/cookbook.md, Recipe 16): each declared row's values by a post's
role code, when its holder leaves, and the posts of a village."""

from __future__ import annotations

import numpy as np

from . import roles

PERCENT = 100.0


def by_role(role: np.ndarray, P, column: str) -> np.ndarray:
    """Each post's value of a column of its role's declared row (`role`: run role codes of own roles)."""
    values = np.array([row[column] for row in P.policy.own_roles.roles], dtype=float)
    return values[np.asarray(role, dtype=np.int64) - len(roles.CODES)]


def leaving(year: int, birth_year: np.ndarray, role: np.ndarray, draw: np.ndarray, P) -> np.ndarray:
    """Who leaves the post at the end of `year`: those who reach their role's leaving age in it, and others at the
    role's yearly leaving rate (`draw`: uniform, one per post)."""
    reached = year - birth_year >= by_role(role, P, "leave_age")
    return reached | (draw < by_role(role, P, "leave_rate") / PERCENT)


def last_year(birth_year: np.ndarray, role: np.ndarray, P) -> np.ndarray:
    """The year a holder reaches the leaving age and leaves at its end (the liabilities' leaving year)."""
    return np.asarray(birth_year, dtype=np.int64) + by_role(role, P, "leave_age").astype(np.int64)


def village_posts(P) -> np.ndarray:
    """The run role codes of one village's own posts: each declared role, as many times as its posts per village."""
    own = roles.own(P)
    rows = P.policy.own_roles.roles
    return np.repeat([roles.code(row["code"], own) for row in rows], [row["posts_per_village"] for row in rows]).astype(np.int8)
