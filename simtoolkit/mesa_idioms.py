"""What a Mesa user expects of `CountyModel`: `rng=`, a step of one month, `running` that turns False at the horizon
(with the result finished there), clear errors past the horizon, and an optional `DataCollector` for `mesa.batch_run`.

`CountyModel` inherits these from `MesaIdioms`; the calendar itself (monthly, quarterly, half-yearly and yearly
events) is the model's. Time is in months: `model.step()` runs one month, `run_model()` steps until the
horizon (12 × years months), where the result is finished and `running` becomes False.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from simtoolkit.ledger import FEN_PER_YUAN

if TYPE_CHECKING:
    from simtoolkit.results import Result
    from simtoolkit.scenario import Scenario

MONTHS_PER_YEAR = 12


class HorizonReached(RuntimeError):
    """The model has simulated its whole horizon: stepping or running further is an error."""


class MesaIdioms:
    """Mixin for a mesa.Model with `years`, `result` and a monthly calendar: the horizon, run/step guards, data collection."""

    @staticmethod
    def seed_from(scenario: Scenario, seed: int | None, rng) -> int:
        """The seed of the named streams: `seed`, or Mesa's `rng` (a whole number, or a Generator drawn from once), or run.seed."""
        if seed is not None and rng is not None:
            raise ValueError("give either seed= or rng= (Mesa's name for it), not both")
        if rng is None:
            return int(scenario.value("run.seed")) if seed is None else int(seed)
        if isinstance(rng, (int, np.integer)):
            return int(rng)
        if isinstance(rng, np.random.Generator):
            return int(rng.integers(np.iinfo(np.int64).max))
        raise TypeError(f"rng must be a whole number or a numpy Generator (it seeds the named streams), got {type(rng).__name__}")

    @property
    def horizon(self) -> int:
        """Months simulated: 12 × years."""
        return MONTHS_PER_YEAR * self.years

    def start_horizon(self, collect: bool) -> None:
        """Schedule the end of the horizon; set up the DataCollector when asked (None otherwise)."""
        self.datacollector = mesa.DataCollector(model_reporters=self.reporters()) if collect else None
        self.schedule_event(self.end_horizon, at=self.horizon)  # after every event of the last month

    def end_horizon(self) -> None:
        """The horizon is over: the result takes the ledger's sums and `running` becomes False (run_model stops)."""
        self.result.finish(self)
        self.running = False

    def step(self) -> None:
        """After each month (Mesa calls this at every whole month): collect the reporters when a DataCollector is on."""
        if self.datacollector is not None:
            self.datacollector.collect(self)

    def run(self) -> Result:
        """Run to the end of the horizon and return the finished result."""
        if not self.running:
            raise self.past_horizon("run() again")
        self.run_until(self.horizon)
        return self.result

    def _advance_time(self, until: float) -> None:
        """Mesa's time step, refused beyond the horizon (every draw and payment is sized for it)."""
        if until > self.horizon:
            raise self.past_horizon(f"advance to month {until:g}")
        super()._advance_time(until)

    def past_horizon(self, what: str) -> HorizonReached:
        """The error for going beyond the horizon, saying what to do instead."""
        return HorizonReached(f"cannot {what}: this model simulates {self.years} years ({self.horizon} months) and is at month "
                              f"{self.time:g}; its result is model.result. Build a new CountyModel (years=...) for another run")

    def reporters(self) -> dict:
        """Model-level reporters collected after each month (Mesa's DataCollector): stars of the heads in post who hold
        a rating, effort, satisfaction, and the yuan paid so far."""
        return {"year": lambda m: m.start_year + (int(m.time) - 1) // MONTHS_PER_YEAR,
                "month": lambda m: (int(m.time) - 1) % MONTHS_PER_YEAR + 1,
                "mean_stars": lambda m: _rated_mean(m, m.world.heads.stars),
                "share_2plus_stars": lambda m: _rated_mean(m, m.world.heads.stars >= 2),
                "mean_effort": lambda m: float(m.world.heads.effort.mean()),
                "mean_satisfaction": lambda m: float(m.world.households.mean_satisfaction()),
                "paid_yuan": lambda m: int(m.ledger.monthly[: int(m.time)].sum()) / FEN_PER_YUAN}


def _rated_mean(model, values: np.ndarray) -> float:
    """Mean of a head column over rated heads (0 before the first rating)."""
    rated = model.world.heads.rated
    return float(values[rated].mean()) if rated.any() else 0.0
