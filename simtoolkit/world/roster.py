"""A county's real roster: current heads and former heads read from CSV/XLSX into the World.

`--roster FILE` lists the heads in post (townships and villages come from it); `--retirees FILE`
lists former heads drawing (or due) the retirement subsidy. What a roster does not say —
households, party members, ability, motivation — is synthesised from `[population]` and
`[behaviour]` with the model's own streams, so a roster run is as reproducible as a synthetic one.
Personal names and the county's own ids are read but never copied into the agent tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from simtoolkit.errors import InputError
from simtoolkit.io.read_table import Column, header_key, read_table, write_template
from simtoolkit.rules import grades
from simtoolkit.scenario import Scenario
from simtoolkit.streams import Streams

from simtoolkit.rules import roles
from simtoolkit.world import persons
from .cadres import staff_posts
from .synthesis import _gamma_counts, heads_for, populate, synthesise
from .tables import Heads, Posts, Retirees, Townships, Villages
from .world import World

# Plausible ages of a head: village committee members must be adults (村民委员会组织法 第十三条: 年满十八周岁);
# nobody in post is older than 100. These check input, they are not policy.
AGE_MIN, AGE_MAX = 18, 100
EARLIEST_BIRTH_YEAR = 1900
SEX_WORDS = {"男": 0, "m": 0, "male": 0, "0": 0, "女": 1, "f": 1, "female": 1, "1": 1}
ROLE_SHORT = {"一肩挑": "secretary_director", "书记": "secretary", "村书记": "secretary", "主任": "director",
              "村主任": "director", "社区书记": "community_secretary", "选派书记": "sent_secretary"}
GRADE_WORDS = {"优秀": grades.EXCELLENT, "合格": grades.QUALIFIED, "称职": grades.QUALIFIED, "基本合格": grades.BASIC,
               "不合格": grades.UNQUALIFIED, **{name: code for code, name in enumerate(grades.NAMES)}}


def _role_lookup() -> dict[str, int]:
    """Every accepted spelling of a head role (code, zh and en labels, short Chinese) → role code."""
    lookup = {}
    for name in roles.HEAD_ROLES:
        for spelling in (name, roles.label(name, "zh"), roles.label(name, "en")):
            lookup[header_key(spelling)] = roles.code(name)
    lookup.update({header_key(k): roles.code(v) for k, v in ROLE_SHORT.items()})
    return lookup


ROLE_WORDS = _role_lookup()
ROLE_HINT = "use a code such as secretary_director, secretary, director, community_secretary, sent_secretary, or 一肩挑/书记/主任/社区书记/选派书记"


def own_role_words(scenario: Scenario) -> dict[str, int]:
    """Every accepted spelling of the scenario's own roles (policy.own_roles: code, zh and en labels) → run role code."""
    rows = scenario.values.get("policy.own_roles.roles", [])
    own = tuple(row["code"] for row in rows)
    return {header_key(spelling): roles.code(row["code"], own) for row in rows for spelling in (row["code"], row["zh"], row["en"])}


def _hint(scenario: Scenario) -> str:
    """The role hint, naming the scenario's own roles too."""
    own = [row["code"] for row in scenario.values.get("policy.own_roles.roles", [])]
    return ROLE_HINT + (f", or a role the scenario declares: {', '.join(own)}" if own else "")
SEX_HINT = "use 男/女 or M/F"


def head_columns(max_stars: int | None) -> list[Column]:
    """Columns of the heads roster (stars checked against the scenario's highest level)."""
    star_note = "the scenario's highest star level (policy.stars.maximum)"
    return [
        Column("id", "编号", "text", unique=True),
        Column("township", "乡镇", "text"),
        Column("village", "村(社区)", "text"),
        Column("role", "岗位", "text"),
        Column("age", "年龄", "integer", min=AGE_MIN, max=AGE_MAX, max_note="not a plausible age for a head in post"),
        Column("sex", "性别", "text"),
        Column("years_in_post", "任职年限", "number", min=0),
        Column("stars", "星级", "integer", min=0, max=max_stars, max_note=star_note),
        Column("name", "姓名", "text", required=False),
        Column("last_grade", "上年考核等次", "text", required=False),
        Column("years_before_break", "中断前任职年限", "number", required=False, min=0),
        Column("break_months", "任职中断月数", "integer", required=False, min=0),
    ]


def retiree_columns(max_stars: int | None, start_year: int) -> list[Column]:
    """Columns of the former-heads file."""
    return [
        Column("id", "编号", "text", unique=True),
        Column("township", "乡镇", "text"),
        Column("sex", "性别", "text"),
        Column("birth_year", "出生年份", "integer", min=EARLIEST_BIRTH_YEAR, max=start_year - AGE_MIN,
               max_note=f"a former head must have been at least {AGE_MIN} in {start_year}"),
        Column("stars_at_exit", "离任时星级", "integer", min=0, max=max_stars,
               max_note="the scenario's highest star level (policy.stars.maximum)"),
        Column("years_served", "任职年限", "number", min=0),
        Column("exit_year", "离任年份", "integer", min=EARLIEST_BIRTH_YEAR + AGE_MIN, max=start_year,
               max_note=f"former heads left before the first simulated year {start_year}"),
        Column("role", "岗位", "text", required=False),
        Column("name", "姓名", "text", required=False),
    ]


def _word_problems(frame: pd.DataFrame, column: str, words: dict, what: str, hint: str, optional: bool = False):
    """(row, column, message) for cells that are not one of the accepted words."""
    for row, value in frame[column].items():
        if optional and pd.isna(value):
            continue
        if header_key(value) not in words:
            yield row, column, f"unknown {what} '{value}' ({hint})"


def _head_checks(frame: pd.DataFrame, own_words: dict[str, int], hint: str):
    """Role codes (a head's, or a post of the scenario's own roles), sex, last grade, and years in post that fit the age."""
    yield from _word_problems(frame, "role", ROLE_WORDS | own_words, "role code", hint)
    yield from _word_problems(frame, "sex", SEX_WORDS, "sex", SEX_HINT)
    yield from _word_problems(frame, "last_grade", GRADE_WORDS, "grade", "use 优秀/合格/基本合格/不合格", optional=True)
    for row, years, age in zip(frame.index, frame["years_in_post"], frame["age"]):
        if years > age - AGE_MIN:
            yield row, "years_in_post", f"{years:g} years in post is implausible at age {age}"
    yield from _village_structure_problems(frame)
    yield from _posts_without_heads(frame, own_words)


def _posts_without_heads(frame: pd.DataFrame, own_words: dict[str, int]):
    """A holder of one of the scenario's own posts in a village the roster lists no head of (villages come from heads)."""
    keys = [header_key(r) for r in frame["role"]]
    headed = {(t, v) for t, v, k in zip(frame["township"], frame["village"], keys) if k in ROLE_WORDS}
    for row, township, village, key in zip(frame.index, frame["township"], frame["village"], keys):
        if key in own_words and (township, village) not in headed:
            yield row, "village", f"{township} {village} has no head in the roster: its posts come with its heads"


def _village_structure_problems(frame: pd.DataFrame):
    """One head structure per village, as synthesis builds them: one party secretary of any kind (一肩挑, village,
    community or sent), and a separate village director only beside a village or sent secretary."""
    secretaries = {roles.code(r) for r in roles.SECRETARY_ROLES}
    director, needs = roles.code("director"), {roles.code("secretary"), roles.code("sent_secretary")}
    known = frame.loc[np.array([header_key(r) in ROLE_WORDS for r in frame["role"]], bool)]
    for (township, village), rows in known.groupby(["township", "village"], sort=False):
        codes = [ROLE_WORDS[header_key(r)] for r in rows["role"]]
        first = {}
        for row, code in zip(rows.index, codes):
            kind = "secretary" if code in secretaries else code
            if kind in first:
                what = "party secretary" if kind == "secretary" else f"'{roles.CODES[code]}'"
                yield row, "role", f"{township} {village} already has a {what} (row {first[kind]}): one per village"
            else:
                first[kind] = row
        if director in codes and not needs & set(codes):
            row = rows.index[codes.index(director)]
            yield row, "role", (f"{township} {village} has a village director but no village or sent secretary "
                                "(where one person holds both posts, the role is secretary_director / 一肩挑)")


def _retiree_checks(frame: pd.DataFrame, own_words: dict[str, int], hint: str):
    """Sex, optional role (a head's or one of the scenario's own), exit after coming of age, years served that fit the
    age at exit."""
    yield from _word_problems(frame, "sex", SEX_WORDS, "sex", SEX_HINT)
    yield from _word_problems(frame, "role", ROLE_WORDS | own_words, "role code", hint, optional=True)
    for row, born, left, served in zip(frame.index, frame["birth_year"], frame["exit_year"], frame["years_served"]):
        if left - born < AGE_MIN:
            yield row, "exit_year", f"left office in {left} at age {left - born}, before coming of age"
        elif served > left - born - AGE_MIN:
            yield row, "years_served", f"{served:g} years served is implausible for someone born in {born} who left in {left}"


@dataclass(frozen=True)
class Roster:
    """Rows read from the county's files (either may be absent); indexes are spreadsheet rows."""

    heads: pd.DataFrame | None = None
    retirees: pd.DataFrame | None = None
    warnings: tuple[str, ...] = ()

    @property
    def given(self) -> bool:
        """True when any file was read."""
        return self.heads is not None or self.retirees is not None


def _max_stars(scenario: Scenario) -> int | None:
    """The highest star level in force at the start, or None when the scenario has no stars."""
    if not scenario.has("policy.stars"):
        return None
    return int(scenario.value("policy.stars.maximum", scenario.value("run.start_year")))


def read_roster(scenario: Scenario, roster: str | Path | None = None, retirees: str | Path | None = None) -> Roster:
    """Read and check both files completely (InputError lists every problem), before anything runs."""
    start, max_stars = scenario.value("run.start_year"), _max_stars(scenario)
    heads = former = None
    warnings: list[str] = []
    problems: list[str] = []
    own, hint = own_role_words(scenario), _hint(scenario)
    for path, columns, checks, slot in ((roster, head_columns(max_stars), [partial(_head_checks, own_words=own, hint=hint)], "heads"),
                                        (retirees, retiree_columns(max_stars, start), [partial(_retiree_checks, own_words=own, hint=hint)],
                                         "retirees")):
        if path is None:
            continue
        try:
            table = read_table(path, columns, checks=checks)
        except InputError as exc:
            problems.extend(exc.lines)
            continue
        if table.frame.empty:
            problems.append(f"{path}: has a header but no rows")
            continue
        warnings.extend(table.warnings)
        if slot == "heads":
            heads = table.frame
        else:
            former = table.frame
    if problems:
        raise InputError(problems)
    return Roster(heads, former, tuple(warnings))


def write_templates(folder: Path, lang: str) -> list[Path]:
    """Empty roster and retirees files (CSV and XLSX) with every column's header."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, columns in (("roster", head_columns(None)), ("retirees", retiree_columns(None, 2100))):
        for suffix in (".csv", ".xlsx"):
            path = folder / f"{stem}{suffix}"
            write_template(columns, path, lang)
            written.append(path)
    return written


def build_world(scenario: Scenario, streams: Streams, roster: Roster | None = None) -> World:
    """The World for one replication: from the roster where given, synthesised otherwise."""
    if roster is None or not roster.given:
        return synthesise(scenario, streams)
    world = synthesise(scenario, streams) if roster.heads is None else _world_from_heads(scenario, streams, roster.heads)
    if roster.retirees is not None:
        _add_retirees(world, roster.retirees, scenario)
    return world


def _codes(values: pd.Series, words: dict) -> np.ndarray:
    """Cells mapped through an accepted-words table."""
    return np.array([words[header_key(v)] for v in values])


def _world_from_heads(scenario: Scenario, streams: Streams, frame: pd.DataFrame) -> World:
    """Townships, villages and heads from the roster; households and members as a synthesised world has them (`populate`)."""
    year = scenario.value("run.start_year")
    P = scenario.params(year)
    rng = streams.rng("population", year)
    own = own_role_words(scenario)
    is_post = np.array([header_key(r) in own for r in frame["role"]], bool)
    frame, post_rows = frame[~is_post], frame[is_post]  # the holders of the scenario's own posts are not heads
    township_names = list(dict.fromkeys(frame["township"]))
    township = np.array([township_names.index(t) for t in frame["township"]], np.int32)
    role = _codes(frame["role"], ROLE_WORDS).astype(np.int8)
    village_keys = list(dict.fromkeys(zip(frame["township"], frame["village"])))
    village = np.array([village_keys.index(k) for k in zip(frame["township"], frame["village"])], np.int32)
    townships = Townships(np.arange(len(township_names), dtype=np.int32), np.array(township_names, dtype=object))
    villages = _villages(P, village, township, role, len(village_keys), rng)
    heads = _heads(P, scenario, frame, village, township, role, rng, year)
    if P.has("population.cadres"):  # the full-time cadres a village's rows do not list are synthesised, as without a roster
        c = P.population.cadres
        staff_village, staff_role = staff_posts(heads.village, len(village_keys), c.per_village, c.clerks_per_village)
        heads.append(**heads_for(P, villages, staff_village, staff_role, rng, year, first_id=len(heads) + 1).columns())
    world = populate(P, townships, villages, heads, rng, year)
    if len(post_rows):
        _listed_posts(world, post_rows, village_keys, own, year)
    return world


def _listed_posts(world: World, rows: pd.DataFrame, village_keys: list, own: dict[str, int], year: int) -> None:
    """The roster's holders of the scenario's own posts take the places of drawn ones, village by village and role by
    role (a village's declared posts the roster does not list stay drawn; more listed than declared are all kept)."""
    p = world.posts
    village = np.array([village_keys.index(k) for k in zip(rows["township"], rows["village"])], np.int32)
    role = _codes(rows["role"], own).astype(np.int8)
    drop = np.zeros(len(p), bool)
    for (v, r), listed in pd.Series(1, index=pd.MultiIndex.from_arrays([village, role])).groupby(level=[0, 1]).sum().items():
        drop[np.flatnonzero((p.village == v) & (p.role == r))[:listed]] = True
    n = len(rows)
    listed = Posts(id=world.new_ids(n), township=world.villages.township[village].astype(np.int32), village=village, role=role,
                   sex=_codes(rows["sex"], SEX_WORDS).astype(np.int8), birth_year=(year - rows["age"].to_numpy()).astype(np.int16),
                   start_month=-np.rint(rows["years_in_post"].to_numpy(float) * 12).astype(np.int32))
    world.posts = Posts(**{name: np.concatenate([col[~drop], listed.columns()[name]]) for name, col in p.columns().items()})


def _villages(P, head_village: np.ndarray, head_township: np.ndarray, role: np.ndarray, n: int, rng) -> Villages:
    """Villages of the roster; a village whose head is a community secretary is a community."""
    pop = P.population
    township = np.zeros(n, np.int32)
    township[head_village] = head_township
    community = np.zeros(n, bool)
    community[head_village[role == roles.code("community_secretary")]] = True
    households = _gamma_counts(rng, np.where(community, pop.households_per_community, pop.households_per_village), pop.household_count_shape)
    members = rng.poisson(np.where(community, pop.members_per_community, pop.members_per_village)).astype(np.int32)
    grids = np.maximum(1, -(-households // pop.grid_size_max)).astype(np.int32)
    endowment = rng.normal(0.0, pop.endowment_sd, n).astype(np.float32)
    return Villages(np.arange(n, dtype=np.int32), township, community, endowment, households, grids, members)


def _heads(P, scenario: Scenario, frame: pd.DataFrame, village, township, role, rng, year: int) -> Heads:
    """One head per roster row; ability and motivation drawn as in synthesis (`persons`)."""
    beh, n = P.behaviour.heads, len(frame)
    has_stars = scenario.has("policy.stars")
    stars = frame["stars"].to_numpy(np.int8) if has_stars else np.zeros(n, np.int8)
    grade = np.array([GRADE_WORDS[header_key(g)] if pd.notna(g) else grades.NONE for g in frame["last_grade"]], np.int8)
    # a head with stars, or graded last year, has been through the initial rating already
    rated = (stars > 0) | (grade != grades.NONE) if has_stars else np.zeros(n, bool)
    ability, motivation = (v.astype(np.float32) for v in persons.draw_traits(rng, n, P))
    ability += persons.role_shift(role, P).astype(np.float32)
    zeros = np.zeros(n, np.float32)
    return Heads(
        id=np.arange(1, n + 1, dtype=np.int64), village=village, township=township, role=role,
        sex=_codes(frame["sex"], SEX_WORDS).astype(np.int8), birth_year=(year - frame["age"].to_numpy()).astype(np.int16),
        # months count from January of the first year (month 0): years in post before it are negative months
        start_month=-np.rint(frame["years_in_post"].to_numpy(float) * 12).astype(np.int32), ability=ability,
        motivation=motivation, effort=np.full(n, beh.effort_initial, np.float32), stars=stars, rated=rated, grade=grade,
        score=zeros.copy(), month_scores=zeros.copy(), months_scored=np.zeros(n, np.int16), quarter_score=zeros.copy(),
        quarter_rank=np.zeros(n, np.int16), mentored_until=np.zeros(n, np.int16), recruited=np.zeros(n, bool),
        service_before_break=np.rint(frame["years_before_break"].fillna(0).to_numpy(float) * 12).astype(np.int32),
        break_months=frame["break_months"].fillna(0).to_numpy(float).astype(np.int32),
    )


def _add_retirees(world: World, frame: pd.DataFrame, scenario: Scenario) -> None:
    """Former heads into the retirees table; a township only they name is added to the county."""
    names = world.township_names()
    for name in dict.fromkeys(frame["township"]):
        if name not in names:
            names.append(name)
    world.townships = Townships(np.arange(len(names), dtype=np.int32), np.array(names, dtype=object))
    n = len(frame)
    # without a role column a former head counts as a village party secretary (an assumption, docs/budget.md)
    words = ROLE_WORDS | own_role_words(scenario)  # a former holder of one of the scenario's own posts too
    role = np.array([words[header_key(r)] if pd.notna(r) else roles.code("secretary") for r in frame["role"]], np.int8)
    stars = frame["stars_at_exit"].to_numpy(np.int8) if scenario.has("policy.stars") else np.zeros(n, np.int8)
    world.retirees = Retirees(
        id=world.new_ids(n), township=np.array([names.index(t) for t in frame["township"]], np.int32),
        village=np.full(n, -1, np.int32), role=role, sex=_codes(frame["sex"], SEX_WORDS).astype(np.int8),
        birth_year=frame["birth_year"].to_numpy(np.int16), stars_at_exit=stars,
        years_served=frame["years_served"].to_numpy(np.float32), exit_year=frame["exit_year"].to_numpy(np.int16),
        alive=np.ones(n, bool), left_normally=np.ones(n, bool),  # former heads listed left normally (docs/budget.md)
    )
