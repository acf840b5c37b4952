"""Negative situations and punishments of the year (RULES.md §A.3), drawn for every head slot."""

from __future__ import annotations

from simtoolkit.behaviour import events

from .component import Component


class DisciplineEvents(Component):
    """The year's negative situations (counted) and punishment of each head in post: read by star removal,
    dismissal and the exit audit."""

    order = 80
    reads = ("behaviour.events", "behaviour.heads")
    moments = ("events",)
    state = {"negatives": ("int64", None), "punished": ("bool", None)}  # this year's, drawn anew each year

    def events(self, P, m: int) -> None:
        """Draw the year's events from the stream `discipline_events`."""
        model, e = self.model, P.behaviour.events
        heads, slots = model.world.heads, model.slots
        n_situations = P.policy.stars.negative_situations if model.config.has("policy.stars") else 0
        p_neg = events.event_probability(e.negative_rate, heads.effort, P.behaviour.heads.effort_initial, e.effort_protection)
        p_pun = events.event_probability(e.punishment_rate, heads.effort, P.behaviour.heads.effort_initial, e.effort_protection)
        rng = model.streams.rng("discipline_events", model.year)
        in_post = heads.months_scored > 0
        slots.negatives = events.negative_situations(rng.random((len(heads), n_situations)), p_neg) * in_post
        slots.punished = (rng.random(len(heads)) < p_pun) & in_post
