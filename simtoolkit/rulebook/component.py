"""A rule component: one rule's declarations and its actions on the model's calendar."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np

if TYPE_CHECKING:
    from simtoolkit.model import CountyModel

# The moments of the calendar, in the order they run within their event (CountyModel's docstring).
MOMENTS = (
    "month_pay",      # monthly, after the scores: standing and monthly payments
    "month",          # monthly, after satisfaction: the month's other mechanisms
    "quarter",        # quarterly, after the township ranking
    "half_year",      # half-yearly assessments
    "events",         # yearly, after the grade: the year's discipline events
    "rating",         # yearly: star rating (and what follows a rating)
    "year_pay",       # yearly: pay and rewards after the review
    "year_report",    # yearly, after the year's record: mechanisms reporting on the year
)


class Component:
    """One rule on the calendar: the groups that switch it on, the state it owns, what it books and reports.

    A subclass acts at a moment by defining a method of that moment's name taking `(P, m)` — the year's
    parameters and the month index. State it owns is declared in `state` (name → (dtype, value for a new
    holder)) and lives in `model.slots`, one value per head slot, renewed on succession by the rulebook; so are the
    columns of the heads' table it keeps (`head_columns`).
    """

    order: ClassVar[float] = 1000  # place in the calendar: within a moment, lower orders act first
    requires: ClassVar[tuple[str, ...]] = ()  # all of these groups in force: the component is on
    excludes: ClassVar[tuple[str, ...]] = ()  # none of these groups in force
    any_of: ClassVar[tuple[str, ...]] = ()  # at least one of these groups in force (when given)
    reads: ClassVar[tuple[str, ...]] = ()  # further schema groups whose parameters it reads
    moments: ClassVar[tuple[str, ...]] = ()
    items: ClassVar[tuple[str, ...]] = ()  # ledger items it books
    indicators: ClassVar[tuple[str, ...]] = ()  # indicators it notes
    state: ClassVar[dict[str, tuple[str, float]]] = {}  # per head slot: name → (dtype, value for a new holder)
    head_columns: ClassVar[dict[str, object]] = {}  # columns of the heads' table it keeps: name → value for a new holder

    def __init__(self, model: "CountyModel"):
        self.model = model

    @classmethod
    def in_force(cls, scenario) -> bool:
        """Whether the scenario switches this component on."""
        return (all(scenario.has(g) for g in cls.requires) and not any(scenario.has(g) for g in cls.excludes)
                and (not cls.any_of or any(scenario.has(g) for g in cls.any_of)))

    @classmethod
    def groups(cls) -> tuple[str, ...]:
        """Every schema group the component reads."""
        return tuple(dict.fromkeys(cls.requires + cls.any_of + cls.reads))

    @staticmethod
    def booked_as(P, group: str, own: str) -> tuple[str, str]:
        """The item and payer a money block books under: its `item` key (default its own item `own`) and its `payer`
        key, else the payer of the item the scenario declares (policy.own_items; checked at load that there is one)."""
        item, payer = P.get(f"{group}.item", own), P.get(f"{group}.payer")
        if payer is None:
            payer = next(row["payer"] for row in P.get("policy.own_items.items", []) if row["code"] == item)
        return item, payer

    def note(self, name: str, value: float) -> None:
        """Add to one of the component's declared indicators for the current year."""
        self.model.result.note(self.model, name, value)


def new_state(spec: dict[str, tuple[str, float]], n: int) -> dict[str, np.ndarray]:
    """Columns for `n` slots, each at its value for a new holder."""
    return {name: np.full(n, reset, dtype=dtype) for name, (dtype, reset) in spec.items()}
