"""The World: all agent tables of one county (or province) plus its calendar anchor."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .tables import Heads, Households, Members, Posts, Retirees, Townships, Villages


@dataclass
class World:
    """Every agent table of one simulated place."""

    townships: Townships
    villages: Villages
    heads: Heads
    members: Members
    households: Households
    retirees: Retirees
    start_year: int
    next_id: int
    posts: Posts | None = None  # holders of the scenario's own paid roles (policy.own_roles), None without them

    def new_ids(self, n: int) -> np.ndarray:
        """Fresh person ids for `n` newcomers."""
        ids = np.arange(self.next_id, self.next_id + n, dtype=np.int64)
        self.next_id += n
        return ids

    def township_names(self) -> list[str]:
        """Township names in code order."""
        return [str(n) for n in self.townships.name]
