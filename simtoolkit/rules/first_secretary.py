"""Jiaozhou's first-secretary rulebook (三定一诺双评, 实施细则 第十六条–第十九条), vectorised.

`score` turns a table of records (one row per first secretary; columns as in the schema file's
``[records.columns]``) into the organisation score, satisfaction and total; `grade` ranks within
categories and sets grades; `present` writes both as the output table in Chinese or English.
Every number comes from ``P.policy.first_secretary``; the words come from the schema file.
"""

from __future__ import annotations

import math
import tomllib
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from simtoolkit.io.read_table import Column
from simtoolkit.scenario import Params, load_schema
from simtoolkit.scenario.schema import PARAMETER_DIR

from .grades import excellent_quota
from .grouping import count_by, rank_within

GROUP = "policy.first_secretary"
OUTPUT_COLUMNS = ["id", "category", "base_score", "bonus_score", "organisation_score", "satisfaction", "total", "grade", "reason"]
VOTES = ["votes_very_satisfied", "votes_satisfied", "votes_basically_satisfied", "votes_dissatisfied"]
# 第十九条(四)①②③: events that make the grade incompetent whatever the score.
EVENTS = ["serious_adverse_impact", "caused_petition", "caused_mass_incident"]
# Order in which reasons are written when several apply to one row.
REASONS = [*EVENTS, "satisfaction_incompetent", "satisfaction_basic", "barred_base", "barred_rank"]


@cache
def rulebook_text() -> dict[str, Any]:
    """The record columns and the words of the rulebook, kept in its schema file beside the parameters."""
    with (PARAMETER_DIR / load_schema().groups[GROUP].source_file).open("rb") as fh:
        doc = tomllib.load(fh)
    return {"columns": doc["records"]["columns"], "labels": doc["labels"]}


def bound(value: float | str | None, P: Params | None) -> float | None:
    """A column bound: a number, or a parameter's dotted key (a leading '-' negates it)."""
    if not isinstance(value, str):
        return value
    if P is None:
        return None
    sign, key = (-1, value[1:]) if value.startswith("-") else (1, value)
    return sign * P.get(key)


def record_columns(P: Params | None = None) -> list[Column]:
    """The input columns; bounds naming parameters are resolved with `P` (left open without it)."""
    columns = []
    for name, spec in rulebook_text()["columns"].items():
        columns.append(
            Column(
                name=name,
                zh=spec["zh"],
                kind=spec["kind"],
                min=bound(spec.get("min"), P),
                max=bound(spec.get("max"), P),
                unique=spec.get("unique", False),
                max_note=spec.get("max_note", ""),
            )
        )
    return columns


def vote_problems(records: pd.DataFrame) -> list[tuple[int, str, str]]:
    """Rows whose four vote counts add up to more than the voters entitled (a check for read_table)."""
    votes = records[VOTES].sum(axis=1)
    over = votes > records["eligible_voters"]
    message = "the four vote counts add up to {v}, more than the {e} entitled voters"
    return [(row, "eligible_voters", message.format(v=votes[row], e=records.at[row, "eligible_voters"])) for row in records.index[over]]


# --- 第十六条: the organisation target score -------------------------------------------------


def item(points: float, lost: pd.Series) -> pd.Series:
    """An item with a stated maximum: its points less its deductions, stopping at zero (扣完为止)."""
    return (points - lost).clip(lower=0)


def units(amount_10k: pd.Series, pro_rata: bool) -> pd.Series:
    """Amounts in 10,000 yuan as counted by 每投入1万元: whole units, unless the scenario says pro rata."""
    return amount_10k if pro_rata else np.floor(amount_10k)


def team_building(r: pd.DataFrame, f: Params) -> pd.Series:
    """第十六条(一)1 加强队伍建设: rules study, training, study trips, a new secretary for a weak village."""
    study = item(f.rules_study_points, f.rules_study_missing_deduction * (1 - r.rules_study_held) + r.conflict_deduction)
    training = item(f.training_points, f.training_missing_deduction * (1 - r.training_held))
    return study + training + f.study_trip_bonus * r.study_trips + f.weak_village_secretary_bonus * r.new_secretary_for_weak_village


def development_plans(r: pd.DataFrame, f: Params) -> pd.Series:
    """第十六条(一)2 理清发展思路: the development plan and the annual work plan."""
    plan = item(f.development_plan_points, f.development_plan_missing_deduction * (1 - r.development_plan))
    return plan + item(f.annual_plan_points, f.annual_plan_missing_deduction * (1 - r.annual_plan))


def institutions(r: pd.DataFrame, f: Params) -> pd.Series:
    """第十六条(一)3 推进制度落实: due process, democracy days, member review, credit rating."""
    process = item(f.due_process_points, f.due_process_violation_deduction * r.process_violations)
    democracy = item(f.democracy_day_points, f.democracy_day_missed_deduction * r.democracy_days_missed)
    return process + democracy + f.member_review_bonus * r.member_review + f.credit_rating_bonus * r.credit_rating


def premises_and_service(r: pd.DataFrame, f: Params) -> pd.Series:
    """第十六条(一)4–5 场所建设 and 服务机制: bonus lines only."""
    investment = f.premises_bonus_per_10k * units(r.premises_investment_10k, f.amounts_pro_rata)
    return f.facilities_bonus * r.facilities_added + investment + f.service_point_bonus * r.service_point


def duties(r: pd.DataFrame, f: Params) -> pd.Series:
    """第十六条(二)1–4: field research, weekly meetings, meetings attended, two-way talks."""
    research = item(f.diary_points, r.diary_deduction)
    research += item(f.research_report_points, f.research_report_missing_deduction * (1 - r.research_report))
    weekly = item(f.weekly_meeting_points, f.weekly_meeting_missed_deduction * r.weekly_meetings_missed)
    meetings = item(f.meetings_points, f.meetings_missed_deduction * r.meetings_missed)
    talks = item(f.talks_points, r.talks_deduction) + item(f.appointments_points, r.appointments_deduction)
    return research + weekly + meetings + talks


def pairing(r: pd.DataFrame, f: Params) -> pd.Series:
    """第十六条(二)5 结对帮扶: the pairing item and its bonus lines."""
    lost = f.household_missing_deduction * (f.households_required - r.households_paired)
    lost = lost + f.no_visit_deduction * (1 - r.households_visited)
    bonus = f.school_aid_bonus * r.school_aid + f.job_bonus * r.jobs
    bonus = bonus + f.poverty_project_bonus * r.poverty_projects + f.relief_application_bonus * r.relief_applications
    return item(f.pairing_points, lost) + bonus


def discipline(r: pd.DataFrame, f: Params) -> pd.Series:
    """第十六条(二)6 执行纪律: deductions per breach and per verified complaint, with no floor."""
    breaches = f.discipline_breach_deduction * r.discipline_breaches + f.severe_discipline_breach_deduction * r.severe_discipline_breaches
    complaints = f.complaint_deduction * r.complaints + f.severe_complaint_deduction * r.severe_complaints
    return -(breaches + complaints)


def village_projects(r: pd.DataFrame, f: Params) -> pd.Series:
    """第十六条(三) 为村庄办理实事: funds, policy funds, development projects by class, demonstration bases."""
    funds = f.funds_bonus_per_10k * units(r.funds_10k, f.amounts_pro_rata)
    funds = funds + f.policy_funds_bonus_per_10k * units(r.policy_funds_10k, f.amounts_pro_rata)
    projects = sum(f.get(f"project_class{k}_bonus") * r[f"projects_class{k}"] for k in range(1, 5))
    return funds + projects + f.demonstration_base_bonus * r.demonstration_bases


def branch_rank(r: pd.DataFrame, f: Params) -> pd.Series:
    """第十六条(四) 晋位升级: a bonus per rank gained, a deduction per rank lost."""
    change = r.branch_rank_change
    return change.clip(lower=0) * f.rank_gain_bonus + change.clip(upper=0) * f.rank_loss_deduction


def satisfaction(r: pd.DataFrame, f: Params) -> tuple[pd.Series, pd.Series]:
    """第十七条: (very satisfied + satisfied) ÷ votes, and whether turnout reached its minimum."""
    votes = r[VOTES].sum(axis=1)
    # compared in whole numbers so that 2/3 is exact: 20 of 30 entitled is enough
    valid = (votes >= 1) & (votes * f.turnout_min_denominator >= f.turnout_min_numerator * r.eligible_voters)
    share = (r.votes_very_satisfied + r.votes_satisfied) / votes.where(valid)
    return share, valid


def score(records: pd.DataFrame, P: Params) -> pd.DataFrame:
    """Base, bonus and organisation scores, satisfaction and total; empty (NaN) where the vote is invalid."""
    f = P.policy.first_secretary
    r = records
    base = team_building(r, f) + development_plans(r, f) + institutions(r, f) + premises_and_service(r, f)
    base = base + duties(r, f) + pairing(r, f) + discipline(r, f)
    bonus = village_projects(r, f) + branch_rank(r, f)
    share, valid = satisfaction(r, f)
    organisation = base + bonus
    scored = pd.DataFrame({"base_score": base, "bonus_score": bonus, "organisation_score": organisation}, dtype=float)
    scored = scored.where(valid)
    scored["satisfaction"] = share
    scored["total"] = scored["organisation_score"] * share
    scored["valid_vote"] = valid
    return scored


# --- 第十九条(四): ranking and grades within categories --------------------------------------


def id_order(ids: pd.Series) -> np.ndarray:
    """Each id's place in ascending order: by number when every id is a number, else as text."""
    numbers = pd.to_numeric(ids, errors="coerce")
    key = numbers if numbers.notna().all() else ids.astype(str)
    return key.rank(method="first").to_numpy()


def direct_causes(r: pd.DataFrame, scored: pd.DataFrame, f: Params) -> pd.DataFrame:
    """Why a valid row gets a direct grade: events, or satisfaction below a threshold (each a column)."""
    valid = scored.valid_vote
    causes = pd.DataFrame({event: valid & (r[event] == 1) for event in EVENTS})
    below_incompetent = valid & (scored.satisfaction < f.satisfaction_threshold_incompetent)
    causes["satisfaction_incompetent"] = below_incompetent
    causes["satisfaction_basic"] = valid & ~causes.any(axis=1) & (scored.satisfaction < f.satisfaction_threshold_basic)
    return causes


def rank_keys(scored: pd.DataFrame) -> list[np.ndarray]:
    """Order of ranking: total, then organisation score — as published (2 decimals), so equal-looking figures tie."""
    return [scored[name].round(2).fillna(0).to_numpy() for name in ("total", "organisation_score")]


def take_places(group, keys, ids, candidate, eligible, excellent_places, good_places):
    """Excellent to the best eligible rows, then good to the next rows left; also each row's place (1-based, 0 none)."""
    excellent_rank = rank_within(group, keys, ids, eligible)
    excellent = eligible & (excellent_rank < excellent_places[group])
    rest = candidate & ~excellent
    good_rank = rank_within(group, keys, ids, rest)
    good = rest & (good_rank < good_places[group])
    place = np.select([excellent, good], [excellent_rank + 1, good_rank + 1], 0)
    return excellent, good, place


def passed_over(group: np.ndarray, rank: np.ndarray, excellent: np.ndarray, excellent_places: np.ndarray) -> np.ndarray:
    """Rows ranked ahead of the last excellent one, or anywhere while excellent places stayed empty."""
    n_groups = excellent_places.size
    last = np.full(n_groups, -1)
    np.maximum.at(last, group[excellent], rank[excellent])
    filled = count_by(group, excellent, n_groups) >= excellent_places
    cutoff = np.where(filled, last, np.iinfo(np.int64).max)
    return rank < cutoff[group]


def grade(records: pd.DataFrame, scored: pd.DataFrame, P: Params) -> pd.DataFrame:
    """Grades within each category, with what the reasons need (ranks, places, causes)."""
    f = P.policy.first_secretary
    valid = scored.valid_vote.to_numpy()
    causes = direct_causes(records, scored, f)
    incompetent = causes.drop(columns="satisfaction_basic").any(axis=1).to_numpy()
    basic = causes.satisfaction_basic.to_numpy()
    candidate = valid & ~incompetent & ~basic
    group, categories = pd.factorize(records.category)
    keys, ids = rank_keys(scored), id_order(records.id)
    n_valid = count_by(group, valid, len(categories))
    # the same floor(share × n) rule sets both kinds of places
    excellent_places = excellent_quota(n_valid, f.excellent_share)
    good_places = excellent_quota(n_valid, f.good_share)
    barred_base = candidate & (scored.base_score.round(2) < f.excellent_min_base_score).to_numpy()
    barred_rank = candidate & (records.branch_rank_change < 0).to_numpy()
    eligible = candidate & ~barred_base & ~barred_rank
    excellent, good, place = take_places(group, keys, ids, candidate, eligible, excellent_places, good_places)
    rank = rank_within(group, keys, ids, candidate)
    # a bar is a reason only where it cost the row an excellent place
    cost = passed_over(group, rank, excellent, excellent_places)
    codes = np.select(
        [~valid, incompetent, basic, excellent, good],
        ["invalid_vote", "incompetent", "basically_competent", "excellent", "good"],
        "competent",
    )
    return causes.assign(
        barred_base=barred_base & cost,
        barred_rank=barred_rank & cost,
        grade=codes,
        rank=np.where(candidate, rank + 1, 0),
        place=place,
        ranked=count_by(group, candidate, len(categories))[group],
        n_valid=n_valid[group],
        excellent_places=excellent_places[group],
        good_places=good_places[group],
    )


def assess(records: pd.DataFrame, P: Params) -> pd.DataFrame:
    """Scores and grades of every record, in input order."""
    scored = score(records, P)
    return pd.concat([records[["id", "category"]], scored, grade(records, scored, P)], axis=1)


# --- Output ----------------------------------------------------------------------------------


def percent(fraction: float, decimals: int = 0) -> str:
    """A fraction as a percentage, trailing zeros dropped unless decimals are asked for."""
    text = f"{fraction * 100:.{decimals or 2}f}"
    return (text if decimals else text.rstrip("0").rstrip(".")) + "%"


def fixed(values: pd.Series, decimals: int) -> pd.Series:
    """Numbers with fixed decimals; empty where missing; never '-0.00'."""
    return values.map(lambda v: "" if pd.isna(v) else f"{round(v, decimals) + 0.0:.{decimals}f}")


def reason_fields(row: Any, f: Params) -> dict[str, Any]:
    """The values any reason template may mention, for one assessed row."""
    return {
        "votes": sum(getattr(row, v) for v in VOTES),
        "eligible": row.eligible_voters,
        "turnout": f"{f.turnout_min_numerator}/{f.turnout_min_denominator}",
        "satisfaction": "" if math.isnan(row.satisfaction) else percent(row.satisfaction, 2),
        "category": row.category,
        "rank": row.rank,
        "place": row.place,
        "ranked": row.ranked,
        "n": row.n_valid,
        "base": "" if math.isnan(row.base_score) else f"{row.base_score:.2f}",
        "min_base": f"{f.excellent_min_base_score:g}",
        "fall": -row.branch_rank_change,
    }


def reason_extras(row: Any, f: Params) -> dict[str, dict[str, Any]]:
    """Values only some templates mention: places and shares, satisfaction thresholds."""
    return {
        "excellent": {"places": row.excellent_places, "share": percent(f.excellent_share)},
        "good": {"places": row.good_places, "share": percent(f.good_share)},
        "satisfaction_incompetent": {"threshold": percent(f.satisfaction_threshold_incompetent)},
        "satisfaction_basic": {"threshold": percent(f.satisfaction_threshold_basic)},
    }


def reason(row: Any, f: Params, templates: dict[str, str], separator: str) -> str:
    """Why one row has its grade, and why excellent was withheld where that cost a place."""
    codes = [code for code in REASONS if getattr(row, code)]
    if row.grade in ("invalid_vote", "excellent", "good", "competent"):
        codes.insert(0, row.grade)
    fields, extras = reason_fields(row, f), reason_extras(row, f)
    return separator.join(templates[code].format(**fields, **extras.get(code, {})) for code in codes)


def present(assessed: pd.DataFrame, records: pd.DataFrame, P: Params, lang: str) -> pd.DataFrame:
    """The output table: scores with 2 decimals, satisfaction as a fraction with 4, grade and reason in `lang`."""
    f = P.policy.first_secretary
    words = rulebook_text()["labels"]
    grades = {code: text[lang] for code, text in words["grades"].items()}
    templates = {code: text[lang] for code, text in words["reasons"].items()}
    rows = assessed.join(records[[*VOTES, "eligible_voters", "branch_rank_change"]])
    table = pd.DataFrame({"id": assessed.id, "category": assessed.category})
    for name in ("base_score", "bonus_score", "organisation_score"):
        table[name] = fixed(assessed[name], 2)
    table["satisfaction"] = fixed(assessed.satisfaction, 4)
    table["total"] = fixed(assessed.total, 2)
    table["grade"] = assessed.grade.map(grades)
    table["reason"] = [reason(row, f, templates, words["separator"][lang]) for row in rows.itertuples()]
    return table[OUTPUT_COLUMNS].reset_index(drop=True)
