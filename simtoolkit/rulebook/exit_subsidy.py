"""离任生活补贴 (RULES.md §C.8, Qianxinan): an exit living subsidy by whole years in office, for life, to former
cadres who left normally (not removed for cause, no finding in the exit audit)."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import effort
from simtoolkit.rules import cadre_exit, eligibility

from .component import Component


def monthly_amounts(people, year: int, P) -> np.ndarray:
    """Each former cadre's monthly exit subsidy in `year` if alive: the one rule the model pays and the liabilities
    value (`people`: the retirees' columns; `left_normally` may be a chance, for heads still in post)."""
    ce = P.policy.cadre_exit
    age = year - people.birth_year
    eligible_from = np.maximum(people.exit_year + 1, people.birth_year + ce.subsidy_min_age)
    return cadre_exit.exit_subsidy(age, people.years_served, year - eligible_from, people.left_normally, people.exit_year < year,
                                   ce.subsidy_per_year_served, ce.subsidy_min_years, ce.subsidy_min_age, ce.subsidy_duration_years)


def kept_with_post(served: np.ndarray, leaving: np.ndarray, P) -> np.ndarray:
    """离任生活补贴 a cadre keeps unless removed for cause (`policy.cadre_exit`), in present yuan (heads).

    `served`: years in office so far; `leaving` (heads × k = 1, 2, …): the chance of leaving at the end of year k
    from now × the discounted, survival-weighted years of subsidy from then (`effort.leaving_annuities`). The monthly
    subsidy of an exit after k more years is the rule's (`cadre_exit.exit_subsidy`: per year × whole years in
    office, nothing below `subsidy_min_years`), its age, survival and duration conditions being those of the
    annuity; 12 months a year; an exit not for cause is normal unless the audit finds problems (`normal_exit`).
    """
    ce = P.policy.cadre_exit
    at_exit = served[:, None] + np.arange(1, leaving.shape[1] + 1)[None, :]
    monthly = cadre_exit.exit_subsidy(ce.subsidy_min_age, at_exit, 0, True, True, ce.subsidy_per_year_served, ce.subsidy_min_years,
                                      ce.subsidy_min_age, ce.subsidy_duration_years)
    return 12 * (1.0 - ce.audit_finding_rate) * (leaving * monthly).sum(axis=1)



class ExitSubsidy(Component):
    """The month's exit subsidies to living former cadres who left normally."""

    order = 45
    requires = ("policy.cadre_exit",)
    moments = ("month",)
    items = ("exit_subsidy",)

    def month(self, P, m: int) -> None:
        """Book this month's subsidies."""
        r = self.model.world.retirees
        if len(r) == 0:
            return
        amount = monthly_amounts(r, self.model.year, P) * r.alive
        paid = amount > 0
        self.model.ledger.book(m, "exit_subsidy", P.policy.cadre_exit.payer, r.township[paid], r.role[paid], amount[paid], r.id[paid])

    @staticmethod
    def effort_keep(heads, age, month: int, P) -> np.ndarray:
        """For the effort choice: the exit subsidy a head keeps with the post (lost on removal for cause), in present yuan."""
        ce = P.policy.cadre_exit
        served = eligibility.months_in_post(heads.start_month, month) / 12.0
        return kept_with_post(served, effort.leaving_annuities(age, heads.sex, ce.subsidy_min_age, ce.subsidy_duration_years, P), P)

    @staticmethod
    def after_exit(people, year: int, P, in_post: bool = False) -> dict[str, np.ndarray]:
        """Monthly amounts by item owed in `year` to `people` if alive: read by the liabilities. Heads still `in_post`
        are expected to leave normally unless the exit audit finds problems (removal for cause is not foreseen)."""
        if in_post:
            people = _Leaving(people, 1.0 - P.policy.cadre_exit.audit_finding_rate)
        return {"exit_subsidy": monthly_amounts(people, year, P)}


class _Leaving:
    """Heads in post seen as future leavers: their columns, with the chance of a normal exit."""

    def __init__(self, people, chance: float):
        self._people, self.left_normally = people, chance

    def __getattr__(self, name: str):
        return getattr(self._people, name)
