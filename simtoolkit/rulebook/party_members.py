"""党员积分制 without a points rulebook of its own: party members' monthly points for duties and service, on which
the reserve of successors is ranked (behaviour/members.py)."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import members as party

from .component import Component


class PartyMemberDuties(Component):
    """Members' monthly points from their duties and ability (with `policy.member_points` its item lists give them)."""

    order = 50
    reads = ("behaviour.members",)
    excludes = ("policy.member_points",)
    moments = ("month",)

    def month(self, P, m: int) -> None:
        """Add the month's points of every member."""
        model = self.model
        members = model.world.members
        noise = model.streams.rng("member_points", model.year, model.month % 12).standard_normal(len(members), dtype=np.float32)
        party.accrue_points(members.points, members.category, model.member_ability, noise, P)
