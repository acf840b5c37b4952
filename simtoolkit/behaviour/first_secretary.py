"""First secretaries at work: days in the village, recorded activities, the satisfaction vote, grades and consequences.

Each month a full-time first secretary spends working days in the village (paid by the sending
unit at the stipend per day) and a part-time one makes visits. At the year's end the year's
records — the columns the rulebook scorer reads (`rules.first_secretary`) — are drawn from each
first secretary's effort, mode and village; voters entitled in the village vote from their
households' satisfaction; the scorer's own code scores and grades them; and the grades have
their consequences (第二十条): an admonition raises effort, incompetent ones are removed and,
where the scenario says so, replaced. Terms end and new first secretaries arrive in January.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simtoolkit.rules import first_secretary as rulebook
from simtoolkit.scenario.errors import Problem, ScenarioError
from simtoolkit.rules import roles
from simtoolkit.world.first_secretaries import FirstSecretaries, draw_effort, post

from . import evaluation, satisfaction
from .points import where_set

GROUP = "policy.first_secretary_posting"
# Words of the ranking categories (第十九条(四): 脱产和非脱产 ranked apart).
MODES = {True: "脱产", False: "非脱产"}
GRADES = ("excellent", "good", "competent", "basically_competent", "incompetent", "invalid_vote")
# Bonus columns whose sum of 10,000-yuan amounts is drawn as a continuous amount, not a count.
AMOUNT_SUFFIX = "_10k"


def check(config) -> None:
    """Origins with a positive share (the groups the posting needs are checked at load: scenario/requirements.py)."""
    origins = config.value(f"{GROUP}.origins")
    if not origins or sum(row["share"] for row in origins) <= 0:
        where = config.origins.get(f"{GROUP}.origins", where_set(config))
        raise ScenarioError([Problem(where, f"{GROUP}.origins", "needs at least one origin with a share above 0")])


def duty_chance(effort: np.ndarray, P) -> np.ndarray:
    """The chance each first secretary does a required duty: the mean rate moved by effort above the mean."""
    b = P.behaviour.first_secretary
    return np.clip(b.duty_rate + b.duty_effort_effect * (effort - b.effort_mean), 0.0, 1.0)


def activity_scale(fs: FirstSecretaries, endowment: np.ndarray, P) -> np.ndarray:
    """How many bonus activities relative to the table: effort, village endowment, full- or part-time."""
    b = P.behaviour.first_secretary
    presence = np.where(fs.full_time, 1.0, b.part_time_presence)
    return np.exp(b.effort_elasticity * (fs.effort - b.effort_mean) + b.endowment_effect * endowment) * presence


def rate_table(rows: list[dict]) -> dict[str, float]:
    """activity → mean a year (rows naming the same activity add up)."""
    table: dict[str, float] = {}
    for row in rows:
        table[row["activity"]] = table.get(row["activity"], 0.0) + row["per_year"]
    return table


def draw_counts(rng, means: dict[str, float], scale: np.ndarray, flags: set[str]) -> dict[str, np.ndarray]:
    """Yearly counts (or amounts in 10,000 yuan) per activity: Poisson counts, gamma amounts, flags capped at 1."""
    drawn = {}
    for name, mean in means.items():
        lam = mean * scale
        value = rng.gamma(1.0, lam) if name.endswith(AMOUNT_SUFFIX) else rng.poisson(lam)
        drawn[name] = np.minimum(value, 1) if name in flags else value
    return drawn


def done(rng, p: np.ndarray) -> np.ndarray:
    """A required flag: 1 with chance `p` (one draw per slot)."""
    return (rng.random(p.size) < p).astype(np.int64)


def lost(rng, points: np.ndarray | int, p: np.ndarray) -> np.ndarray:
    """Points (or occasions) lost of `points`: each with chance 1 − p."""
    return rng.binomial(np.broadcast_to(np.rint(points).astype(np.int64), p.shape), 1.0 - p)


def duty_records(rng, fs: FirstSecretaries, p: np.ndarray, P) -> dict[str, np.ndarray]:
    """The duty columns: flags done with chance `p`, occasions missed and points lost with chance 1 − p."""
    f, fp = P.policy.first_secretary, P.policy.first_secretary_posting
    flags = ("rules_study_held", "training_held", "development_plan", "annual_plan", "research_report", "households_visited")
    records = {name: done(rng, p) for name in flags}
    deductions = {"conflict_deduction": f.conflict_deduction_max, "diary_deduction": f.diary_points,
                  "talks_deduction": f.talks_points, "appointments_deduction": f.appointments_points,
                  "democracy_days_missed": fp.democracy_days_per_year, "meetings_missed": fp.meetings_per_year,
                  "weekly_meetings_missed": fp.full_time_meetings_per_year}
    records.update({name: lost(rng, k, p) for name, k in deductions.items()})
    # 第十条(二): a part-time first secretary chairs the month's meeting when visiting, so a year's
    # meetings are its visits, up to those required
    part_time_missed = np.maximum(fp.part_time_meetings_per_year - fs.visits, 0)
    records["weekly_meetings_missed"] = np.where(fs.full_time, records["weekly_meetings_missed"], part_time_missed)
    records["households_paired"] = f.households_required - lost(rng, f.households_required, p)
    return records


def community_pairing(paired: np.ndarray, services: np.ndarray, community: np.ndarray, P) -> np.ndarray:
    """第十八条 参照执行: in a community the practical services (至少2件实事) fill the pairing item (缺1户扣3分).

    Each service short of the minimum counts as one household short of those the item requires.
    """
    required, minimum = P.policy.first_secretary.households_required, P.policy.first_secretary_posting.community_services_min
    short = np.maximum(minimum - services, 0)
    return np.where(community, np.clip(required - short, 0, required), paired)


class Posting:
    """The first-secretary posts of a county and what happens to them month by month and year by year."""

    def __init__(self, model):
        """Post the first round (drawn from its own stream) and start the year's counters."""
        check(model.config)
        P, w = model.params(), model.world
        rng = model.streams.rng("first_secretary_posting", model.start_year)
        self.table = post(w.villages, P, rng, model.start_year, w.new_ids)
        self.records: pd.DataFrame | None = None  # last year's records and grades, for inspection
        self.assessed: pd.DataFrame | None = None
        self.services_short = np.zeros(len(self.table), bool)  # community posts below the yearly minimum
        flags = {name for name, spec in rulebook.rulebook_text()["columns"].items() if spec["kind"] == "flag"}
        self.flags = flags

    # ---- monthly ------------------------------------------------------------------------
    def monthly(self, model, P) -> None:
        """Working days in the village (paid per day by the sending unit) and part-time visits."""
        fs, fp = self.table, P.policy.first_secretary_posting
        p = duty_chance(fs.effort, P)
        rng = model.streams.rng("first_secretary_days", model.year, model.month % 12)
        days = rng.binomial(np.full(len(fs), fp.working_days_per_month), p) * (fs.full_time & fs.active)
        visits = rng.binomial(np.full(len(fs), fp.part_time_visits_per_month), p) * (~fs.full_time & fs.active)
        fs.days_in_village += days.astype(fs.days_in_village.dtype)
        fs.visits += visits.astype(fs.visits.dtype)
        paid = days > 0
        model.ledger.book(model.month, "first_secretary_stipend", fp.stipend_payer, fs.township[paid],
                          roles.code("first_secretary"), fp.stipend_per_day * days[paid], fs.id[paid])
        model.result.note(model, "first_secretary_days", float(days.sum()))

    # ---- yearly -------------------------------------------------------------------------
    def yearly(self, model, P) -> None:
        """年终考核: records, votes, the rulebook's scores and grades, consequences, then the next terms."""
        fs = self.table
        records = self.draw_records(model, P)
        assessed = rulebook.assess(records, P)
        self.records, self.assessed = records, assessed
        grade = assessed.grade.to_numpy()
        active = fs.active
        for code in GRADES:
            model.result.note(model, f"first_secretaries_{code}", float(((grade == code) & active).sum()))
        votes = records[rulebook.VOTES].to_numpy()[active]
        model.result.note(model, "first_secretaries_posted", float(active.sum()))
        model.result.note(model, "first_secretary_satisfaction", float(votes[:, :2].sum() / max(votes.sum(), 1)))
        model.result.note(model, "community_services_short", float(self.services_short.sum()))
        model.result.note(model, "first_secretary_mean_total", float(np.nanmean(np.where(active, assessed.total.to_numpy(float), np.nan))) if active.any() else 0.0)
        self.apply_grades(model, P, grade)
        self.start_terms(model, P)
        fs.days_in_village[:] = 0
        fs.visits[:] = 0

    def draw_records(self, model, P) -> pd.DataFrame:
        """The year's records of every post, as the scorer reads them (vacant posts get empty rows, graded apart)."""
        fs, w, b = self.table, model.world, P.behaviour.first_secretary
        rng = model.streams.rng("first_secretary_records", model.year)
        p = duty_chance(fs.effort, P)
        scale = activity_scale(fs, w.villages.endowment[fs.village], P)
        columns = {name: np.zeros(len(fs), np.int64) for name in rulebook.rulebook_text()["columns"]}
        columns.update(duty_records(rng, fs, p, P))
        gains = draw_counts(rng, rate_table(b.activities), scale, self.flags)
        incidents = draw_counts(rng, rate_table(b.incidents), np.exp(-b.effort_elasticity * (fs.effort - b.effort_mean)), self.flags)
        rank = gains.pop("rank_gain", 0) - incidents.pop("rank_loss", 0)
        services = gains.pop("practical_services", np.zeros(len(fs), np.int64))
        columns.update(gains)
        columns.update(incidents)
        limit = P.policy.first_secretary.branch_rank_max_change
        columns["branch_rank_change"] = np.clip(rank, -limit, limit) * np.ones(len(fs), np.int64)
        columns["households_paired"] = community_pairing(columns["households_paired"], services, fs.community, P)
        columns.update(self.vote(model, P, rng))
        columns["id"] = fs.id.astype(str)
        names = np.array([[f"{row['origin']}/{MODES[False]}", f"{row['origin']}/{MODES[True]}"]
                          for row in P.policy.first_secretary_posting.origins], dtype=object)
        columns["category"] = names[fs.origin, fs.full_time.astype(np.int64)]
        self.services_short = fs.community & fs.active & (services < P.policy.first_secretary_posting.community_services_min)
        return pd.DataFrame(columns)[list(rulebook.rulebook_text()["columns"])]

    def vote(self, model, P, rng) -> dict[str, np.ndarray]:
        """第十七条: those entitled in the village vote; opinions start from their households' satisfaction."""
        fs, w, b = self.table, model.world, P.behaviour.first_secretary
        fp = P.policy.first_secretary_posting
        eligible = (w.villages.members[fs.village] + fp.other_voters_per_village) * fs.active
        voting = rng.binomial(eligible, b.turnout)
        village_sat = satisfaction.village_mean(w.households.satisfaction, w.households.village, len(w.villages))
        opinion = village_sat[fs.village] + b.vote_effort_weight * (fs.effort - b.effort_mean)
        counts = evaluation.votes(rng, voting, evaluation.answer_probabilities(opinion, P))
        # a vacant post still needs one entitled voter to be a valid row; it has no votes, so it is invalid
        return {**dict(zip(rulebook.VOTES, counts.T)), "eligible_voters": np.maximum(eligible, 1)}

    def apply_grades(self, model, P, grade: np.ndarray) -> None:
        """第二十条: admonition raises effort; incompetent first secretaries are removed (replaced if the scenario says so)."""
        fs, b = self.table, P.behaviour.first_secretary
        admonished = fs.active & (grade == "basically_competent")
        fs.effort = np.where(admonished, np.minimum(fs.effort + b.admonition_effort_gain, 1.0), fs.effort).astype(fs.effort.dtype)
        removed = fs.active & (grade == "incompetent")
        model.result.note(model, "first_secretaries_removed", float(removed.sum()))
        fs.active &= ~removed
        if P.policy.first_secretary_posting.replace_removed:
            fs.term_until = np.where(removed, model.year, fs.term_until).astype(fs.term_until.dtype)

    def start_terms(self, model, P) -> None:
        """Posts whose term ends this year get a new first secretary from January (a draw for every slot)."""
        fs, fp, b = self.table, P.policy.first_secretary_posting, P.behaviour.first_secretary
        ending = fs.term_until <= model.year
        effort = draw_effort(model.streams.rng("first_secretary_succession", model.year), len(fs), b.effort_mean, b.effort_sd)
        term = np.where(fs.full_time, fp.full_time_term_years, fp.part_time_term_years)
        fs.id[ending] = model.world.new_ids(int(ending.sum()))
        fs.effort = np.where(ending, effort, fs.effort).astype(fs.effort.dtype)
        fs.term_until = np.where(ending, model.year + term, fs.term_until).astype(fs.term_until.dtype)
        fs.active |= ending
