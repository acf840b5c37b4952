"""Holders of the scenario's own paid posts (policy.own_roles), drawn when the world is built."""

from __future__ import annotations

import numpy as np

from simtoolkit.rules import own_roles

from . import persons
from .tables import Posts, Villages


def own_posts(P, villages: Villages, rng: np.random.Generator, year: int, first_id: int) -> Posts | None:
    """Every village's own posts (None without policy.own_roles), each holder with an age drawn evenly between the
    role's entry and leaving ages and years in post evenly since entry (whole months), a sex at the heads' share."""
    if not P.has("policy.own_roles"):
        return None
    pattern = own_roles.village_posts(P)
    village = np.repeat(villages.id, pattern.size).astype(np.int32)
    role = np.tile(pattern, len(villages))
    n = village.size
    entry, leave = own_roles.by_role(role, P, "entry_age"), own_roles.by_role(role, P, "leave_age")
    age = entry + np.floor(rng.random(n) * (leave - entry))
    served_months = np.floor(rng.random(n) * 12 * (age - entry + 1))
    female = persons.draw_female(rng, n, P)
    return Posts(id=np.arange(first_id, first_id + n, dtype=np.int64), township=villages.township[village].astype(np.int32),
                 village=village, role=role, sex=female.astype(np.int8), birth_year=(year - age).astype(np.int16),
                 start_month=(-served_months).astype(np.int32))
