"""村民积分制 (RULES.md §E, Gaoyang): households' acts recorded by self-report or on a grid member's visit become points
and a balance; monthly publicity, vetoes, and redemption at the points supermarket, booked per village."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import points
from simtoolkit.ledger import FEN_PER_YUAN, item_index
from simtoolkit.rules import roles, villager_points
from simtoolkit.rules.thousand_point import column

from .component import Component


class VillagerPoints(Component):
    """Each household's points (this year's), balance and veto."""

    order = 60.1
    requires = ("policy.villager_points",)
    reads = ("behaviour.points",)
    moments = ("month", "year_report")
    items = ("points_redemption",)
    indicators = ("villager_acts_positive", "villager_acts_negative", "villager_vetoes", "villager_points_redeemed",
                  "villager_households_redeeming", "villager_points_*", "villager_redemption_yuan")

    def __init__(self, model):
        super().__init__(model)
        points.need_household_rows(model.config, model.world)
        n = len(model.world.households)
        self.household_points = np.full(n, model.params().policy.villager_points.base_points)
        self.balance = np.zeros(n)
        self.barred = np.zeros(n, bool)  # vetoed: no points, no redemption until the annual review

    def month(self, P, m: int) -> None:
        """日记录…月公示: the month's recorded acts (stream `villager_points`) become points and balance; the shop opens when due."""
        model, vp, b, h = self.model, P.policy.villager_points, P.behaviour.points, self.model.world.households
        visited = points.visited_households(model)
        if m % 12 == 0:  # 年评比: a new year starts from the base, vetoes lapse
            self.household_points[:] = vp.base_points
            self.barred[:] = False
        pos_points, neg_points = column(vp.positive_items, "points"), column(vp.negative_items, "points")
        up, down = points.value_factors(P)
        rng = model.streams.rng("villager_points", model.year, m % 12)
        record_pos = b.self_report_share + (1.0 - b.self_report_share) * visited
        record_neg = b.negative_report_share + (1.0 - b.negative_report_share) * visited
        positive = points.recorded_counts(rng, b.positive_rate * up, record_pos, pos_points.size)
        negative = points.recorded_counts(rng, b.negative_rate * down, record_neg, neg_points.size)
        vetoed = (rng.random(len(h)) < points.monthly_chance(b.veto_rate)) & (len(vp.veto_items) > 0)
        gained, lost = villager_points.net_points(positive, negative, pos_points, neg_points)
        active = ~self.barred
        self.household_points += np.where(active, gained - lost, 0.0)
        self.balance = np.where(active, np.maximum(self.balance + gained - lost, 0.0), self.balance)
        self.barred |= vetoed
        self.household_points[vetoed], self.balance[vetoed] = 0.0, 0.0
        self.note("villager_acts_positive", float(positive.sum()))
        self.note("villager_acts_negative", float(negative.sum()))
        self.note("villager_vetoes", float(vetoed.sum()))
        if villager_points.is_redemption_month(m, vp.redemption_months):
            self.redeem(P)

    def redeem(self, P) -> None:
        """季兑换 (or monthly): households spend part of their balance; each village's shop is booked as one row."""
        model, vp, w = self.model, P.policy.villager_points, self.model.world
        spent = villager_points.redeem(self.balance, P.behaviour.points.redemption_share, ~self.barred)
        self.balance -= spent
        cost = villager_points.cost_by_village(spent, w.households.village, len(w.villages), vp.point_value)
        model.ledger.book(model.month, "points_redemption", vp.payer, w.villages.township,
                          np.full(len(w.villages), roles.code("household")), cost)
        self.note("villager_points_redeemed", float(spent.sum()))
        self.note("villager_households_redeeming", float((spent > 0).sum()))

    def year_report(self, P, m: int) -> None:
        """The year's distribution of points and the redemption cost (from the ledger)."""
        model = self.model
        points.note_distribution(model, "villager_points", self.household_points)
        fen = model.ledger.yearly[model.year - model.start_year, item_index("points_redemption")].sum()
        self.note("villager_redemption_yuan", float(fen) / FEN_PER_YUAN)
