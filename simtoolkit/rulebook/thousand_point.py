"""千分制考核 (RULES.md §E, Gaoyang): village committees and their members assessed twice a year on a thousand points;
excellent ones rewarded, weak committees and unqualified members rectified (and working harder) for the next period."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import performance, points, satisfaction
from simtoolkit.rules import grades, roles, thousand_point
from simtoolkit.rules.thousand_point import column

from .component import Component


class ThousandPoint(Component):
    """The half-yearly assessment of committees and members, its rewards and rectification."""

    order = 60.3
    requires = ("policy.thousand_point",)
    reads = ("behaviour.points",)
    moments = ("half_year",)
    items = ("committee_reward",)
    indicators = ("committee_score_mean", "committees_excellent", "committees_rectified", "members_excellent", "members_unqualified")
    replans_monthly = True  # committees enter and leave rectification within the year

    def __init__(self, model):
        super().__init__(model)
        points.need_household_rows(model.config, model.world)
        w = model.world
        self.period = 0
        self.rectified_until = np.zeros(len(w.villages), np.int64)  # assessment period until which a committee is rectified
        self.member_rectified_until = np.zeros(len(w.heads), np.int64)
        self.member_rectified_id = np.zeros(len(w.heads), np.int64)  # the person told to correct (a successor is not)
        self.committee_grade = np.full(len(w.villages), grades.NONE, np.int8)
        self.committee_score = np.zeros(len(w.villages))
        self.member_score = np.zeros(len(w.heads))

    def performance_boost(self, P) -> np.ndarray:
        """Each head's performance points from rectification (its committee's, or its own as an unqualified member)."""
        heads = self.model.world.heads
        own = (self.member_rectified_until > self.period) & (self.member_rectified_id == heads.id)
        under = (self.rectified_until[heads.village] > self.period) | own
        return np.where(under, P.policy.thousand_point.rectification_effect, 0.0)

    def half_year(self, P, m: int) -> None:
        """千分制考核 when due (stream `thousand_point`): committees and heads scored, graded, rewarded; weak ones rectified."""
        model, tp = self.model, P.policy.thousand_point
        if not thousand_point.is_assessment_month(m % 12, tp.assessments_per_year):
            return
        self.period += 1
        w, heads = model.world, model.world.heads
        fraction = model.performance_fraction(P)
        committee_fraction = satisfaction.village_service(fraction, heads.village, len(w.villages))
        village_sat = satisfaction.village_mean(w.households.satisfaction, w.households.village, len(w.villages))
        rng = model.streams.rng("thousand_point", model.year, m % 12)
        c_quant, c_score = score_units(rng, committee_fraction, village_sat, P)
        m_quant, m_score = score_units(rng, fraction, village_sat[heads.village] + fraction - committee_fraction[heads.village], P)
        self.committee_grade = thousand_point.grade(c_score, c_quant, w.villages.id.astype(np.int64), tp)
        member_grade = thousand_point.grade(m_score, m_quant, heads.id, tp)
        self.committee_score, self.member_score = c_score, m_score
        weak = thousand_point.weak(self.committee_grade)
        self.rectified_until = np.where(weak, self.period + tp.rectification_periods, self.rectified_until)
        unqualified = member_grade == grades.UNQUALIFIED
        self.member_rectified_until = np.where(unqualified, self.period + tp.rectification_periods, self.member_rectified_until)
        self.member_rectified_id = np.where(unqualified, heads.id, self.member_rectified_id)
        self.pay_rewards(P, member_grade)
        self.note("committee_score_mean", float(c_score.mean()) / tp.assessments_per_year)  # the year's mean
        for name, value in (("committees_excellent", self.committee_grade == grades.EXCELLENT), ("committees_rectified", weak),
                            ("members_excellent", member_grade == grades.EXCELLENT), ("members_unqualified", unqualified)):
            self.note(name, float(value.sum()))

    def pay_rewards(self, P, member_grade: np.ndarray) -> None:
        """Rewards to excellent committees (booked on the village's secretary post) and excellent members."""
        model, tp = self.model, P.policy.thousand_point
        w, heads = model.world, model.world.heads
        secretary = heads.role != roles.code("director")
        post_role = np.full(len(w.villages), roles.code("secretary_director"), np.int64)
        post_role[heads.village[secretary]] = heads.role[secretary]
        model.ledger.book(model.month, "committee_reward", tp.reward_payer, w.villages.township, post_role,
                          thousand_point.rewards(self.committee_grade, tp.committee_reward))
        model.ledger.book(model.month, "committee_reward", tp.reward_payer, heads.township, heads.role,
                          thousand_point.rewards(member_grade, tp.member_reward), heads.id)


def score_units(rng, fraction: np.ndarray, judged: np.ndarray, P) -> tuple[np.ndarray, np.ndarray]:
    """Quantitative points and total of units whose work share is `fraction` and judged share `judged`."""
    tp, b = P.policy.thousand_point, P.behaviour.points
    blocks, items = column(tp.quantitative_blocks, "points"), column(tp.qualitative_items, "points")
    n = fraction.size
    noise = b.assessment_noise
    quant = thousand_point.section_points(fraction[:, None] + noise * rng.standard_normal((n, blocks.size)), blocks)
    qual = thousand_point.section_points(judged[:, None] + noise * rng.standard_normal((n, items.size)), items)
    up = points.performance_multiplier(fraction, performance.reference_fraction(P), b.performance_elasticity)
    bonus_counts = rng.poisson(np.outer(b.committee_bonus_rate * up, np.ones(len(tp.bonus_items))))
    deduction_counts = rng.poisson(np.outer(b.committee_deduction_rate / up, np.ones(len(tp.deduction_items))))
    bonus = thousand_point.listed_points(bonus_counts, column(tp.bonus_items, "points"), column(tp.bonus_items, "max_times"))
    deduction = thousand_point.listed_points(deduction_counts, column(tp.deduction_items, "points"), column(tp.deduction_items, "max_times"))
    return quant, thousand_point.total(quant, qual, bonus, deduction)
