"""奖励 (RULES.md §C.7, Qianxinan): 村集体经济发展奖励 — a share of the growth of each village's collective income among
its cadres, capped by bands of the year's income or in progressive shares (柞水 2020) — and 表彰奖励, honours by grade
(when the scenario gives them), both paid with the year's performance pay (after the review).

The village's collective income is declared here once: it grows at the year's `events` moment, before the rating, so
the rating (a star formula's `collective_income`, `income_growth`), the organisation rating and the reward read the
same year's income and growth (`village_income`, `village_growth`)."""

from __future__ import annotations

import numpy as np

from types import SimpleNamespace

from simtoolkit.behaviour import effort_terms, satisfaction
from simtoolkit.behaviour.performance import reference_fraction
from simtoolkit.rules import cadre_rewards, roles

from .component import Component


class CadreRewards(Component):
    """Each village's collective income, its growth with the cadres' service, and the year's rewards."""

    order = 40.4  # after the annual performance pay (cadre_pay.py)
    requires = ("policy.cadre_rewards",)
    reads = ("policy.performance",)
    moments = ("events", "year_pay")
    items = ("collective_economy_reward", "honour_reward")
    indicators = ("collective_income_mean", "villages_collective_reward", "honours")

    def __init__(self, model):
        super().__init__(model)
        r = model.config.params(model.start_year).policy.cadre_rewards
        self.collective_income = cadre_rewards.collective_income_start(model.world.villages.endowment, r.collective_income_initial,
                                                                       r.collective_income_spread)  # per village, read by the effort choice
        self.income_growth = np.zeros(len(model.world.villages))  # this year's growth (none before the first year's)
        self._before = self.collective_income  # the income before this year's growth
        self._honour_draws = np.zeros(len(model.world.heads))

    def effort_money(self, prospect, P) -> np.ndarray:
        """For the effort choice: 表彰奖励 expected in each outcome (the chance for its grade × (money + value))."""
        if not P.has("policy.cadre_rewards.honour_chance"):
            return 0.0
        return effort_terms.honour_money(prospect.grade, prospect.heads.role, P)

    def effort_setup(self, ctx, heads, fraction, year: int, belief) -> None:
        """For the effort choice: each village's performance total and its cadres who share the reward."""
        village, n = heads.village, int(heads.village.max(initial=-1)) + 1
        sharing = roles.among(heads.role, ctx.P.policy.cadre_rewards.collective_reward_roles)
        ctx.extra["cadre_rewards"] = SimpleNamespace(
            village_total=np.bincount(village, weights=fraction, minlength=n), village_rows=np.bincount(village, minlength=n),
            sharing=sharing, village_sharing=np.bincount(village[sharing], minlength=n), fraction=fraction)

    def effort_grid(self, ctx, block) -> None:
        """For the effort choice: the expected collective-economy reward at each effort."""
        if ctx.seen.collective_income is not None:
            block.add(effort_terms.collective_reward_on_grid(ctx, ctx.extra["cadre_rewards"], block.heads, block.part, block.share))

    def village_income(self) -> np.ndarray:
        """Each village's collective income now (the effort choice's reward term, the star formula, the organisation
        rating)."""
        return self.collective_income

    def village_growth(self) -> np.ndarray:
        """Each village's growth of collective income this year, as a fraction (0.1: grew 10 %; 0 before the first)."""
        return self.income_growth

    def events(self, P, m: int) -> None:
        """The year's growth of each village's collective income (stream `cadre_rewards`), before the rating."""
        model, heads, r = self.model, self.model.world.heads, P.policy.cadre_rewards
        villages = model.world.villages
        rng = model.streams.rng("cadre_rewards", model.year)
        growth_noise, self._honour_draws = rng.standard_normal(len(villages)), rng.random(len(heads))
        service = satisfaction.village_service(model.slots.fraction, heads.village, len(villages))
        self.income_growth = cadre_rewards.collective_growth(service, reference_fraction(P), r.collective_growth_base,
                                                             r.collective_growth_effect, r.collective_growth_sd, growth_noise)
        self._before = self.collective_income
        self.collective_income = self.collective_income * np.maximum(1.0 + self.income_growth, 0.0)

    def year_pay(self, P, m: int) -> None:
        """The collective-economy reward on the year's growth, and the honours."""
        model, heads, r = self.model, self.model.world.heads, P.policy.cadre_rewards
        villages = model.world.villages
        sharing = roles.among(heads.role, r.collective_reward_roles) & (heads.months_scored > 0)
        cadres = np.bincount(heads.village[sharing], minlength=len(villages))
        per_cadre = cadre_rewards.collective_reward(self._before, self.income_growth, cadres=cadres, **cadre_rewards.reward_terms(r))
        due = m + P.policy.performance.payment_lag_months
        paid = sharing & (per_cadre[heads.village] > 0)
        model.ledger.schedule(due, "collective_economy_reward", r.collective_reward_payer, heads.township[paid], heads.role[paid],
                              per_cadre[heads.village][paid], heads.id[paid])
        honoured = np.zeros(len(heads), bool)
        if P.has("policy.cadre_rewards.honour_chance"):  # 表彰奖励, when the scenario gives it
            honoured = cadre_rewards.honoured(self._honour_draws, heads.grade, r.honour_chance, roles.among(heads.role, r.honour_roles))
            model.ledger.schedule(due, "honour_reward", r.honour_payer, heads.township[honoured], heads.role[honoured],
                                  np.full(int(honoured.sum()), float(r.honour_amount)), heads.id[honoured])
        self.note("collective_income_mean", float(self.collective_income.mean()))
        self.note("villages_collective_reward", float((per_cadre > 0).sum()))
        self.note("honours", float(honoured.sum()))
