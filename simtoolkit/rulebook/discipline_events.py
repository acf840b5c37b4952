"""Negative situations and punishments of the year (RULES.md §A.3), drawn for every head slot."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import events

from .component import Component


class DisciplineEvents(Component):
    """The year's negative situations (counted) and punishment of each head in post: read by star removal,
    dismissal and the exit audit."""

    order = 80
    reads = ("behaviour.events", "behaviour.heads")
    moments = ("events",)
    state = {"negatives": ("int64", None), "punished": ("bool", None)}  # this year's, drawn anew each year

    def effort_events(self) -> dict:
        """The events the effort choice weighs, with their chance at each effort on its grid (the same rule as the
        draw below): at least one of the negative situations, and punishment."""
        return {"negative": negative_chance, "punished": punished_chance}

    def events(self, P, m: int) -> None:
        """Draw the year's events from the stream `discipline_events`."""
        model, e = self.model, P.behaviour.events
        heads, slots = model.world.heads, model.slots
        n_situations = situations(P, model.config.has)
        p_neg = events.event_probability(e.negative_rate, heads.effort, P.behaviour.heads.effort_initial, e.effort_protection)
        p_pun = events.event_probability(e.punishment_rate, heads.effort, P.behaviour.heads.effort_initial, e.effort_protection)
        rng = model.streams.rng("discipline_events", model.year)
        in_post = heads.months_scored > 0
        slots.negatives = events.negative_situations(rng.random((len(heads), n_situations)), p_neg) * in_post
        slots.punished = (rng.random(len(heads)) < p_pun) & in_post


def situations(P, active) -> int:
    """How many negative situations can befall a head (履职不到位负面情形; none without a star rating to remove)."""
    return P.policy.stars.negative_situations if active("policy.stars") else 0


def negative_chance(effort, P, active) -> np.ndarray:
    """Chance of at least one negative situation at each effort."""
    e = P.behaviour.events
    each = events.event_probability(e.negative_rate, effort, P.behaviour.heads.effort_initial, e.effort_protection)
    return 1.0 - (1.0 - each) ** situations(P, active)


def punished_chance(effort, P, active) -> np.ndarray:
    """Chance of punishment at each effort."""
    e = P.behaviour.events
    return events.event_probability(e.punishment_rate, effort, P.behaviour.heads.effort_initial, e.effort_protection)
