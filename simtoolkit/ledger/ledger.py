"""The ledger: every yuan paid, as dense integer arrays of fen (1/100 yuan).

Two views are kept, both exact sums of the same bookings: month × item × payer for cash flow,
and year × item × payer × township × role for reports. Person-level rows are kept only when
asked for (the agent inspector), so memory does not grow with agents × months by default.
Payments that follow a review (performance pay, star awards) are scheduled as payables and
booked in the month they are paid; those due after the last simulated month stay outstanding.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from .shares import CostShares
from .vocabulary import payer_index, payers, run_codes

FEN_PER_YUAN = 100


def to_fen(yuan: np.ndarray | float) -> np.ndarray:
    """Round yuan to 2 decimals at booking, as integer fen."""
    return np.rint(np.asarray(yuan, dtype=np.float64) * FEN_PER_YUAN).astype(np.int64)


def _full(a: np.ndarray, n: int) -> np.ndarray:
    """`a` as a length-n vector: itself when it already is one (broadcast_to costs more than the booking)."""
    return a if a.shape == (n,) else np.broadcast_to(a, (n,))


@dataclass
class Payable:
    """Amounts already decided, to be booked in a later month."""

    item: int
    payer: int
    township: np.ndarray
    role: np.ndarray
    fen: np.ndarray
    person: np.ndarray | None


@dataclass
class Ledger:
    """Dense accumulators of fen by month/item/payer and by year/item/payer/township/role."""

    months: int
    townships: int
    roles: int
    record_persons: bool = False
    own_items: tuple[str, ...] = ()  # the scenario's own item codes (policy.own_items), after the shared ones
    monthly: np.ndarray = field(init=False)
    yearly: np.ndarray = field(init=False)
    persons: list[tuple[int, int, int, np.ndarray, np.ndarray]] = field(init=False, default_factory=list)
    payables: dict[int, list[Payable]] = field(init=False, default_factory=lambda: defaultdict(list))
    shares: CostShares | None = field(init=False, default=None)  # items split among payers (policy.cost_sharing)

    def __post_init__(self) -> None:
        self.item_codes = run_codes(self.own_items)
        self._items = {code: i for i, code in enumerate(self.item_codes)}
        n_items, n_payers = len(self.item_codes), len(payers())
        years = -(-self.months // 12)
        self.monthly = np.zeros((self.months, n_items, n_payers), dtype=np.int64)
        self.yearly = np.zeros((years, n_items, n_payers, self.townships, self.roles), dtype=np.int64)

    def book(self, month: int, item: str, payer: str, township, role, yuan, person=None) -> None:
        """Book payments made in `month` (0-based from the start); arrays align element-wise."""
        self._book_fen(month, self.item_index(item), payer_index(payer), *self._arrays(township, role, yuan, person))

    def book_monthly(self, first_month: int, months: int, item: str, payer: str, township, role, yuan, person=None) -> None:
        """Book the same payments in each of `months` months from `first_month`, within one year.

        A standing monthly payment (base pay, a subsidy) whose amounts cannot change before the year
        ends is booked once: the same sums as `months` calls of `book`, at a twelfth of the cost.
        """
        if first_month // 12 != (first_month + months - 1) // 12:
            raise ValueError(f"months {first_month}..{first_month + months - 1} span two years")
        township, role, fen, person = self._arrays(township, role, yuan, person)
        months = min(months, self.months - first_month)
        if fen.size == 0 or months <= 0:
            return
        self._book_fen(first_month, self.item_index(item), payer_index(payer), township, role, fen, person, months)

    def schedule(self, due_month: int, item: str, payer: str, township, role, yuan, person=None) -> None:
        """Record an amount decided now and paid in `due_month`; booked when that month is settled."""
        township, role, fen, person = self._arrays(township, role, yuan, person)
        # the caller's id column changes when a head is succeeded before the payment: keep the ids decided on
        person = None if person is None else person.copy()
        self.payables[due_month].append(Payable(self.item_index(item), payer_index(payer), township, role, fen, person))

    def settle(self, month: int) -> None:
        """Book every payable due in `month`."""
        for p in self.payables.pop(month, []):
            self._book_fen(month, p.item, p.payer, p.township, p.role, p.fen, p.person)

    def outstanding_fen(self) -> int:
        """Fen decided but due after the simulated horizon."""
        return int(sum(int(p.fen.sum()) for ps in self.payables.values() for p in ps))

    def _arrays(self, township, role, yuan, person):
        """Broadcast inputs to equal-length arrays; amounts rounded to fen."""
        fen = to_fen(yuan)
        township = np.asarray(township, dtype=np.int64)
        role = np.asarray(role, dtype=np.int64)
        n = max(fen.size, township.size, role.size)
        fen, township, role = (_full(a, n) for a in (fen, township, role))
        if person is not None:
            person = _full(np.asarray(person, dtype=np.int64), n)
        return township, role, fen, person

    def item_index(self, code: str) -> int:
        """Position of an item code in this ledger's arrays (raises KeyError naming it)."""
        try:
            return self._items[code]
        except KeyError:
            raise KeyError(f"unknown ledger item {code!r}") from None

    def share(self, rows: list[dict], start_year: int) -> None:
        """Split every later booking of the table's items among its payers (`CostShares`), from the years it says."""
        self.shares = CostShares(rows, start_year, self.item_index, payer_index)

    def _book_fen(self, month, item, payer, township, role, fen, person, months: int = 1) -> None:
        """Add fen amounts into both views (and person rows when recorded), in `months` consecutive months; an item
        shared among payers in that year (`share`) is booked as each payer's part, booked at the month it is paid."""
        if fen.size == 0 or month >= self.months:
            if fen.size and month >= self.months:
                self.payables[month].append(Payable(item, payer, township, role, fen, person))
            return
        if np.any(fen < 0):
            raise ValueError(f"negative payment booked for item {self.item_codes[item]}")
        split = None if self.shares is None else self.shares.split(item, month // 12)
        for part_payer, part in ((payer, fen),) if split is None else split.parts(fen):
            self._add_fen(month, item, part_payer, township, role, part, person, months)

    def _add_fen(self, month, item, payer, township, role, fen, person, months) -> None:
        """Add one payer's fen amounts into both views (and person rows when recorded)."""
        cell = township * self.roles + role
        # bincount sums in float64; exact for integer fen below 2**53 per cell
        sums = np.bincount(cell, weights=fen, minlength=self.townships * self.roles)
        self.yearly[month // 12, item, payer] += months * np.rint(sums).astype(np.int64).reshape(self.townships, self.roles)
        self.monthly[month:month + months, item, payer] += int(fen.sum())
        if self.record_persons and person is not None:
            person, fen = person.copy(), fen.copy()
            self.persons.extend((m, item, payer, person, fen) for m in range(month, month + months))

    def total_yuan(self) -> float:
        """Everything booked, in yuan."""
        return int(self.monthly.sum()) / FEN_PER_YUAN
