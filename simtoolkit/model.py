"""CountyModel: the world's tables, rules and behaviour wired onto a monthly calendar of Mesa events.

Month m (0-based from January of the first year) occupies model time [m, m+1). Its events run
at fixed offsets so their order never depends on priorities: monthly work at m+0.25, the
quarterly ranking at +0.5, the half-yearly assessment at +0.6 and the annual rating at +0.75.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import NamedTuple

import mesa
import numpy as np
from mesa.time import Schedule

from simtoolkit import jit
from simtoolkit.behaviour import effort, effort_terms, evaluation, performance, satisfaction, turnover
from simtoolkit.behaviour import members as party
from simtoolkit.ledger import Ledger
from simtoolkit.mesa_idioms import MesaIdioms
from simtoolkit.results import Result
from simtoolkit.rulebook import Rulebook
from simtoolkit.rules import assessment, differentiation, eligibility, grades
from simtoolkit.rules.grouping import rank_within
from simtoolkit.scenario import Scenario
from simtoolkit.scenario.own_items import own_codes
from simtoolkit.scenario.own_roles import own_role_codes
from simtoolkit.streams import Streams
from simtoolkit.rules import roles
from simtoolkit.world import persons
from simtoolkit.world.roster import Roster, build_world
from simtoolkit.world.tables import Heads
from simtoolkit.world.views import HeadView
from simtoolkit.world.world import World

MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY = 0.25, 0.5, 0.6, 0.75
# Per head slot state the calendar itself keeps (the components declare theirs): name → (dtype, value for a new holder,
# None: recomputed each year, not renewed).
CORE_STATE = {
    "fraction": ("float64", None),  # this year's assessed performance share, read by the effort choice and rewards
    "low_streak": ("int16", 0),  # consecutive years graded basically qualified or lower
}


class CountyModel(MesaIdioms, mesa.Model):
    """One replication of one scenario: agent tables, calendar, ledger and yearly records."""

    def __init__(self, scenario: Scenario, replication: int = 0, seed: int | None = None,
                 years: int | None = None, world: World | None = None, record_persons: bool = False,
                 roster: Roster | None = None, components: tuple | None = None, rng=None, collect: bool = False,
                 rules_year: int | None = None):
        """Build the world (given, from a roster, or synthesised), run the burn-in and schedule the calendar;
        `components`: the rule components to choose from (default: every shipped one, `rulebook/catalogue.py`);
        `rules_year`: every year runs under that year's rules (a burn-in's, `warm_up`)."""
        seed = self.seed_from(scenario, seed, rng)  # Mesa's rng= is the seed of the named streams
        super().__init__(rng=np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(replication,))))
        self.config = scenario  # Mesa 3.5 owns `self.scenario`
        self.replication = replication
        self.streams = Streams(seed, replication)
        self.years = scenario.value("run.years") if years is None else int(years)
        self.world = world if world is not None else build_world(scenario, self.streams, roster)
        self.start_year = self.world.start_year
        self.rules_year = rules_year
        warm = self.warm_up(seed, components) if rules_year is None else None
        n_townships = len(self.world.townships)
        self.own_roles = own_role_codes(scenario.values)  # the ledger's role axis: the shared roles, then these
        self.ledger = Ledger(12 * self.years, n_townships, len(roles.run_codes(self.own_roles)), record_persons, own_codes(scenario.values))
        self.result = Result.empty(self)
        heads = self.world.heads
        self.member_ability = self.draw_member_ability()
        self.plan: MonthPlan | None = None  # this month's plan (`month_plan`), read by components (grid visits)
        self._plan_key = None  # month_plan's cache
        if self.world.households.size is None:  # households as rows: the monthly step may be worth compiling
            jit.expect(len(self.world.households) * 12 * self.years)
        self.history = HeadHistory(len(heads), self.years) if record_persons else None
        self.village_category = differentiation.village_categories(scenario, self.world.villages)  # None without the group
        self.first_secretaries = None  # the first secretaries' posting, set by its component
        self.rulebook = Rulebook(self, CORE_STATE, components)
        self._replan_monthly = any(getattr(c, "replans_monthly", False) for c in self.rulebook.components)
        if warm is not None:
            self.start_from(warm)
        self.schedule_recurring(self.monthly, Schedule(interval=1, start=MONTHLY))
        self.schedule_recurring(self.quarterly, Schedule(interval=3, start=2 + QUARTERLY))
        self.schedule_recurring(self.half_yearly, Schedule(interval=6, start=5 + HALF_YEARLY))
        self.schedule_recurring(self.yearly, Schedule(interval=12, start=11 + YEARLY))
        self.start_horizon(collect)  # running = False and the result finished after the last month

    # ---- calendar -----------------------------------------------------------------------
    @property
    def month(self) -> int:
        """The current month index (0-based)."""
        return int(self.time)

    @property
    def year(self) -> int:
        """The current calendar year."""
        return self.start_year + self.month // 12

    def params(self):
        """Parameters in force this year (a burn-in's: those of the year it leads into)."""
        return self.config.params(self.year if self.rules_year is None else self.rules_year)

    # ---- burn-in ------------------------------------------------------------------------
    def warm_up(self, seed: int, components) -> "CountyModel | None":
        """Burn-in (`run.burn_in_years`): a copy of the world run, unreported, through the years before the start under
        the rules in force at the start (their own draws: streams are named by year), so that year 1 starts from the
        steady state of effort, scores and satisfaction rather than from `effort_initial` (None without a burn-in)."""
        years = int(self.config.values.get("run.burn_in_years", 0))
        if years <= 0:
            return None
        world = replace(copy.deepcopy(self.world), start_year=self.start_year - years)
        warm = CountyModel(self.config, self.replication, seed, years=years, world=world, components=components,
                           rules_year=self.start_year)
        warm.run()
        return warm

    def start_from(self, warm: "CountyModel") -> None:
        """Year 1 after a burn-in: villagers' satisfaction as the burn-in left it, and each head's effort its best response
        to the burn-in's last year, read as "last year" (scores, grades, performance); the people, their posts, stars
        and money are the start's own."""
        heads, last = self.world.heads, warm.world.heads
        self.world.households.satisfaction[:] = warm.world.households.satisfaction
        grade, score = heads.grade.copy(), heads.score.copy()
        heads.grade[:], heads.score[:] = last.grade, last.score
        self.slots.fraction = warm.slots.fraction.copy()
        self.choose_effort(self.params(), year=self.start_year - 1, month=-1)  # as in the December before the start
        heads.grade[:], heads.score[:] = grade, score

    # ---- monthly ------------------------------------------------------------------------
    def monthly(self) -> None:
        """Monthly work: scores, base pay, referenced pay, satisfaction, retirement subsidies, due payments."""
        P, m, heads = self.params(), self.month, self.world.heads
        self.ledger.settle(m)
        fraction, service, chance, moves = self.month_plan(P)
        noise = self.streams.rng("monthly_scores", self.year, m % 12).standard_normal((len(heads), len(P.policy.assessment.category_points)))
        totals = assessment.monthly_total(performance.category_scores(fraction, noise, P))
        for adjust in self.rulebook.hooks("adjust_scores"):  # e.g. days short of the attendance requirement cost points
            totals = adjust(P, totals)
        in_post = heads.start_month <= m
        scored = np.where(in_post, totals, 0.0).astype(np.float32)
        heads.month_scores += scored
        heads.months_scored += in_post
        heads.quarter_score += scored
        self.rulebook.run("month_pay", P, m)
        self.update_satisfaction(P, service, chance, moves)
        self.rulebook.run("month", P, m)

    def month_plan(self, P) -> "MonthPlan":
        """Heads' performance shares, villages' service, visit chances and households' moves: fixed until the yearly cycle changes
        effort, heads or mentoring, so worked out in January (monthly under thousand-point rectification)."""
        key = self.month if self._replan_monthly else self.year
        if self._plan_key != key:
            w = self.world
            fraction = self.performance_fraction(P)
            service = satisfaction.village_service(fraction, w.heads.village, len(w.villages))
            chance = satisfaction.visit_chance(satisfaction.village_service(w.heads.effort, w.heads.village, len(w.villages)), P)
            moves = satisfaction.moves(chance, service, performance.reference_fraction(P), P)
            self.plan, self._plan_key = MonthPlan(fraction, service, chance, moves), key
        return self.plan

    def performance_fraction(self, P) -> np.ndarray:
        """Each head's expected share of full marks this month (effort enters here)."""
        heads, villages = self.world.heads, self.world.villages
        boost = 0.0
        for extra in self.rulebook.hooks("performance_boost"):  # mentoring; weak committees under rectification
            boost = boost + extra(P)
        return performance.latent_fraction(heads.ability, heads.effort, villages.endowment[heads.village], boost, P)

    def update_satisfaction(self, P, service: np.ndarray, chance: np.ndarray, moves: satisfaction.Moves) -> None:
        """Households' satisfaction moves towards the service of their village's heads (`month_plan`)."""
        w = self.world
        rng, h = self.streams.rng("grid_visits", self.year, self.month % 12), w.households
        if h.size is not None:  # one row per grid: how many of its households were visited (docs/scale.md)
            visited = rng.binomial(h.size, chance[h.village])
            h.satisfaction = satisfaction.update_grids(h.satisfaction, h.village, h.size, visited, service, performance.reference_fraction(P), P)
            return
        satisfaction.update_rows(h.satisfaction, h.village, rng, moves)

    # ---- quarterly, half-yearly ----------------------------------------------------------
    def quarterly(self) -> None:
        """季排名: rank heads within their township on the quarter's scores, then start a new quarter."""
        heads = self.world.heads
        rank = rank_within(heads.township, [heads.quarter_score], heads.id)
        heads.quarter_rank = (rank + 1).astype(np.int16)
        self.rulebook.run("quarter", self.params(), self.month)
        heads.quarter_score[:] = 0.0

    def half_yearly(self) -> None:
        """Half-yearly assessments (none in Qingxu's rules; a place for thousand-point systems)."""
        self.rulebook.run("half_year", self.params(), self.month)

    # ---- yearly -------------------------------------------------------------------------
    def yearly(self) -> None:
        """The annual cycle: assess, grade, rate, review, pay, recruit, turnover, mortality, effort."""
        P, m, y, heads = self.params(), self.month, self.year, self.world.heads
        assessed = heads.months_scored > 0
        quant, score = self.assess(P, assessed)
        group = differentiation.grading_groups(heads.township, self.head_category(), P)
        heads.grade = grades.annual(score, quant, assessed, group, heads.id, P)
        heads.score = score.astype(np.float32)
        for moment in ("events", "rating", "year_pay"):
            self.rulebook.run(moment, P, m)
        self.result.record_year(self, quant, score)
        self.rulebook.run("year_report", P, m)
        if self.history is not None:
            self.history.record(self, quant)
        self.turn_over(P, m)
        self.bury_retirees(P)
        self.result.note(self, "retirees", float(self.world.retirees.alive.sum()))  # at the year's end: this year's leavers in
        self.choose_effort(P)
        heads.month_scores[:] = 0.0
        self.world.members.points[:] = 0.0  # the reserve is ranked on each year's points
        heads.months_scored[:] = 0

    def head_category(self) -> np.ndarray | None:
        """Each head's village category (None without categories)."""
        return None if self.village_category is None else self.village_category[self.world.heads.village]

    def assess(self, P, assessed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """双评年考: quantitative mean, organisation evaluation, democratic votes, weighted score."""
        heads, w, a = self.world.heads, self.world, P.policy.assessment
        quant = assessment.annual_quantitative(heads.month_scores, heads.months_scored)
        if self.village_category is not None and P.policy.differentiation.enabled:  # 共性部分 + 个性部分 by village category
            individual = differentiation.individual_part(quant, self.village_category[heads.village], assessed)
            quant = differentiation.blend(quant, individual, P.policy.differentiation.individual_weight)
        fraction = self.slots.fraction = self.performance_fraction(P)
        raters = self.streams.rng("organisation", self.year).standard_normal((len(heads), a.raters_per_township))
        org = assessment.organisation_score(evaluation.rater_scores(fraction, raters, P))
        sat = satisfaction.village_mean(w.households.satisfaction, w.households.village, len(w.villages), w.households.size)[heads.village]
        probabilities = evaluation.answer_probabilities(evaluation.opinion(sat, fraction, performance.reference_fraction(P), P), P)
        voters = [party.voters(w.members, len(w.villages), P)[heads.village],
                  np.full(len(heads), a.representatives_per_village),
                  np.minimum(a.household_voters_per_village, w.villages.households[heads.village])]
        rng = self.streams.rng("democratic_votes", self.year)
        group_votes = evaluation.group_votes(rng, [n * assessed for n in voters], probabilities)
        weights = np.array([a.member_vote_weight, a.representative_vote_weight, a.household_vote_weight])
        dem = assessment.democratic_score(group_votes, np.asarray(a.vote_points, float), weights)
        score = assessment.weighted_score(quant, org, dem, (a.quantitative_weight, a.organisation_weight, a.democratic_weight))
        return quant, np.where(assessed, score, 0.0)

    def turn_over(self, P, m: int) -> None:
        """Heads who leave join the retirees; successors take their posts (slots) from next month."""
        heads, w = self.world.heads, self.world
        age = self.year - heads.birth_year
        draw = self.streams.rng("elections", self.year).random(len(heads))
        slots = self.slots
        slots.low_streak = turnover.low_grade_streak(slots.low_streak, heads.grade)
        out = turnover.leaving(age, slots.punished, slots.low_streak, draw, turnover.is_election_year(self.year, P), P)
        for leaving in self.rulebook.hooks("leaving"):  # recruited elsewhere; removed after unqualified quarters
            out |= leaving(P)
        self.result.note(self, "heads_leaving", float(out.sum()))
        if not out.any():
            return
        served = eligibility.months_in_post(heads.start_month, m) / 12.0
        stars_at_exit = heads.stars  # none without a star rating
        w.retirees.append(id=heads.id[out], township=heads.township[out], village=heads.village[out], role=heads.role[out],
                          sex=heads.sex[out], birth_year=heads.birth_year[out], stars_at_exit=stars_at_exit[out],
                          years_served=served[out], exit_year=np.full(out.sum(), self.year), alive=np.ones(out.sum(), bool),
                          left_normally=np.ones(out.sum(), bool))
        for exits in self.rulebook.hooks("exits"):  # e.g. the exit audit: who left normally
            exits(out)
        self.succeed(P, out, m)

    def succeed(self, P, out: np.ndarray, m: int) -> None:
        """New heads in the vacated slots: a member of the village's reserve, else a fresh person; no stars, not yet rated."""
        heads, t, b, w = self.world.heads, P.behaviour.turnover, P.behaviour.heads, self.world
        rng = self.streams.rng("succession", self.year)
        n = len(heads)
        age = persons.draw_age(rng, n, t.successor_age_mean, t.successor_age_sd, P)  # a new person, as synthesis draws one
        ability, motivation = persons.draw_traits(rng, n, P)
        female = persons.draw_female(rng, n, P)
        pick = rng.random(n)
        k = int(out.sum())
        birth_year = (self.year + 1 - age).astype(np.int16)
        sex = female.astype(heads.sex.dtype)
        new_id = np.zeros(n, np.int64)
        new_id[out] = w.new_ids(k)
        table, size = party.reserve(w.members, self.year, len(w.villages), P, villages=heads.village[out])  # only villages with a vacancy
        slots = np.flatnonzero(out)
        row = party.pick_successors(table, size, heads.village[slots], slots, pick[slots])
        from_reserve, rows = slots[row >= 0], row[row >= 0]
        w.members.category[np.isin(w.members.id, heads.id[out])] = party.category_codes("C")[0]  # back among members at home
        new_id[from_reserve], birth_year[from_reserve] = w.members.id[rows], w.members.birth_year[rows]
        sex[from_reserve], ability[from_reserve] = w.members.sex[rows], self.member_ability[rows]
        w.members.category[rows] = party.category_codes("A")[0]
        ability += persons.role_shift(heads.role, P)
        self.result.note(self, "successors_from_reserve", float(from_reserve.size))
        heads.id[out] = new_id[out]
        heads.birth_year[out] = birth_year[out]
        heads.sex[out] = sex[out]
        heads.start_month[out] = m + 1
        heads.ability[out], heads.motivation[out] = ability[out], motivation[out]
        heads.effort[out], heads.grade[out] = b.effort_initial, grades.NONE
        heads.service_before_break[out], heads.break_months[out] = 0, 0  # a new holder's service starts now
        self.rulebook.renew(out)  # what the components own: stars, recruitment, mentoring, their slots

    def draw_member_ability(self) -> np.ndarray:
        """Latent ability of every party member row (heads' own rows included, unused while they head)."""
        P, members = self.params(), self.world.members
        draw = self.streams.rng("member_ability", self.start_year).standard_normal(len(members), dtype=np.float32)
        return np.float32(P.behaviour.members.ability_mean) + np.float32(P.behaviour.heads.ability_sd) * draw

    def bury_retirees(self, P) -> None:
        """Mortality of former heads over the year (a draw per retiree row)."""
        r = self.world.retirees
        if len(r):
            q = turnover.mortality(self.year - r.birth_year, r.sex, P)
            r.alive &= ~(self.streams.rng("mortality", self.year).random(len(r)) < q)

    def choose_effort(self, P, year: int | None = None, month: int | None = None) -> None:
        """Effort for next year: each head's best response to the incentives in force (behaviour/effort.py), chosen in
        December of `year` (default: now)."""
        heads = self.world.heads
        year, month = (self.year, self.month) if year is None else (year, month)
        chosen = effort.best_response(heads, self.world.villages.endowment[heads.village], self.slots.fraction,
                                      self.slots.low_streak, year, month, P, self.config.has,
                                      seen=effort_terms.seen(self, P), group=differentiation.grading_groups(heads.township, self.head_category(), P),
                                      **self.effort_hooks())
        for override in self.rulebook.hooks("chosen_effort"):  # heads a person plays (classroom): their own choice
            chosen = override(P, chosen)
        heads.effort = chosen.astype(heads.effort.dtype)

    def effort_hooks(self) -> dict:
        """What the rule components in force tell the effort choice (`effort.best_response`): their own money in each
        outcome, their own situations (chance on the effort grid, money lost), the star rating's outcomes, the
        yes/no events that with the grades make the outcome space, their terms on the effort grid, the pay by grade
        and what is kept with the post."""
        book = self.rulebook
        situations = list(zip(book.hooks("situation_chance"), book.hooks("situation_loss")))
        situations += [pair for listed in book.hooks("effort_situations") for pair in listed(self.params())]  # a list's
        return {"extra": book.hooks("effort_money"), "situations": situations,
                "rating": next(iter(book.hooks("effort_outcomes")), None),
                "events": [pair for declare in book.hooks("effort_events") for pair in declare().items()],
                "setups": book.hooks("effort_setup"), "grids": book.hooks("effort_grid"),
                "pays": book.hooks("effort_pay"), "keeps": book.hooks("effort_keep"), "boosts": book.hooks("effort_boost")}

    # ---- inspection ---------------------------------------------------------------------
    @property
    def secretaries(self) -> "HeadViews":
        """Heads as light objects: ``model.secretaries[17]``."""
        return HeadViews(self.world.heads, self)


class MonthPlan(NamedTuple):
    """What holds for the month (`CountyModel.month_plan`): heads' performance shares, villages' service, each
    village's chance that a grid member visits a household, and the households' moves."""

    fraction: np.ndarray
    service: np.ndarray
    visit_chance: np.ndarray
    moves: satisfaction.Moves


class HeadViews:
    """Index access to head views."""

    def __init__(self, heads: Heads, model: CountyModel):
        self._heads, self._model = heads, model

    def __len__(self) -> int:
        return len(self._heads)

    def __getitem__(self, slot: int) -> HeadView:
        if not 0 <= slot < len(self._heads):
            raise IndexError(f"head slot {slot} out of range 0..{len(self._heads) - 1}")
        return HeadView(self._model, slot)


class HeadHistory:
    """Per-slot yearly history (kept only when asked for): scores, grades, stars, person id."""

    def __init__(self, n: int, years: int):
        self.person = np.zeros((years, n), np.int64)
        self.quantitative = np.zeros((years, n), np.float32)
        self.score = np.zeros((years, n), np.float32)
        self.grade = np.full((years, n), -1, np.int8)
        self.stars = np.zeros((years, n), np.int8)

    def record(self, model: CountyModel, quant: np.ndarray) -> None:
        """Store this year's values for every slot."""
        k, heads = model.year - model.start_year, model.world.heads
        self.person[k], self.quantitative[k], self.score[k] = heads.id, quant, heads.score
        self.grade[k], self.stars[k] = heads.grade, heads.stars
