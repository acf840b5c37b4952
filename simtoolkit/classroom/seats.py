"""The seats of a classroom: which head slot each trainee plays, how they join, and what their head did."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

import numpy as np

from simtoolkit.rules import roles

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed on a phone
CODE_LENGTH = 6  # the session's join code (about 30 bits): short enough to write on a board


def join_code() -> str:
    """A short random code the trainer shows and trainees type (also the session's page token)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def pick_slots(heads, n: int) -> np.ndarray:
    """`n` head slots in the star system spread evenly over the townships (slots sorted by township)."""
    eligible = np.flatnonzero(roles.among(heads.role, roles.HEAD_ROLES))
    if n > eligible.size:
        raise ValueError(f"the scenario has only {eligible.size} heads for {n} seats")
    order = eligible[np.lexsort((eligible, heads.township[eligible]))]
    return np.sort(order[np.linspace(0, order.size - 1, n).round().astype(int)]) if n else order[:0]


@dataclass
class Seat:
    """One trainee's place: their head slot, secret page key, choices and the path of their head."""

    number: int  # 1-based, as the trainer calls it
    slot: int
    key: str = field(default_factory=lambda: secrets.token_urlsafe(9))
    name: str = ""
    persons: list[int] = field(default_factory=list)  # the ids that held the slot while the trainee played it
    choice: float | None = None  # this period's choice so far (None: silent)
    periods: list[dict] = field(default_factory=list)  # per period: chosen effort (None: silent), effort in force, best response
    months: list[dict] = field(default_factory=list)  # per month: score, village satisfaction
    years: list[dict] = field(default_factory=list)  # per year: score, grade, rank within the quota, stars, events
    pay: dict[int, dict[str, float]] = field(default_factory=dict)  # yuan booked to the seat's persons: year index → item → yuan

    @property
    def joined(self) -> bool:
        """Whether a trainee sits here."""
        return bool(self.name)
