"""负面清单: a county's named situations (policy.situations), each with its own yearly chance — its rate at the initial
effort, lower with effort, as the discipline events' negative situations — and its own effect: stars removed at the
year's rating (a removal blocks that year's gain), all stars lost, barred from rating for some years, or dismissal at
the year's end. Heads weigh each situation's chance and loss in their effort choice."""

from __future__ import annotations

from functools import partial

import numpy as np

from simtoolkit.behaviour import events

from .component import Component

PERCENT = 100.0  # the list's chances are written in percent


def chance(row: dict, effort, P) -> np.ndarray:
    """A situation's yearly chance at each effort."""
    return events.event_probability(row["yearly_rate"] / PERCENT, np.asarray(effort, float), P.behaviour.heads.effort_initial,
                                    row["effort_protection"])


def stars_removed(row: dict, P) -> int:
    """Stars a situation removes at the rating: its own number, or every star for `lose_all_stars`."""
    return {"remove_stars": row["stars"], "lose_all_stars": P.policy.stars.maximum}.get(row["effect"], 0)


def loss(row: dict, prospect, P) -> np.ndarray:
    """Money lost in each outcome of next year if the situation happens (heads × outcomes): the stars' worth with and
    without its removal; the worth of the stars the rating would give against those held (barred: not rated); or
    keeping the post (dismissal)."""
    if row["effect"] == "dismissal":
        return prospect.keep
    held = prospect.stars
    if row["effect"] == "bar_rating":
        return prospect.price_stars(held) - prospect.price_stars(np.broadcast_to(prospect.heads.stars[:, None], held.shape).astype(held.dtype))
    return prospect.price_stars(held) - prospect.price_stars(prospect.remove(stars_removed(row, P)))


class Situations(Component):
    """The list's situations drawn each year for every head assessed, and their effects."""

    order = 86  # after the discipline events (80) and a removal situation (85), before the rating (90)
    requires = ("policy.situations",)  # a star effect needs policy.stars (checked at load: requirements.py)
    moments = ("events",)
    indicators = ("situations",)
    state = {"situations_now": ("int32", 0),  # this year's situations, a bit per row of the list
             "barred_until": ("int16", 0)}  # the last year a head is barred from rating (0: never)

    def events(self, P, m: int) -> None:
        """Draw this year's situations, one stream per situation (`situation:<name>`), one draw per slot."""
        model, slots = self.model, self.model.slots
        heads = model.world.heads
        now = np.zeros(len(heads), np.int32)
        for k, row in enumerate(P.policy.situations.list):
            draw = model.streams.rng(f"situation:{row['name']}", model.year).random(len(heads))
            happened = (draw < chance(row, heads.effort, P)) & (heads.months_scored > 0)
            now |= happened.astype(np.int32) << k
            if row["effect"] == "bar_rating":
                slots.barred_until = np.where(happened, np.maximum(slots.barred_until, model.year + row["years"] - 1), slots.barred_until)
        slots.situations_now = now
        self.note("situations", float((now > 0).sum()))

    def _happened(self, P, effect: str | None = None):
        """Each row of the list (with its effect, when given) and the heads it happened to this year."""
        now = self.model.slots.situations_now
        return [(row, (now >> k) & 1 > 0) for k, row in enumerate(P.policy.situations.list) if effect in (None, row["effect"])]

    def star_removal(self, P) -> np.ndarray:
        """Stars the rating removes this year because of the situations."""
        removed = np.zeros(len(self.model.world.heads), np.int64)
        for row, happened in self._happened(P):
            removed += happened * stars_removed(row, P)
        return removed

    def rating_barred(self, P) -> np.ndarray:
        """Heads not rated this year: barred by a situation this year or in one of the years before."""
        return self.model.slots.barred_until >= self.model.year

    def dismissal(self, P) -> np.ndarray:
        """Heads dismissed at the year's end because of a situation (an exit for cause, as the exit audit reads it)."""
        out = np.zeros(len(self.model.world.heads), bool)
        for _, happened in self._happened(P, "dismissal"):
            out |= happened
        return out

    def leaving(self, P) -> np.ndarray:
        """Heads leaving at the year's end because of the situations: those dismissed."""
        return self.dismissal(P)

    def effort_situations(self, P) -> list:
        """Each situation as the effort choice weighs it: (chance at each effort, money lost in each outcome)."""
        return [(partial(chance, row), partial(loss, row)) for row in P.policy.situations.list]
