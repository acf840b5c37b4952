"""A scenario's own paid roles (policy.own_roles; 句容's 会计 accountant): their holders are paid monthly, leave at their
role's age (or earlier, at its yearly rate) to join the retirees with their role and years served, where the
retirement blocks pay them (policy.service_subsidy by role); a successor takes the post. The holders are not heads:
they are not assessed or rated and choose no effort."""

from __future__ import annotations

import numpy as np

from simtoolkit.rules import eligibility, own_roles

from .component import Component


class OwnRoles(Component):
    """The own posts' monthly pay, booked in January for the year; at the year's end, leavers and successors."""

    order = 25  # with the standing payments, after the heads' base pay (20)
    requires = ("policy.own_roles",)
    reads = ("population",)  # a successor is a woman at the heads' share
    moments = ("month_pay", "year_report")
    items = ("own_role_pay",)
    indicators = ("own_role_leavers",)

    def month_pay(self, P, m: int) -> None:
        """In January, book the year's pay of every post's holder (holders change only at a year's end)."""
        p = self.model.world.posts
        if m % 12 or len(p) == 0:
            return
        amount = own_roles.by_role(p.role, P, "monthly_pay")
        paid = amount > 0
        self.model.ledger.book_monthly(m, 12, "own_role_pay", P.policy.own_roles.payer, p.township[paid], p.role[paid],
                                       amount[paid], p.id[paid])

    def year_report(self, P, m: int) -> None:
        """Leavers join the retirees with their years in post; successors of the role's entry age take the posts from
        next month."""
        model, p, w = self.model, self.model.world.posts, self.model.world
        rng = model.streams.rng("own_role_turnover", model.year)
        draw, female = rng.random(len(p)), rng.random(len(p)) < P.population.head_female_share  # full length: every post
        out = own_roles.leaving(model.year, p.birth_year, p.role, draw, P)
        self.note("own_role_leavers", float(out.sum()))
        if not out.any():
            return
        k = int(out.sum())
        served = eligibility.months_in_post(p.start_month, m) / 12.0
        w.retirees.append(id=p.id[out], township=p.township[out], village=p.village[out], role=p.role[out], sex=p.sex[out],
                          birth_year=p.birth_year[out], stars_at_exit=np.zeros(k), years_served=served[out],
                          exit_year=np.full(k, model.year), alive=np.ones(k, bool), left_normally=np.ones(k, bool))
        p.id[out] = w.new_ids(k)
        p.birth_year[out] = (model.year + 1 - own_roles.by_role(p.role[out], P, "entry_age")).astype(p.birth_year.dtype)
        p.sex[out] = female[out]
        p.start_month[out] = m + 1
