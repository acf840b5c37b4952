"""Lifelong liabilities: expected yearly payments to former and current heads, and their present value.

*Promised*: retirement subsidies (standard and per-star top-up) of former heads alive now.
*Accruing*: current heads' pension contributions (existing and per star) until they leave at
`behaviour.turnover.retirement_age`, then their retirement subsidies for as long as they live.
Stars are frozen at today's level (an accrued-benefit basis); amounts are the values in force
each year (dated values hold from their year on). Every person's survival follows the same life
table the simulation uses (`behaviour.turnover.mortality`), with payments of a year made to
those alive at its start, as the model pays them. Cash flows are undiscounted; the present value
discounts year t after the valuation year by (1 + policy.budget.discount_rate)^t.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simtoolkit.behaviour.turnover import mortality
from simtoolkit.budget.lifetable import read_life_table
from simtoolkit.rules import eligibility, incentives
from simtoolkit.scenario import Scenario
from simtoolkit.world import roles
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
    births = np.concatenate([world.heads.birth_year, world.retirees.birth_year[world.retirees.alive]]).astype(int)
    return int(last - (valuation_year - births.max()) + 1) if births.size else 1


def _subsidies(scenario, year, age, served, eligible_from, stars, role, alive) -> tuple[np.ndarray, np.ndarray]:
    """One year's expected (standard, star top-up) subsidy per person, as the model pays it monthly."""
    P = scenario.params(year)
    entitled = np.isin(role, roles.codes(P.policy.retirement.star_roles))
    standard, topup = incentives.retirement_subsidy(age, served, year - eligible_from, stars, entitled, P)
    paid = alive * (year >= eligible_from)
    return MONTHS * standard * paid, MONTHS * topup * paid


def cash_flows(world: World, scenario: Scenario, valuation_year: int) -> pd.DataFrame:
    """year,basis,item,yuan: expected payments per year from the valuation year until everyone has died."""
    P0 = scenario.params(valuation_year)
    n_years = horizon(world, valuation_year, P0)
    years = valuation_year + np.arange(n_years)
    rows = []
    r = world.retirees
    keep = r.alive
    if keep.any():
        age0 = (valuation_year - r.birth_year[keep]).astype(int)
        alive = survival(age0, r.sex[keep], n_years, P0)
        min_age = P0.policy.retirement.min_age
        eligible_from = np.maximum(r.exit_year[keep].astype(int) + 1, r.birth_year[keep].astype(int) + min_age)
        for k, year in enumerate(years):
            standard, topup = _subsidies(scenario, year, age0 + k, r.years_served[keep], eligible_from,
                                         r.stars_at_exit[keep], r.role[keep], alive[:, k])
            rows += [(year, PROMISED, "retirement_subsidy", standard.sum()), (year, PROMISED, "retirement_star_topup", topup.sum())]
    rows += _accruing(world, scenario, valuation_year, years, P0)
    return pd.DataFrame(rows, columns=["year", "basis", "item", "yuan"])


def _accruing(world: World, scenario: Scenario, valuation_year: int, years: np.ndarray, P0) -> list[tuple]:
    """Current heads: contributions while in post, subsidies after they leave."""
    h = world.heads
    if len(h) == 0:
        return []
    has_stars = scenario.has("policy.stars")
    stars = h.stars.astype(float) if has_stars else np.zeros(len(h))
    age0 = (valuation_year - h.birth_year).astype(int)
    alive = survival(age0, h.sex, years.size, P0)
    last_in_post = np.maximum(valuation_year, h.birth_year.astype(int) + P0.behaviour.turnover.retirement_age)
    exit_month = MONTHS * (last_in_post - world.start_year) + MONTHS - 1
    served = eligibility.months_in_post(h.start_month, exit_month) / MONTHS
    eligible_from = np.maximum(last_in_post + 1, h.birth_year.astype(int) + P0.policy.retirement.min_age)
    rows = []
    for k, year in enumerate(years):
        P = scenario.params(year)
        in_post = (year <= last_in_post) * alive[:, k]
        base = P.policy.pension.base_contribution * in_post
        topup = incentives.pension_contribution(stars, 0.0, P.policy.pension.per_star) * in_post if has_stars else 0 * in_post
        standard, star_topup = _subsidies(scenario, year, age0 + k, served, eligible_from, stars, h.role, alive[:, k])
        rows += [(year, ACCRUING, "pension_contribution", base.sum()), (year, ACCRUING, "pension_star_topup", topup.sum()),
                 (year, ACCRUING, "retirement_subsidy", standard.sum()), (year, ACCRUING, "retirement_star_topup", star_topup.sum())]
    return rows


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
