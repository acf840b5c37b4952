"""Lifelong liabilities: expected yearly payments to former and current heads, and their present value.

*Promised*: what the rule components pay former heads alive now (their `after_exit`: the retirement subsidy,
standard and per star; the exit subsidy where cadres have one).
*Accruing*: current heads' pension contributions (existing and per star, `Pension.in_post`) until they leave at
`behaviour.turnover.retirement_age`, then what they will be owed after leaving, for as long as they live; holders of
the scenario's own posts (policy.own_roles), what they will be owed after leaving at their role's age.
Stars are frozen at today's level (an accrued-benefit basis); amounts are the values in force
each year (dated values hold from their year on). Every person's survival follows the same life
table the simulation uses (`behaviour.turnover.mortality`), with payments of a year made to
those alive at its start, as the model pays them. Cash flows are undiscounted; the present value
discounts year t after the valuation year by (1 + policy.budget.discount_rate)^t.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dataclasses import dataclass

from simtoolkit.behaviour.turnover import mortality
from simtoolkit.world.lifetable import read_life_table
from simtoolkit.rulebook.catalogue import CATALOGUE
from simtoolkit.rulebook.pension import Pension
from simtoolkit.rules import eligibility, own_roles
from simtoolkit.scenario import Scenario
from simtoolkit.world.world import World

PROMISED, ACCRUING = "promised", "accruing"
MONTHS = 12


def survival(age0: np.ndarray, sex: np.ndarray, n_years: int, P) -> np.ndarray:
    """person × year: probability of being alive at the start of each year from the valuation year."""
    ages = age0[:, None] + np.arange(n_years)[None, :]
    q = mortality(ages, np.broadcast_to(sex[:, None], ages.shape), P)
    alive = np.ones_like(q)
    alive[:, 1:] = np.cumprod(1.0 - q[:, :-1], axis=1)
    return alive


def horizon(world: World, valuation_year: int, P) -> int:
    """Years until the youngest person reaches the life table's last age."""
    last = read_life_table(P.behaviour.turnover.life_table).last_age
    posts = () if world.posts is None else (world.posts.birth_year,)
    births = np.concatenate([world.heads.birth_year, world.retirees.birth_year[world.retirees.alive], *posts]).astype(int)
    return int(last - (valuation_year - births.max()) + 1) if births.size else 1


def after_exit_rules(scenario: Scenario) -> list:
    """The components in force that pay former heads (their `after_exit`): the rules the model books, valued here."""
    return [c for c in CATALOGUE if c.in_force(scenario) and hasattr(c, "after_exit")]


def _owed(rules, people, year: int, P, alive: np.ndarray, in_post: bool = False) -> dict[str, float]:
    """One year's expected payments by item to `people`, as the model pays them monthly to those alive."""
    owed = {}
    for rule in rules:
        for item, monthly in rule.after_exit(people, year, P, in_post).items():
            owed[item] = float((MONTHS * monthly * alive).sum())
    return owed


def cash_flows(world: World, scenario: Scenario, valuation_year: int) -> pd.DataFrame:
    """year,basis,item,yuan: expected payments per year from the valuation year until everyone has died."""
    P0 = scenario.params(valuation_year)
    n_years = horizon(world, valuation_year, P0)
    years = valuation_year + np.arange(n_years)
    rules = after_exit_rules(scenario)
    rows = []
    r = world.retirees
    keep = r.alive
    if keep.any():
        people = Rows(r, keep)
        alive = survival((valuation_year - people.birth_year).astype(int), people.sex, n_years, P0)
        for k, year in enumerate(years):
            owed = _owed(rules, people, int(year), scenario.params(year), alive[:, k])
            rows += [(year, PROMISED, item, yuan) for item, yuan in owed.items()]
    rows += _accruing(world, scenario, valuation_year, years, P0, rules)
    return pd.DataFrame(rows, columns=["year", "basis", "item", "yuan"])


def _accruing(world: World, scenario: Scenario, valuation_year: int, years: np.ndarray, P0, rules) -> list[tuple]:
    """Current heads: contributions while in post, what they are owed after they leave; own posts' holders likewise."""
    h = world.heads
    if len(h) == 0:
        return []
    has_stars = scenario.has("policy.stars")
    stars = h.stars.astype(float) if has_stars else np.zeros(len(h))
    age0 = (valuation_year - h.birth_year).astype(int)
    alive = survival(age0, h.sex, years.size, P0)
    last_in_post = np.maximum(valuation_year, h.birth_year.astype(int) + P0.behaviour.turnover.retirement_age)
    exit_month = MONTHS * (last_in_post - world.start_year) + MONTHS - 1
    leavers = Leavers(birth_year=h.birth_year.astype(int), sex=h.sex, role=h.role, stars_at_exit=stars, exit_year=last_in_post,
                      years_served=eligibility.months_in_post(h.start_month, exit_month) / MONTHS, left_normally=np.ones(len(h), bool))
    posts = _post_leavers(world, valuation_year, P0)
    posts_alive = None if posts is None else survival(valuation_year - posts.birth_year, posts.sex, years.size, P0)
    rows = []
    for k, year in enumerate(years):
        P = scenario.params(year)
        in_post = (year <= last_in_post) * alive[:, k]
        paid = {"pension_contribution": 0.0, "pension_star_topup": 0.0}  # both rows always, as the report shows them
        paid.update({item: float(amount.sum()) for item, amount in Pension.in_post(stars, in_post, P, has_stars).items()})
        paid.update(_owed(rules, leavers, int(year), P, alive[:, k], in_post=True))
        for item, yuan in (_owed(rules, posts, int(year), P, posts_alive[:, k], in_post=True) if posts is not None else {}).items():
            paid[item] = paid.get(item, 0.0) + yuan
        rows += [(year, ACCRUING, item, yuan) for item, yuan in paid.items()]
    return rows


def _post_leavers(world: World, valuation_year: int, P0) -> Leavers | None:
    """Holders of the scenario's own posts seen as the retirees they will be: leaving at their role's age
    (`own_roles.last_year`, the rule the model applies), with no stars (None without own posts)."""
    p = world.posts
    if p is None or len(p) == 0:
        return None
    last_in_post = np.maximum(valuation_year, own_roles.last_year(p.birth_year, p.role, P0))
    exit_month = MONTHS * (last_in_post - world.start_year) + MONTHS - 1
    return Leavers(birth_year=p.birth_year.astype(int), sex=p.sex, role=p.role, stars_at_exit=np.zeros(len(p)), exit_year=last_in_post,
                   years_served=eligibility.months_in_post(p.start_month, exit_month) / MONTHS, left_normally=np.ones(len(p), bool))


@dataclass(frozen=True)
class Leavers:
    """Heads in post seen as the retirees they will be (the retirees' columns)."""

    birth_year: np.ndarray
    sex: np.ndarray
    role: np.ndarray
    stars_at_exit: np.ndarray
    exit_year: np.ndarray
    years_served: np.ndarray
    left_normally: np.ndarray


class Rows:
    """Some rows of a table, column by column."""

    def __init__(self, table, keep: np.ndarray):
        self._table, self._keep = table, keep

    def __getattr__(self, name: str) -> np.ndarray:
        return getattr(self._table, name)[self._keep]


def present_value(flows: pd.DataFrame, rate: float, valuation_year: int) -> pd.DataFrame:
    """basis,item,yuan: cash flows discounted to the valuation year."""
    factor = (1.0 + rate) ** -(flows["year"] - valuation_year)
    return flows.assign(yuan=flows["yuan"] * factor).groupby(["basis", "item"], as_index=False, sort=False)["yuan"].sum()


def liabilities(worlds: list[World], scenario: Scenario, valuation_year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(cash flows, present values) per replication, each with a `rep` column."""
    rate = scenario.value("policy.budget.discount_rate")
    flows, values = [], []
    for rep, world in enumerate(worlds):
        f = cash_flows(world, scenario, valuation_year)
        flows.append(f.assign(rep=rep))
        values.append(present_value(f, rate, valuation_year).assign(rep=rep))
    return pd.concat(flows, ignore_index=True), pd.concat(values, ignore_index=True)
