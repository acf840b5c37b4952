"""Year-level shocks to performance (issue 19): each head's year differs from the last by an AR(1) shock with a stated
persistence, and optionally a township-wide one. A behavioural mechanism on the calendar, not a rule: it moves the
performance share through the model's `performance_boost` hook (score points, as mentoring's effect)."""

from __future__ import annotations

import numpy as np

from .component import Component


def next_shock(previous: np.ndarray, draw: np.ndarray, sd: float, persistence: float) -> np.ndarray:
    """AR(1): ρ × last year's shock + √(1 − ρ²) × sd × draw, so the spread stays `sd`; a slot without a last shock
    (NaN: the start, or a new holder) draws from the stationary spread, sd × draw."""
    carried = persistence * previous + np.sqrt(1.0 - persistence ** 2) * sd * draw
    return np.where(np.isnan(previous), sd * draw, carried)


class YearShocks(Component):
    """This year's shock of every head slot and township, drawn once a year (stream `performance_shocks`)."""

    order = 5
    requires = ("behaviour.shocks",)
    state = {"year_shock": ("float64", np.nan)}  # a new holder starts afresh

    def __init__(self, model):
        super().__init__(model)
        self.year = None
        self.township = np.full(len(model.world.townships), np.nan)

    def draw(self, P) -> None:
        """The year's shocks, once per year whenever first asked for."""
        model, s = self.model, P.behaviour.shocks
        rng = model.streams.rng("performance_shocks", model.year)
        heads, townships = rng.standard_normal(len(model.slots.year_shock)), rng.standard_normal(self.township.size)
        model.slots.year_shock = next_shock(model.slots.year_shock, heads, s.head_sd, s.persistence)
        self.township = next_shock(self.township, townships, s.township_sd, s.persistence)
        self.year = model.year

    def performance_boost(self, P) -> np.ndarray:
        """The head's and its township's shock this year, in score points."""
        if self.year != self.model.year:
            self.draw(P)
        return self.model.slots.year_shock + self.township[self.model.world.heads.township]
