"""Gaoyang's four mechanisms in a running county: grid problems, villager and member points, thousand points.

`PointsSystems` keeps the state these mechanisms need between months (households' points and
balances, open problems, members' points, committees in rectification) and is called by
`CountyModel` only for the groups a scenario switches on:

- ``behaviour.grid``: households' problems, found on grid members' visits (the visits drawn by
  `CountyModel.update_satisfaction`, redrawn here from the same stream), resolved, weighing on satisfaction;
- ``policy.villager_points``: acts recorded by self-report or on a visit, monthly publicity,
  redemption at the points supermarket, booked per village as ``points_redemption``;
- ``policy.member_points``: members' duties and additions each month into ``members.points``;
- ``policy.thousand_point``: committees and heads assessed in June and December, rewards booked
  as ``committee_reward``, weak committees and unqualified members rectified for the next period.
"""

from __future__ import annotations

import numpy as np

from simtoolkit.ledger import FEN_PER_YUAN, item_index
from simtoolkit.rules import grades, member_points, thousand_point, villager_points
from simtoolkit.rules.thousand_point import column
from simtoolkit.scenario.errors import Problem, ScenarioError
from simtoolkit.rules import roles

from . import performance, satisfaction

GROUPS = ("behaviour.grid", "policy.villager_points", "policy.member_points", "policy.thousand_point")


def where_set(config) -> str:
    """The scenario file to name in a problem."""
    return str(config.files[-1]) if config.files else "scenario"


def in_force(config) -> bool:
    """True when any of Gaoyang's mechanisms is switched on."""
    return any(config.has(g) for g in GROUPS)


def visited_households(model) -> np.ndarray:
    """The households a grid member visited this month: the same draws `CountyModel.update_satisfaction` made with the
    month plan's visit chances."""
    h = model.world.households
    return satisfaction.visited(model.streams.rng("grid_visits", model.year, model.month % 12), h.village, model.plan.visit_chance)


def monthly_chance(yearly: float) -> float:
    """The monthly chance that gives a yearly chance."""
    return 1.0 - (1.0 - yearly) ** (1.0 / 12.0)


def value_factors(P) -> tuple[float, float]:
    """How the value of a point scales positive acts (up) and negative acts (down)."""
    b = P.behaviour.points
    ratio = P.policy.villager_points.point_value / b.reference_point_value
    return ratio ** b.positive_elasticity, ratio ** (-b.negative_elasticity)


def recorded_counts(rng, rate: float, record_chance: np.ndarray, n_items: int) -> np.ndarray:
    """Recorded acts per household and item: Poisson, the rate shared equally by the items, thinned by recording."""
    mean = (rate / max(n_items, 1)) * record_chance[:, None]
    return rng.poisson(np.broadcast_to(mean, (record_chance.size, n_items))).astype(np.float64)


def performance_multiplier(fraction: np.ndarray, reference: float, elasticity: float) -> np.ndarray:
    """exp(elasticity × relative performance): more bonus occurrences above the reference, fewer below."""
    return np.exp(elasticity * (fraction / reference - 1.0))


class PointsSystems:
    """State and monthly, half-yearly and yearly steps of Gaoyang's mechanisms."""

    def __init__(self, model):
        """Empty state sized for the world (the groups these rules need are checked at load: scenario/requirements.py)."""
        cfg, w = model.config, model.world
        if w.households.size is not None:
            raise ScenarioError([Problem(where_set(cfg), "population", "points and grid problems need one row per household, not grid rows")])
        self.has = cfg.has
        n_h = len(w.households)
        self.open_problem = np.zeros(n_h, bool)
        self.found_problem = np.zeros(n_h, bool)
        P = model.params()
        base = P.policy.villager_points.base_points if cfg.has("policy.villager_points") else 0.0
        self.household_points = np.full(n_h, base)
        self.balance = np.zeros(n_h)
        self.barred = np.zeros(n_h, bool)  # vetoed: no points, no redemption until the annual review
        if cfg.has("policy.member_points"):
            mp = P.policy.member_points
            self.duty_rate, self.acts_per_year = member_points.category_rates(P.behaviour.points.member_behaviour)
            self.occasions = member_points.by_category(mp.duties, "occasions_per_year") / 12.0  # a month's share
            self.deduction = member_points.by_category(mp.duties, "deduction")
            self.addition = member_points.by_category(mp.additions, "points")
        self.rectified_until = np.zeros(len(w.villages), np.int64)  # assessment period until which a committee is rectified
        self.member_rectified_until = np.zeros(len(w.heads), np.int64)
        self.member_rectified_id = np.zeros(len(w.heads), np.int64)  # the person told to correct (a successor is not)
        self.period = 0
        self.committee_grade = np.full(len(w.villages), grades.NONE, np.int8)
        self.committee_score = np.zeros(len(w.villages))
        self.member_score = np.zeros(len(w.heads))

    # ---- monthly ------------------------------------------------------------------------
    def monthly(self, model, P) -> None:
        """Problems, villager points and member points of this month (after satisfaction moved)."""
        if self.has("behaviour.grid") or self.has("policy.villager_points"):
            visited = visited_households(model)
            if self.has("behaviour.grid"):
                self.track_problems(model, P, visited)
            if self.has("policy.villager_points"):
                self.accrue_villager_points(model, P, visited)
        if self.has("policy.member_points"):
            self.accrue_member_points(model, P)

    def track_problems(self, model, P, visited: np.ndarray) -> None:
        """New problems arise, visits (or households themselves) bring them to light, found ones are resolved."""
        g, h = P.behaviour.grid, model.world.households
        draws = model.streams.rng("grid_problems", model.year, model.month % 12).random((3, len(h)))
        new = ~self.open_problem & (draws[0] < g.problem_rate)
        self.open_problem |= new
        chance = np.where(visited, 1.0 - (1.0 - g.detection_per_visit) * (1.0 - g.detection_without_visit), g.detection_without_visit)
        found = self.open_problem & ~self.found_problem & (draws[1] < chance)
        self.found_problem |= found
        resolved = self.found_problem & (draws[2] < g.resolution_rate)
        self.open_problem &= ~resolved
        self.found_problem &= ~resolved
        # lowering the target by the effect moves satisfaction by the adjustment rate times it
        drop = P.behaviour.satisfaction.adjustment_rate * g.open_problem_effect * self.open_problem
        h.satisfaction[...] = np.clip(h.satisfaction - drop, 0.0, 1.0)  # in place, as the satisfaction update keeps it
        for name, value in (("grid_problems_new", new), ("grid_problems_found", found), ("grid_problems_resolved", resolved)):
            model.result.note(model, name, float(value.sum()))

    def accrue_villager_points(self, model, P, visited: np.ndarray) -> None:
        """日记录…月公示: the month's recorded acts become points and balance; the shop opens when due."""
        vp, b, h, m = P.policy.villager_points, P.behaviour.points, model.world.households, model.month
        if m % 12 == 0:  # 年评比: a new year starts from the base, vetoes lapse
            self.household_points[:] = vp.base_points
            self.barred[:] = False
        pos_points, neg_points = column(vp.positive_items, "points"), column(vp.negative_items, "points")
        up, down = value_factors(P)
        rng = model.streams.rng("villager_points", model.year, m % 12)
        record_pos = b.self_report_share + (1.0 - b.self_report_share) * visited
        record_neg = b.negative_report_share + (1.0 - b.negative_report_share) * visited
        positive = recorded_counts(rng, b.positive_rate * up, record_pos, pos_points.size)
        negative = recorded_counts(rng, b.negative_rate * down, record_neg, neg_points.size)
        vetoed = (rng.random(len(h)) < monthly_chance(b.veto_rate)) & (len(vp.veto_items) > 0)
        gained, lost = villager_points.net_points(positive, negative, pos_points, neg_points)
        active = ~self.barred
        self.household_points += np.where(active, gained - lost, 0.0)
        self.balance = np.where(active, np.maximum(self.balance + gained - lost, 0.0), self.balance)
        self.barred |= vetoed
        self.household_points[vetoed], self.balance[vetoed] = 0.0, 0.0
        model.result.note(model, "villager_acts_positive", float(positive.sum()))
        model.result.note(model, "villager_acts_negative", float(negative.sum()))
        model.result.note(model, "villager_vetoes", float(vetoed.sum()))
        if villager_points.is_redemption_month(m, vp.redemption_months):
            self.redeem(model, P)

    def redeem(self, model, P) -> None:
        """季兑换 (or monthly): households spend part of their balance; each village's shop is booked as one row."""
        vp, w = P.policy.villager_points, model.world
        spent = villager_points.redeem(self.balance, P.behaviour.points.redemption_share, ~self.barred)
        self.balance -= spent
        cost = villager_points.cost_by_village(spent, w.households.village, len(w.villages), vp.point_value)
        model.ledger.book(model.month, "points_redemption", vp.payer, w.villages.township,
                          np.full(len(w.villages), roles.code("household")), cost)
        model.result.note(model, "villager_points_redeemed", float(spent.sum()))
        model.result.note(model, "villager_households_redeeming", float((spent > 0).sum()))

    def accrue_member_points(self, model, P) -> None:
        """Members miss duties and do acts at their category's rates; points move by their category's rows."""
        members = model.world.members
        if model.month % 12 == 0:
            members.points[:] = P.policy.member_points.base_points
        cat = members.category.astype(np.int64)
        rng = model.streams.rng("member_point_items", model.year, model.month % 12)
        missed = rng.poisson(self.occasions[cat] * (1.0 - self.duty_rate[cat])[:, None])
        # one draw per member and row; a row of another category has no points for this member
        acts = rng.poisson(np.broadcast_to((self.acts_per_year[cat] / 12.0)[:, None], self.addition[cat].shape))
        change = member_points.additions(acts, self.addition[cat]) - member_points.deductions(missed, self.deduction[cat])
        members.points += change.astype(members.points.dtype)

    # ---- thousand points ---------------------------------------------------------------
    def rectification_boost(self, model, P) -> np.ndarray:
        """Each head's performance points from rectification (its committee's, or its own as an unqualified member)."""
        if not self.has("policy.thousand_point"):
            return np.zeros(len(model.world.heads))
        heads = model.world.heads
        own = (self.member_rectified_until > self.period) & (self.member_rectified_id == heads.id)
        under = (self.rectified_until[heads.village] > self.period) | own
        return np.where(under, P.policy.thousand_point.rectification_effect, 0.0)

    def half_yearly(self, model, P) -> None:
        """千分制考核 when due: committees and heads scored, graded, rewarded; weak ones rectified."""
        tp = P.policy.thousand_point
        if not (self.has("policy.thousand_point") and thousand_point.is_assessment_month(model.month % 12, tp.assessments_per_year)):
            return
        self.period += 1
        w, heads = model.world, model.world.heads
        fraction = model.performance_fraction(P)
        committee_fraction = satisfaction.village_service(fraction, heads.village, len(w.villages))
        village_sat = satisfaction.village_mean(w.households.satisfaction, w.households.village, len(w.villages))
        rng = model.streams.rng("thousand_point", model.year, model.month % 12)
        c_quant, c_score = self.score_units(rng, committee_fraction, village_sat, P)
        m_quant, m_score = self.score_units(rng, fraction, village_sat[heads.village] + fraction - committee_fraction[heads.village], P)
        self.committee_grade = thousand_point.grade(c_score, c_quant, w.villages.id.astype(np.int64), tp)
        member_grade = thousand_point.grade(m_score, m_quant, heads.id, tp)
        self.committee_score, self.member_score = c_score, m_score
        weak = thousand_point.weak(self.committee_grade)
        self.rectified_until = np.where(weak, self.period + tp.rectification_periods, self.rectified_until)
        unqualified = member_grade == grades.UNQUALIFIED
        self.member_rectified_until = np.where(unqualified, self.period + tp.rectification_periods, self.member_rectified_until)
        self.member_rectified_id = np.where(unqualified, heads.id, self.member_rectified_id)
        self.pay_rewards(model, P, member_grade)
        model.result.note(model, "committee_score_mean", float(c_score.mean()) / tp.assessments_per_year)  # the year's mean
        for name, value in (("committees_excellent", self.committee_grade == grades.EXCELLENT), ("committees_rectified", weak),
                            ("members_excellent", member_grade == grades.EXCELLENT), ("members_unqualified", unqualified)):
            model.result.note(model, name, float(value.sum()))

    def score_units(self, rng, fraction: np.ndarray, judged: np.ndarray, P) -> tuple[np.ndarray, np.ndarray]:
        """Quantitative points and total of units whose work share is `fraction` and judged share `judged`."""
        tp, b = P.policy.thousand_point, P.behaviour.points
        blocks, items = column(tp.quantitative_blocks, "points"), column(tp.qualitative_items, "points")
        n = fraction.size
        noise = b.assessment_noise
        quant = thousand_point.section_points(fraction[:, None] + noise * rng.standard_normal((n, blocks.size)), blocks)
        qual = thousand_point.section_points(judged[:, None] + noise * rng.standard_normal((n, items.size)), items)
        up = performance_multiplier(fraction, performance.reference_fraction(P), b.performance_elasticity)
        bonus_counts = rng.poisson(np.outer(b.committee_bonus_rate * up, np.ones(len(tp.bonus_items))))
        deduction_counts = rng.poisson(np.outer(b.committee_deduction_rate / up, np.ones(len(tp.deduction_items))))
        bonus = thousand_point.listed_points(bonus_counts, column(tp.bonus_items, "points"), column(tp.bonus_items, "max_times"))
        deduction = thousand_point.listed_points(deduction_counts, column(tp.deduction_items, "points"), column(tp.deduction_items, "max_times"))
        return quant, thousand_point.total(quant, qual, bonus, deduction)

    def pay_rewards(self, model, P, member_grade: np.ndarray) -> None:
        """Rewards to excellent committees (booked on the village's secretary post) and excellent members."""
        tp, w, heads = P.policy.thousand_point, model.world, model.world.heads
        secretary = heads.role != roles.code("director")
        post_role = np.full(len(w.villages), roles.code("secretary_director"), np.int64)
        post_role[heads.village[secretary]] = heads.role[secretary]
        model.ledger.book(model.month, "committee_reward", tp.reward_payer, w.villages.township, post_role,
                          thousand_point.rewards(self.committee_grade, tp.committee_reward))
        model.ledger.book(model.month, "committee_reward", tp.reward_payer, heads.township, heads.role,
                          thousand_point.rewards(member_grade, tp.member_reward), heads.id)

    # ---- yearly -------------------------------------------------------------------------
    def yearly(self, model, P) -> None:
        """Year-end indicators: the distributions of points, redemption cost (from the ledger), open problems."""
        if self.has("policy.villager_points"):
            self.note_distribution(model, "villager_points", self.household_points)
            k = model.year - model.start_year
            fen = model.ledger.yearly[k, item_index("points_redemption")].sum()
            model.result.note(model, "villager_redemption_yuan", float(fen) / FEN_PER_YUAN)
        if self.has("policy.member_points"):
            members = model.world.members
            self.note_distribution(model, "member_points", members.points.astype(np.float64))
            for code, letter in enumerate(member_points.CATEGORIES):
                chosen = members.category == code
                model.result.note(model, f"member_points_mean_{letter}", float(members.points[chosen].mean()) if chosen.any() else 0.0)
        if self.has("behaviour.grid"):
            model.result.note(model, "grid_problems_open", float(self.open_problem.sum()))

    @staticmethod
    def note_distribution(model, name: str, values: np.ndarray) -> None:
        """Mean and the 10th, 50th and 90th percentiles of a points column."""
        if values.size == 0:
            return
        p10, p50, p90 = np.percentile(values, [10, 50, 90])
        for suffix, value in (("mean", values.mean()), ("p10", p10), ("p50", p50), ("p90", p90)):
            model.result.note(model, f"{name}_{suffix}", float(value))
