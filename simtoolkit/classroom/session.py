"""A classroom session: one model of the scenario, the seats trainees play, and the periods the trainer advances."""

from __future__ import annotations

import secrets
import threading

import numpy as np

from simtoolkit.model import CountyModel
from simtoolkit.rulebook.catalogue import CATALOGUE

from . import record
from .seats import Seat, join_code, pick_slots
from .trainees import TraineeEffort

PERIOD_MONTHS = {"year": 12, "quarter": 3}
PHASES = ("setup", "open", "running", "paused", "finished")


class Session:
    """The shared simulation of a class: the county's model with the trainees' heads, and the trainer's controls."""

    def __init__(self, scenario, seats: int, years: int | None = None, seed: int | None = None, source: str = "",
                 script: list[dict] | None = None):
        """Build the model (person records kept) with the trainees' effort component; seats spread over townships.
        `script`: a replay's periods (months, choices), played where a seat makes no choice of its own."""
        self.scenario, self.source, self.script = scenario, source, script or []
        self.model = CountyModel(scenario, seed=seed, years=years, record_persons=True, components=CATALOGUE + (TraineeEffort,))
        self.trainee = self.model.rulebook.find(TraineeEffort)
        slots = pick_slots(self.model.world.heads, seats)
        self.seats = [Seat(number=i + 1, slot=int(s), persons=[int(self.model.world.heads.id[s])]) for i, s in enumerate(slots)]
        self.slots = slots
        self.code, self.trainer_token = join_code(), secrets.token_urlsafe(16)
        self.phase, self.mode, self.period = "setup", "year", 0
        self.version = 0  # bumped on every change pages should see
        self.period_months: list[int] = []  # months of each period run
        self.costs: list[dict] = []  # per year: yuan paid by the county's budget (all payers) and the stars
        self._ledger_row = 0
        self.lock = threading.Lock()  # one change at a time (advance runs off the server's loop)

    # ---- the trainer's controls ----------------------------------------------------------------
    def open(self) -> None:
        """Let trainees join."""
        if self.phase == "setup":
            self._changed(phase="open")

    def start(self) -> None:
        """Start (or resume) the periods: the first period's choices are open."""
        if self.phase in ("setup", "open", "paused"):
            self._changed(phase="running")

    def pause(self) -> None:
        """Hold the class where it is."""
        if self.phase == "running":
            self._changed(phase="paused")

    def set_mode(self, mode: str) -> None:
        """Years or quarters per period; changed only at a year's start, so a year's quarters stay together."""
        if mode not in PERIOD_MONTHS:
            raise ValueError(f"mode must be one of {sorted(PERIOD_MONTHS)}, got {mode!r}")
        if self.model.month % 12 == 0:
            self._changed(mode=mode)

    @property
    def months(self) -> int:
        """Months in one period."""
        return PERIOD_MONTHS[self.mode]

    @property
    def finished(self) -> bool:
        """Whether the horizon is reached."""
        return self.model.month >= self.model.horizon

    # ---- the trainees ---------------------------------------------------------------------------
    def join(self, name: str) -> Seat | None:
        """Seat a trainee in the first free seat (None when full or not open)."""
        if self.phase not in ("open", "running", "paused"):
            return None
        free = next((s for s in self.seats if not s.joined), None)
        if free is not None:
            free.name = name.strip()[:40] or f"#{free.number}"
            self._changed()
        return free

    def seat(self, key: str) -> Seat | None:
        """The seat whose page key this is."""
        return next((s for s in self.seats if secrets.compare_digest(s.key, key)), None)

    def choose(self, seat: Seat, effort: float) -> None:
        """A trainee's effort for the current period (0..1)."""
        if not 0.0 <= effort <= 1.0 or self.finished:
            raise ValueError("effort must be between 0 and 1")
        seat.choice = float(effort)
        self._changed()

    def suggestion(self, seat: Seat) -> float:
        """The model's best response for the seat's head this period (what a silent trainee keeps)."""
        return float(self.trainee.best[seat.slot])

    # ---- advancing -------------------------------------------------------------------------------
    def advance(self) -> None:
        """Run one period: the trainees' effort in force (silent: the best response), then its months, one at a time."""
        if not self.lock.acquire(blocking=False):
            return  # a period is being run: a second click (or the timer at the same moment) does not run another
        try:
            if not self.finished:
                self._run_period()
        finally:
            self.lock.release()

    def _run_period(self) -> None:
        """The period's choices in force, its months, the pay booked; the next period opens."""
        self._follow_script()
        self._put_effort_in_force()
        self.period_months.append(self.months)
        end = min(self.model.month + self.months, self.model.horizon)
        while self.model.month < end:
            self._run_month()
        self._collect_pay()
        self.period += 1
        # the trainer's "next" also starts a class not yet started
        self._changed(phase="finished" if self.finished else ("running" if self.phase in ("setup", "open") else self.phase))

    def _follow_script(self) -> None:
        """In a replay: the recorded period's length, and its choices for seats that made none."""
        if self.period < len(self.script):
            step = self.script[self.period]
            self.mode = next(mode for mode, months in PERIOD_MONTHS.items() if months == step["months"])
            for seat, chosen in zip(self.seats, step["choices"]):
                seat.choice = chosen if seat.choice is None else seat.choice

    def _put_effort_in_force(self) -> None:
        """The period's choices into the trainees' component, then in force on their heads."""
        chosen = np.array([np.nan if s.choice is None else s.choice for s in self.seats])
        best = self.trainee.best[self.slots].copy()
        self.trainee.choose(self.slots, chosen)
        effort = self.trainee.apply(self.slots)
        if self.model.month % 12:  # a quarter within the year: the month plan was worked out with the old effort
            self.model._plan_key = None  # the calendar's monthly plan cache; renewed at the next month (no draw involved)
        for s, e, b in zip(self.seats, effort, best):
            s.periods.append({"month": self.model.month, "chosen": s.choice, "effort": float(e), "best": float(b)})
            s.choice = None

    def _run_month(self) -> None:
        """One month, then each trainee's monthly score and village satisfaction; the year's outcome in December."""
        m, heads = self.model.month, self.model.world.heads
        before = np.zeros(len(self.slots)) if m % 12 == 0 else heads.month_scores[self.slots].astype(np.float64)
        self.model.run_until(m + 0.3)  # past the month's work (at +0.25), before the year's cycle zeroes the totals
        scores = record.month_scores(self.model, self.slots, before)
        sat = record.village_satisfaction(self.model)[heads.village[self.slots]]
        for s, score, v in zip(self.seats, scores, sat):
            s.months.append({"month": m, "score": round(float(score), 2), "satisfaction": round(float(v), 3)})
        if m % 12 == 11:
            self._run_year_end()
        else:
            self.model.run_until(m + 1)

    def _run_year_end(self) -> None:
        """The year's cycle, and what it did to the trainees' heads and the county."""
        P, m = self.model.params(), self.model.month
        year = self.model.year
        self.model.run_until(m + 0.8)  # the yearly cycle (at +0.75) has run; the year is still this one
        for s, outcome in zip(self.seats, record.year_outcome(self.model, P, self.slots)):
            s.years.append(outcome)
        self.costs.append(record.county_year(self.model, self.slots))
        heads = self.model.world.heads
        for s in self.seats:
            if int(heads.id[s.slot]) not in s.persons:
                s.persons.append(int(heads.id[s.slot]))
        self.model.run_until(m + 1)

    def _collect_pay(self) -> None:
        """Yuan booked to each trainee's head since the last period, by year and item (from the ledger's person rows)."""
        paid, self._ledger_row = record.pay_rows(self.model.ledger, self._ledger_row, [s.persons for s in self.seats])
        for s, fen in zip(self.seats, paid):
            for (k, item), amount in fen.items():
                year = s.pay.setdefault(k, {})
                year[item] = round(year.get(item, 0.0) + record.yuan(amount), 2)

    def _changed(self, **what) -> None:
        """Apply a change and bump the version pages wait on."""
        for name, value in what.items():
            setattr(self, name, value)
        self.version += 1
