"""An object-per-agent Mesa model of the core Qingxu rules: the speed baseline of benchmarks/bench_scale.py.

Every head and every household is a `mesa.Agent` with plain Python attributes and scalar draws,
the way a Mesa model is usually written. It implements the core of `CountyModel` with the same
parameters and the same synthesised population: monthly quantitative scores, household
satisfaction with grid visits, the yearly assessment (organisation raters, democratic votes),
grading with the excellent quota, negative situations and punishments, stars (initial rating
and dynamic adjustment, with the long-record addition) and the county review. It leaves out what
is not core: effort choice (effort stays at its initial value), turnover and succession,
mentoring, recruitment, pay and the ledger. tests/test_mesa_reference.py checks that both give
the same star distribution in the first rating, within sampling error.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import mesa
import numpy as np
from mesa.time import Schedule

from simtoolkit.behaviour.members import category_codes
from simtoolkit.rules.grades import BASIC, EXCELLENT, NONE, QUALIFIED, UNQUALIFIED
from simtoolkit.scenario import Scenario
from simtoolkit.streams import Streams
from simtoolkit.world.synthesis import synthesise

MONTHLY, YEARLY = 0.25, 0.75  # the same offsets within a month as CountyModel's calendar


def clip01(x: float) -> float:
    """x within [0, 1]."""
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


def normal_cdf(x: float) -> float:
    """The standard normal distribution function."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


class Household(mesa.Agent):
    """A household: its village and its satisfaction with the village's heads."""

    def __init__(self, model: "ReferenceModel", village: int, satisfaction: float):
        super().__init__(model)
        self.village = village
        self.satisfaction = satisfaction

    def step(self) -> None:
        """This month: a grid member's visit or not, then satisfaction moves towards its target."""
        m, s = self.model, self.model.P.behaviour.satisfaction
        visited = 1.0 if self.random.random() < m.visit_chance[self.village] else 0.0
        target = clip01(m.village_target[self.village] + s.visit_effect * (visited - s.grid_visit_rate))
        self.satisfaction += s.adjustment_rate * (target - self.satisfaction)


class Head(mesa.Agent):
    """A head in the star system: ability, effort, the year's monthly scores and the stars held."""

    def __init__(self, model: "ReferenceModel", person: int, village: int, township: int, role: int,
                 start_month: int, ability: float, effort: float, endowment: float):
        super().__init__(model)
        self.person, self.village, self.township, self.role = person, village, township, role
        self.start_month, self.ability, self.effort, self.endowment = start_month, ability, effort, endowment
        self.month_total, self.months_scored = 0.0, 0
        self.stars, self.rated, self.grade = 0, False, NONE
        self.quantitative = self.score = 0.0

    def fraction(self) -> float:
        """Expected share of full marks: base + (ability + effort + endowment) / full marks."""
        perf, full = self.model.P.behaviour.performance, self.model.full_marks
        return perf.base_fraction + (self.ability + perf.effort_effect * self.effort + perf.endowment_effect * self.endowment) / full

    def step(self) -> None:
        """This month's quantitative score: each category's points × the share achieved with noise."""
        if self.start_month > self.model.month:
            return
        f, noise = self.fraction(), self.model.P.behaviour.performance.category_noise
        self.month_total += sum(p * clip01(f + noise * self.random.gauss(0.0, 1.0)) for p in self.model.category_points)
        self.months_scored += 1

    def assess(self) -> None:
        """双评年考: quantitative mean, the township raters' mean, the democratic votes, weighted."""
        m, P = self.model, self.model.P
        a, v = P.policy.assessment, P.behaviour.voting
        if self.months_scored == 0:
            self.quantitative = self.score = 0.0
            return
        f = self.fraction()
        self.quantitative = self.month_total / self.months_scored
        rater_noise = P.behaviour.performance.rater_noise
        org = sum(100.0 * clip01(f + rater_noise * self.random.gauss(0.0, 1.0)) for _ in range(a.raters_per_township)) / a.raters_per_township
        opinion = m.village_satisfaction[self.village] + v.performance_weight * (f - m.reference_fraction)
        below = [normal_cdf((c - opinion) / v.opinion_noise) for c in v.cutoffs]
        cdf = [0.0, *below, 1.0]
        probabilities = [cdf[i + 1] - cdf[i] for i in range(len(cdf) - 1)][::-1]  # best answer first
        groups = ((m.member_voters[self.village], a.member_vote_weight),
                  (a.representatives_per_village, a.representative_vote_weight),
                  (min(a.household_voters_per_village, m.village_households[self.village]), a.household_vote_weight))
        total = weight = 0.0
        for voters, w in groups:
            if voters > 0:
                votes = m.rng.multinomial(voters, np.asarray(probabilities) / sum(probabilities))
                total += w * sum(n * p for n, p in zip(votes, a.vote_points)) / voters
                weight += w
        dem = total / weight if weight > 0 else 0.0
        self.score = a.quantitative_weight * self.quantitative + a.organisation_weight * org + a.democratic_weight * dem

    def draw_events(self) -> tuple[int, bool]:
        """The year's negative situations and whether the head was punished."""
        e, P = self.model.P.behaviour.events, self.model.P
        initial, situations = P.behaviour.heads.effort_initial, self.model.negative_situations
        negatives = sum(self.random.random() < event_chance(e.negative_rate, self.effort, initial, e.effort_protection) for _ in range(situations))
        punished = self.random.random() < event_chance(e.punishment_rate, self.effort, initial, e.effort_protection)
        return (negatives, punished) if self.months_scored > 0 else (0, False)


def event_chance(rate: float, effort: float, initial: float, protection: float) -> float:
    """A yearly event's chance: `rate` at the initial effort, log-odds falling with effort."""
    if rate <= 0.0 or rate >= 1.0:
        return min(max(rate, 0.0), 1.0)
    return 1.0 / (1.0 + math.exp(-(math.log(rate / (1.0 - rate)) - protection * (effort - initial))))


class ReferenceModel(mesa.Model):
    """The core rules with one `mesa.Agent` per head and per household, on the same Mesa calendar as CountyModel."""

    def __init__(self, scenario: Scenario, replication: int = 0, years: int | None = None):
        """Agents from the same synthesised population CountyModel would build for this replication."""
        seed = scenario.value("run.seed")
        super().__init__(rng=np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(replication, 1))))
        self.config, self.years = scenario, scenario.value("run.years") if years is None else int(years)
        world = synthesise(scenario, Streams(seed, replication))
        self.start_year, self.P = world.start_year, scenario.params(world.start_year)
        self.read_parameters()
        v, h, members = world.villages, world.heads, world.members
        self.village_households = [int(x) for x in v.households]
        self.endowment = [float(x) for x in v.endowment]
        voting = set(category_codes(self.P.behaviour.members.voting_categories).tolist())
        self.member_voters = Counter(int(vil) for vil, c in zip(members.village, members.category) if int(c) in voting)
        self.heads = [Head(self, int(h.id[i]), int(h.village[i]), int(h.township[i]), int(h.role[i]), int(h.start_month[i]),
                           float(h.ability[i]), float(h.effort[i]), self.endowment[int(h.village[i])]) for i in range(len(h))]
        base = self.P.behaviour.satisfaction.base
        self.households = [Household(self, vil, base) for vil in range(len(v)) for _ in range(self.village_households[vil])]
        self.star_counts: list[Counter] = []
        self.schedule_recurring(self.monthly, Schedule(interval=1, start=MONTHLY))
        self.schedule_recurring(self.yearly, Schedule(interval=12, start=11 + YEARLY))

    def read_parameters(self) -> None:
        """Parameters in force this year, read once into attributes the agents use."""
        self.P = P = self.config.params(self.start_year + self.month // 12)
        self.category_points = list(P.policy.assessment.category_points)
        self.full_marks = float(sum(self.category_points))
        perf = P.behaviour.performance
        self.reference_fraction = perf.base_fraction + perf.effort_effect * P.behaviour.heads.effort_initial / self.full_marks
        self.negative_situations = P.policy.stars.negative_situations if self.config.has("policy.stars") else 0

    @property
    def month(self) -> int:
        """The current month index (0-based)."""
        return int(self.time)

    def run(self) -> list[Counter]:
        """Every month of the horizon; the stars held by rated heads after each year's rating."""
        self.run_for(12 * self.years)
        return self.star_counts

    def monthly(self) -> None:
        """Heads score the month; households see their village's service and maybe a visit."""
        if self.month % 12 == 0:
            self.read_parameters()
        for head in self.heads:
            head.step()
        service, effort = defaultdict(list), defaultdict(list)
        for head in self.heads:
            service[head.village].append(head.fraction())
            effort[head.village].append(head.effort)
        s, initial = self.P.behaviour.satisfaction, self.P.behaviour.heads.effort_initial
        self.village_target = {vil: s.base + s.service_effect * (sum(f) / len(f) - self.reference_fraction) for vil, f in service.items()}
        self.village_target = defaultdict(lambda: s.base - s.service_effect * self.reference_fraction, self.village_target)
        self.visit_chance = defaultdict(float, {vil: clip01(s.grid_visit_rate * (sum(e) / len(e)) / initial) for vil, e in effort.items()})
        for household in self.households:
            household.step()

    def yearly(self) -> None:
        """Assess, grade within the quota, draw events, rate stars through the review, record."""
        totals, counts = defaultdict(float), defaultdict(int)
        for household in self.households:
            totals[household.village] += household.satisfaction
            counts[household.village] += 1
        self.village_satisfaction = defaultdict(float, {vil: totals[vil] / counts[vil] for vil in totals})
        for head in self.heads:
            head.assess()
        self.grade()
        self.rate_stars()
        self.star_counts.append(Counter(head.stars for head in self.heads if head.rated))
        for head in self.heads:
            head.month_total, head.months_scored = 0.0, 0

    def grade(self) -> None:
        """Grades by threshold; excellent for the best at or above its threshold, within the quota of each group."""
        g = self.P.policy.grades
        groups = defaultdict(list)
        for head in self.heads:
            head.grade = NONE
            if head.months_scored > 0:
                s = head.score
                head.grade = QUALIFIED if s >= g.threshold_qualified else BASIC if s >= g.threshold_basic else UNQUALIFIED
                groups[head.township if g.quota_scope == "township" else 0].append(head)
        for rated in groups.values():
            quota = math.floor(len(rated) * g.excellent_quota + 1e-9)
            candidates = [h for h in rated if h.grade == QUALIFIED and h.score >= g.threshold_excellent]
            candidates.sort(key=lambda h: (-h.score, -h.quantitative, h.person))
            for head in candidates[:quota]:
                head.grade = EXCELLENT

    def rate_stars(self) -> None:
        """初评 for heads rated the first time, 年度动态调整 for the others, then the review of increases."""
        s, month = self.P.policy.stars, self.month
        rated = [h for h in self.heads if month + 1 - h.start_month >= s.min_months_in_post]
        senior = self.senior_additions(rated)
        for head in rated:
            negatives, punished = head.draw_events()
            low = head.grade in (BASIC, UNQUALIFIED)
            removed = low * s.removed_low_grade + (negatives > 0) * s.removed_negative + punished * s.removed_punishment
            previous = head.stars if head.rated else 0
            if not head.rated:
                per_grade = {EXCELLENT: s.initial_stars_excellent, QUALIFIED: s.initial_stars_qualified,
                             BASIC: s.initial_stars_basic, UNQUALIFIED: s.initial_stars_unqualified}
                proposed = per_grade.get(head.grade, 0) + senior.get(head, 0) - removed
            else:
                gain = {EXCELLENT: s.added_excellent, QUALIFIED: s.added_qualified}.get(head.grade, 0) + senior.get(head, 0)
                proposed = head.stars - removed if removed > 0 else head.stars + gain
            proposed = min(max(proposed, 0), s.maximum)
            if proposed > previous and self.config.has("policy.review"):
                r = self.P.policy.review
                objection, veto = self.random.random(), self.random.random()
                if objection < r.objection_rate or veto < r.county_veto_rate:
                    proposed = previous
            head.stars, head.rated = proposed, True

    def senior_additions(self, rated: list[Head]) -> dict[Head, int]:
        """满10年以上且实绩特别突出: the long-record addition for the best excellent heads long in post, capped."""
        s = self.P.policy.stars
        cap = math.floor(len(rated) * s.senior_quota + 1e-9)
        long_served = [h for h in rated if h.grade == EXCELLENT and self.month + 1 - h.start_month >= 12 * s.senior_years]
        long_served.sort(key=lambda h: (-h.score, h.person))
        return {h: s.senior_bonus for h in long_served[:cap]}
