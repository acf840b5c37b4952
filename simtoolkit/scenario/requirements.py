"""Optional groups that only work together with another group: a scenario with one and not the other is invalid."""

from __future__ import annotations

import ast
from typing import Any

from .errors import Problem
from .schema import Schema
from .validate import active_groups

# group → the group it cannot work without
NEEDS = {
    "policy.star_points": "policy.stars",
    "policy.attendance": "behaviour.attendance",
    "policy.quarterly_evaluation": "policy.cadre_pay",
    "policy.thousand_point": "behaviour.points",
    "policy.member_points": "behaviour.points",
    "policy.villager_points": "behaviour.points",
    "policy.first_secretary_posting": "behaviour.first_secretary",
    "behaviour.first_secretary": "policy.first_secretary",  # its records are scored by the rulebook
    "policy.branch_rating": "policy.stars",  # the villages' levels come from the heads' rating
}


def missing_groups(schema: Schema, values: dict[str, Any], top: str) -> list[Problem]:
    """A problem for every group in force whose companion group is not."""
    groups = active_groups(schema, values)
    return [Problem(top, group, f"needs [{need}] as well (set its values, or disable {group})")
            for group, need in NEEDS.items() if group in groups and need not in groups]


# key → keys that must be set with it; and sets of keys of which at least one must be set
TOGETHER = {
    "population.generated_townships": ("population.generated_villages", "population.generated_communities",
                                       "population.township_size_shape"),
    "policy.cadre_rewards.honour_chance": ("policy.cadre_rewards.honour_amount", "policy.cadre_rewards.honour_value",
                                           "policy.cadre_rewards.honour_roles", "policy.cadre_rewards.honour_payer"),
}
ONE_OF = [("population.townships", "population.generated_townships")]
# (key, choice) → a key that must be set when the key has that value
CHOICE_NEEDS = {("policy.branch_rating.basis", "head_score"): "policy.branch_rating.score_bands"}


def missing_keys(values: dict[str, Any], top: str) -> list[Problem]:
    """A problem for each optional key set without its companions, and each alternative left wholly unset."""
    problems = [Problem(top, need, f"needed with {key}") for key, needs in TOGETHER.items() if key in values
                for need in needs if need not in values]
    problems += [Problem(top, need, f"needed with {key} = {choice!r}") for (key, choice), need in CHOICE_NEEDS.items()
                 if values.get(key) == choice and need not in values]
    for keys in ONE_OF:
        if not any(k in values for k in keys):
            problems.append(Problem(top, keys[0], "missing: give " + " or ".join(keys)))
    return problems


def population_problems(values: dict[str, Any], origins: dict[str, str], top: str) -> list[Problem]:
    """A county must have somewhere to simulate (at least one village or community), and no more villages with a
    separate director than it has villages."""
    villages = _village_count(values)
    if "population.generated_townships" in values:
        keys = ("population.generated_villages", "population.generated_communities")
        counts = [values.get(k) for k in keys]
        if all(isinstance(c, int) for c in counts) and sum(counts) == 0:
            return [Problem(top, keys[0], "no village and no community to simulate: at least one is needed")]
    elif isinstance(townships := values.get("population.townships"), list):
        if not townships:
            return [Problem(top, "population.townships", "is empty: list at least one township")]
        counts = [row.get(c) for row in townships if isinstance(row, dict) for c in ("villages", "communities")]
        if counts and all(isinstance(c, int) for c in counts) and sum(counts) == 0:
            return [Problem(top, "population.townships", "no township has a village or a community: at least one is needed")]
    key = "population.villages_with_separate_director"
    separate = values.get(key)
    if villages is not None and isinstance(separate, int) and separate > villages:
        return [Problem(origins.get(key, top), key,
                        f"{separate} is more than the {villages} villages of the county")]
    return []


def _village_count(values: dict[str, Any]) -> int | None:
    """Villages (not communities) the population will have, or None when the values do not say it plainly."""
    if "population.generated_townships" in values:
        count = values.get("population.generated_villages")
        return count if isinstance(count, int) else None
    townships = values.get("population.townships")
    if not isinstance(townships, list) or not all(isinstance(r, dict) and isinstance(r.get("villages"), int) for r in townships):
        return None
    return sum(r["villages"] for r in townships)


def cycle_problems(values: dict[str, Any], origins: dict[str, str], top: str) -> list[Problem]:
    """A rating cycle longer than the run might rate nobody in the years simulated."""
    every, years = values.get("policy.rating_cycle.every_years"), values.get("run.years")
    if not (isinstance(every, int) and isinstance(years, int)) or every <= years:
        return []
    key = "policy.rating_cycle.every_years"
    return [Problem(origins.get(key, top), key, f"a cycle of {every} years is longer than the run ({years} years, run.years)")]


STAR_EFFECTS = ("remove_stars", "lose_all_stars", "bar_rating")


def situation_problems(values: dict[str, Any], origins: dict[str, str], top: str) -> list[Problem]:
    """A situation acting on stars needs a star rating in force."""
    rows = values.get("policy.situations.list")
    if not isinstance(rows, list) or any(k.startswith("policy.stars.") for k in values):
        return []
    key = "policy.situations.list"
    return [Problem(origins.get(key, top), f"{key}[{i}].effect", f"{row['effect']!r} needs a star rating: set [policy.stars], or use 'dismissal'")
            for i, row in enumerate(rows) if isinstance(row, dict) and row.get("effect") in STAR_EFFECTS]
# names a condition may use only with another group in force: expression key → {name: group that keeps it}
VILLAGE_NAMES = {"collective_income": "policy.cadre_rewards", "income_growth": "policy.cadre_rewards"}
KEEPS = {"policy.cadre_rewards": "the village's collective income", "policy.branch_rating": "the village organisations' ratings"}
CONDITION_GROUPS = {
    "policy.star_pay.conditions": ("when", VILLAGE_NAMES),
    **{key: ("when", {**VILLAGE_NAMES, "branch_stars": "policy.branch_rating"})
       for key in ("policy.star_formula.limits", "policy.star_formula.additions", "policy.statuses.list", "policy.grade_pay.multipliers",
                   "policy.grade_pay.deductions")},
}


def condition_problems(schema: Schema, values: dict[str, Any], origins: dict[str, str], top: str) -> list[Problem]:
    """A problem for each condition naming a village quantity whose rule is not in force (the collective income and
    its growth are policy.cadre_rewards')."""
    groups, problems = active_groups(schema, values), []
    for key, (column, needs) in CONDITION_GROUPS.items():
        rows = values.get(key)
        if key.rsplit(".", 1)[0] not in groups or not isinstance(rows, list):
            continue
        for i, row in enumerate(rows):
            try:
                used = {n.id for n in ast.walk(ast.parse(str(row.get(column, "")).strip(), mode="eval")) if isinstance(n, ast.Name)}
            except (SyntaxError, AttributeError):
                continue  # reported by the expression's own check
            for name in sorted(used & set(needs)):
                if needs[name] not in groups:
                    problems.append(Problem(origins.get(key, top), f"{key}[{i}].{column}",
                                            f"'{name}' needs [{needs[name]}] ({KEEPS[needs[name]]}) in force"))
    return problems
