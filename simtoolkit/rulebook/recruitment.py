"""优先招录 and referenced pay (RULES.md §A.8 political; Qianxinan's 政策激励 §C.7): high-star heads recruited into
township posts; those not recruited get their pay topped up to the township post's pay."""

from __future__ import annotations

import numpy as np

from scipy.special import ndtr

from simtoolkit.behaviour import effort, effort_terms
from simtoolkit.rules import pay, recruitment
from simtoolkit.rules import roles

from .component import Component


class Recruitment(Component):
    """The year's recruitment and the monthly pay differences it brings."""

    order = 130
    requires = ("policy.recruitment",)
    moments = ("month_pay", "year_pay")
    items = ("township_pay_topup", "recruited_salary")
    head_columns = {"recruited": False}
    indicators = ("recruited",)
    state = {"township_topup": ("float64", 0.0),  # yearly township-referenced top-up being paid this year
             "recruited_pay": ("float64", 0.0),  # yearly pay difference of a recruited head staying in post
             "leaving_recruited": ("bool", None)}  # recruited this year into a post elsewhere

    def month_pay(self, P, m: int) -> None:
        """In January, book the year's top-ups and recruited heads' pay difference for every month."""
        model = self.model
        if m % 12:
            return
        heads, slots, payer = model.world.heads, model.slots, P.policy.recruitment.payer
        for item, yearly in (("township_pay_topup", slots.township_topup), ("recruited_salary", slots.recruited_pay)):
            paid = yearly > 0
            if paid.any():
                model.ledger.book_monthly(m, 12 - m % 12, item, payer, heads.township[paid], heads.role[paid], yearly[paid] / 12.0, heads.id[paid])

    def year_pay(self, P, m: int) -> None:
        """Recruit high-star secretaries into township posts; referenced pay for those not recruited."""
        model, slots, rc = self.model, self.model.slots, P.policy.recruitment
        heads = model.world.heads
        age = model.year - heads.birth_year
        candidate = recruitment.candidates(heads.stars, roles.among(heads.role, rc.roles), heads.recruited, rc.min_stars)
        hired = recruitment.recruit(candidate, age, heads.score, heads.id, rc.max_age, rc.annual_places)
        annual = pay.annual_pay(heads.role, P, pay.years_indexed(model.config, model.year))
        slots.township_topup = recruitment.referenced_topup(candidate, hired, annual, rc.reference_pay)
        gap = np.maximum(rc.reference_pay - annual, 0.0)
        heads.recruited |= hired
        slots.recruited_pay = np.where(heads.recruited & (not rc.leaves_post), gap, 0.0)
        slots.leaving_recruited = hired & rc.leaves_post
        self.note("recruited", float(hired.sum()))

    def leaving(self, P) -> np.ndarray:
        """Heads who leave their post this year for the one they were recruited into."""
        return self.model.slots.leaving_recruited

    def star_value(self, levels, prospect, P) -> np.ndarray:
        """For the effort choice: what holding each number of stars (`levels`, heads × levels) brings a head not yet
        recruited in a listed role — from `min_stars` on, the pay up to the township post's × discounted years in post,
        and a chance at one of the year's places × the value of the post itself."""
        rc, heads = P.policy.recruitment, prospect.heads
        candidate = (levels >= rc.min_stars) & (effort.among(heads.role, rc.roles) & ~heads.recruited)[:, None]
        gap = np.maximum(rc.reference_pay - prospect.annual, 0.0)
        chance = place_chance(prospect.everyone, P)
        return candidate * (gap * prospect.post_years + chance * P.behaviour.effort.recruitment_value)[:, None]


    def effort_setup(self, ctx, heads, fraction, year: int, belief) -> None:
        """For the effort choice without a star rating: recruitment by score — last year's bar for a place, and a
        thinning so that, at last year's performance, the candidates' chances add up to the places."""
        if ctx.active("policy.stars"):
            return
        candidate = effort_terms.recruitment_candidates(heads, year, ctx.P)
        graded = candidate & (heads.grade >= 0)
        bar = effort_terms.recruitment_bar(heads.score, graded, ctx.seen.places)
        reach = ndtr((belief.intercept + belief.slope * 100.0 * fraction[graded] - bar) / belief.noise).sum()
        thinning = min(1.0, ctx.seen.places / reach) if reach > 0 else 1.0
        ctx.extra["recruitment"] = (candidate, bar, thinning)

    def effort_grid(self, ctx, block) -> None:
        """For the effort choice without a star rating: the chance of a township post for the best scores × its value."""
        candidate, bar, thinning = ctx.extra.get("recruitment", (None, -np.inf, 1.0))
        if np.isfinite(bar) and block.rows.places > 0:
            chance = thinning * ndtr((block.mean - bar) / block.noise) * candidate[block.part][None, :]
            block.add(chance * ctx.P.behaviour.effort.recruitment_value)


def place_chance(heads, P) -> float:
    """A candidate's chance of one of this year's township places, from today's number of candidates county-wide."""
    rc = P.policy.recruitment
    n = int((roles.among(heads.role, rc.roles) & (heads.stars >= rc.min_stars) & ~heads.recruited).sum())
    return min(1.0, rc.annual_places / max(n, 1))
