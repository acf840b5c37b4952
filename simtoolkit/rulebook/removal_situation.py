"""新增减星情形: a further star-removal situation with its own yearly chance, lower with effort; where it happens the
rating removes its stars and no star is gained that year (CONTRIBUTING.md's worked example; no shipped place has it)."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import events

from .component import Component


def chance(effort, P) -> np.ndarray:
    """The situation's yearly chance at each effort: its rate at the initial effort, log-odds falling with effort."""
    rs = P.policy.removal_situation
    return events.event_probability(rs.yearly_rate, np.asarray(effort, float), P.behaviour.heads.effort_initial, rs.effort_protection)


class RemovalSituation(Component):
    """The situation drawn each year for every head in post, its stars removed at the rating, and its risk weighed."""

    order = 85  # after the year's discipline events, before the rating
    requires = ("policy.stars", "policy.removal_situation")
    moments = ("events",)
    indicators = ("removal_situations",)
    state = {"situation": ("bool", None)}  # happened this year

    def events(self, P, m: int) -> None:
        """Draw this year's situations (stream `removal_situation`, one draw per slot)."""
        model = self.model
        heads = model.world.heads
        draw = model.streams.rng("removal_situation", model.year).random(len(heads))
        model.slots.situation = (draw < chance(heads.effort, P)) & (heads.months_scored > 0)
        self.note("removal_situations", float(model.slots.situation.sum()))

    def star_removal(self, P) -> np.ndarray:
        """Stars the rating removes this year because of the situation."""
        return self.model.slots.situation * P.policy.removal_situation.stars_removed

    def situation_chance(self, effort, P) -> np.ndarray:
        """The chance the effort choice weighs at each effort level."""
        return chance(effort, P)

    def situation_loss(self, prospect, P) -> np.ndarray:
        """Money lost in each outcome if the situation happens: the stars' worth with and without the removal."""
        held = prospect.stars
        return prospect.price_stars(held) - prospect.price_stars(prospect.remove(P.policy.removal_situation.stars_removed))
