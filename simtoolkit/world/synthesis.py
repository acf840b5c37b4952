"""Synthesis of a county's agent tables from `[population]` (and ability from `[behaviour]`)."""

from __future__ import annotations

import numpy as np

from simtoolkit.scenario import Scenario
from simtoolkit.scenario.errors import Problem, ScenarioError
from simtoolkit.streams import Streams

from simtoolkit.rules import roles
from . import persons
from .cadres import staff_posts
from .posts import own_posts
from .tables import RETIREE_DTYPES, Heads, Households, Members, Retirees, Townships, Villages, empty
from .world import World

MEMBER_CATEGORIES = "ABCDEF"


def synthesise(scenario: Scenario, streams: Streams) -> World:
    """Build every agent table for one replication."""
    year = scenario.value("run.start_year")
    P = scenario.params(year)
    rng = streams.rng("population", year)
    rows = township_rows(scenario, P, streams.rng("townships", year))
    townships = _townships(rows)
    villages = _villages(P, townships, rows, rng)
    heads = _heads(P, villages, rng, year)
    return populate(P, townships, villages, heads, rng, year)


def populate(P, townships: Townships, villages: Villages, heads: Heads, rng: np.random.Generator, year: int) -> World:
    """The World around its villages and heads (synthesised or from a roster): households, party members, no retirees."""
    as_grids = P.population.get("household_representation", "rows") == "grids"
    households = (_grid_households if as_grids else _households)(villages, P.population.grid_size_max)
    households.satisfaction[:] = P.behaviour.satisfaction.base  # households start as satisfied as usual service makes them
    members = _members(P, villages, heads, rng, year, first_id=len(heads) + 1)
    retirees = empty(Retirees, RETIREE_DTYPES)
    next_id = len(heads) + len(members) + 1
    posts = own_posts(P, villages, rng, year, next_id)  # drawn last: a world without own roles draws as before
    next_id += 0 if posts is None else len(posts)
    return World(townships, villages, heads, members, households, retirees, year, next_id=next_id, posts=posts)


def _townships(rows: list[dict]) -> Townships:
    """Townships in the order the scenario lists them."""
    return Townships(id=np.arange(len(rows), dtype=np.int32), name=np.array([r["name"] for r in rows], dtype=object))


def township_rows(scenario: Scenario, P, rng: np.random.Generator) -> list[dict]:
    """`generated_townships` rows with villages and communities dealt among them, else the townships table as written.

    Generated townships take precedence, so a province may extend a county's scenario and its table.
    """
    pop = P.population
    file = str(scenario.files[-1]) if scenario.files else "scenario"
    if not pop.has("generated_townships"):
        if not pop.has("townships"):
            raise ScenarioError([Problem(file, "population.townships", "give the townships table or population.generated_townships")])
        return pop.townships
    needed = ("generated_villages", "generated_communities", "township_size_shape")
    if missing := [Problem(file, f"population.{k}", "needed with population.generated_townships") for k in needed if not pop.has(k)]:
        raise ScenarioError(missing)
    n = pop.generated_townships
    # township sizes spread like a gamma; villages and communities are dealt by independent weights
    villages = _deal(rng, pop.generated_villages, n, pop.township_size_shape)
    communities = _deal(rng, pop.generated_communities, n, pop.township_size_shape)
    width = len(str(n))
    return [{"name": f"乡镇{i + 1:0{width}d}", "villages": int(v), "communities": int(c)} for i, (v, c) in enumerate(zip(villages, communities))]


def _deal(rng: np.random.Generator, total: int, n: int, shape: float) -> np.ndarray:
    """`total` items dealt over `n` groups by a multinomial draw with gamma-spread weights."""
    weights = rng.gamma(shape, 1.0, size=n)
    return rng.multinomial(total, weights / weights.sum())


def _gamma_counts(rng: np.random.Generator, means: np.ndarray, shape: float) -> np.ndarray:
    """Counts with the given means and a gamma spread (shape: larger = more equal), at least 1."""
    draws = rng.gamma(shape, 1.0, size=means.size) / shape
    return np.maximum(1, np.rint(means * draws)).astype(np.int32)


def _villages(P, townships: Townships, rows: list[dict], rng: np.random.Generator) -> Villages:
    """Villages then communities of each township, with sizes and endowment."""
    pop = P.population
    n_v = np.array([r["villages"] for r in rows], dtype=np.int64)
    n_c = np.array([r["communities"] for r in rows], dtype=np.int64)
    size = n_v + n_c
    township = np.repeat(townships.id, size).astype(np.int32)
    # within its township, an organisation is a community once past the township's villages
    community = np.arange(township.size) - np.repeat(np.cumsum(size) - size, size) >= np.repeat(n_v, size)
    n = township.size
    household_mean = np.where(community, pop.households_per_community, pop.households_per_village)
    member_mean = np.where(community, pop.members_per_community, pop.members_per_village)
    households = _gamma_counts(rng, household_mean, pop.household_count_shape)
    members = rng.poisson(member_mean).astype(np.int32)
    grids = np.maximum(1, -(-households // pop.grid_size_max)).astype(np.int32)
    endowment = rng.normal(0.0, pop.endowment_sd, n).astype(np.float32)
    return Villages(np.arange(n, dtype=np.int32), township, community, endowment, households, grids, members)


def _head_posts(P, villages: Villages, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(village, role) of every head post: one per organisation, two where the posts are separate."""
    pop = P.population
    village_ids = villages.id[~villages.community]
    if pop.villages_with_separate_director > village_ids.size:
        raise ValueError("population.villages_with_separate_director exceeds the number of villages")
    separate = rng.permutation(village_ids)[: pop.villages_with_separate_director]
    sent = separate[: pop.sent_secretaries]
    role = np.where(villages.community, roles.code("community_secretary"), roles.code("secretary_director")).astype(np.int8)
    role[separate] = roles.code("secretary")
    role[sent] = roles.code("sent_secretary")
    post_village = np.concatenate([villages.id, np.sort(separate)])
    post_role = np.concatenate([role, np.full(separate.size, roles.code("director"), np.int8)])
    if P.has("population.cadres"):  # deputies and clerks fill each village up to its full-time cadres
        staff_village, staff_role = staff_posts(post_village, villages.id.size, pop.cadres.per_village, pop.cadres.clerks_per_village)
        post_village, post_role = np.concatenate([post_village, staff_village]), np.concatenate([post_role, staff_role])
    order = np.lexsort((post_role, post_village))
    return post_village[order].astype(np.int32), post_role[order]


def _tenure_months(bands: list[dict], n: int, rng: np.random.Generator) -> np.ndarray:
    """Months in post at the first rating, drawn from the tenure bands."""
    shares = np.array([b["share"] for b in bands], dtype=float)
    band = rng.choice(len(bands), size=n, p=shares / shares.sum())
    low = np.array([b["from_years"] for b in bands])[band]
    high = np.array([b["to_years"] for b in bands])[band]
    return np.floor((low + (high - low) * rng.random(n)) * 12).astype(np.int32)


def _heads(P, villages: Villages, rng: np.random.Generator, year: int) -> Heads:
    """One head per post with age, sex, tenure, ability and motivation."""
    village, role = _head_posts(P, villages, rng)
    return heads_for(P, villages, village, role, rng, year, first_id=1)


def heads_for(P, villages: Villages, village: np.ndarray, role: np.ndarray, rng: np.random.Generator, year: int,
              first_id: int) -> Heads:
    """New heads for the posts (`village`, `role`): age, sex, tenure, ability and motivation drawn (`persons`), ids from
    `first_id` on; no stars, not rated."""
    pop, beh = P.population, P.behaviour.heads
    n = village.size
    age = persons.draw_age(rng, n, pop.head_age_mean, pop.head_age_sd, P)
    sex = persons.draw_female(rng, n, P).astype(np.int8)
    tenure_at_rating = _tenure_months(pop.tenure_bands, n, rng)
    # months are counted from January of the first year (month 0); the first rating is at month 12
    start_month = (12 - tenure_at_rating).astype(np.int32)
    ability, motivation = (v.astype(np.float32) for v in persons.draw_traits(rng, n, P))
    ability += persons.role_shift(role, P).astype(np.float32)
    zeros = np.zeros(n, np.float32)
    return Heads(
        id=np.arange(first_id, first_id + n, dtype=np.int64), village=village, township=villages.township[village], role=role,
        sex=sex, birth_year=(year - age).astype(np.int16), start_month=start_month, ability=ability,
        motivation=motivation, effort=np.full(n, beh.effort_initial, np.float32), stars=np.zeros(n, np.int8),
        rated=np.zeros(n, bool), grade=np.full(n, -1, np.int8), score=zeros.copy(), month_scores=zeros.copy(),
        months_scored=np.zeros(n, np.int16), quarter_score=zeros.copy(), quarter_rank=np.zeros(n, np.int16),
        mentored_until=np.zeros(n, np.int16), recruited=np.zeros(n, bool),
        service_before_break=np.zeros(n, np.int32), break_months=np.zeros(n, np.int32),
    )


def _households(villages: Villages, grid_size_max: int) -> Households:
    """Households of each village dealt round-robin into its grids (sizes differ by at most one), in grid order.

    Dealt round-robin and then sorted by grid, a village's rows are its grids in turn, each repeated by its size.
    """
    grid_village, size = _grid_sizes(villages)
    village = np.repeat(villages.id, villages.households.astype(np.int64)).astype(np.int32)
    grid = np.repeat(np.arange(grid_village.size, dtype=np.int32), size)
    return Households(village, grid, np.full(village.size, 0.5, np.float32))


def _grid_households(villages: Villages, grid_size_max: int) -> Households:
    """One row per grid standing for its households: the same round-robin grid sizes as `_households`."""
    village, size = _grid_sizes(villages)
    return Households(village.astype(np.int32), np.arange(village.size, dtype=np.int32), np.full(village.size, 0.5, np.float32),
                      size.astype(np.int32))


def _grid_sizes(villages: Villages) -> tuple[np.ndarray, np.ndarray]:
    """The village of every grid and how many households it has: the j-th of n grids gets the j-th of every n households."""
    grids, households = villages.grids.astype(np.int64), villages.households.astype(np.int64)
    village = np.repeat(villages.id, grids)
    j = np.arange(village.size) - np.repeat(np.cumsum(grids) - grids, grids)
    return village, np.repeat(households // grids, grids) + (j < np.repeat(households % grids, grids))


def _members(P, villages: Villages, heads: Heads, rng: np.random.Generator, year: int, first_id: int) -> Members:
    """Party members: the heads as category A, the rest drawn over categories B–F by share."""
    pop = P.population
    shares = {r["category"]: r["share"] for r in pop.member_shares}
    p = np.array([shares.get(c, 0.0) for c in MEMBER_CATEGORIES[1:]], dtype=float)
    others = villages.members
    village = np.concatenate([heads.village, np.repeat(villages.id, others)]).astype(np.int32)
    n_other = int(others.sum())
    category = np.concatenate([np.zeros(len(heads), np.int8), 1 + rng.choice(5, size=n_other, p=p / p.sum()).astype(np.int8)])
    age = np.clip(np.rint(rng.normal(pop.member_age_mean, pop.member_age_sd, n_other)), pop.member_age_min, None)
    birth_year = np.concatenate([heads.birth_year, (year - age).astype(np.int16)])
    sex = np.concatenate([heads.sex, (rng.random(n_other) < pop.member_female_share).astype(np.int8)])
    ids = np.concatenate([heads.id, np.arange(first_id, first_id + n_other, dtype=np.int64)])
    order = np.argsort(village, kind="stable")
    return Members(ids[order], village[order], category[order], birth_year[order], sex[order], np.zeros(village.size, np.float32))
