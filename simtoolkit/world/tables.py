"""Columnar agent tables: each population is equal-length numpy columns, one row per agent slot.

Heads occupy posts: a successor takes the slot of the head who left, so per-slot random
streams stay aligned across scenarios. Retirees and other growing tables append rows.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache

import numpy as np


@cache
def _first_field(table_type: type) -> str:
    """The name of a table type's first column (looked up once: `len` runs many times a month)."""
    return fields(table_type)[0].name


class Table:
    """Base of the agent tables: dataclass fields are numpy columns of equal length."""

    def __len__(self) -> int:
        return len(getattr(self, _first_field(type(self))))

    def columns(self) -> dict[str, np.ndarray]:
        """Name → column."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def append(self, **values: np.ndarray) -> None:
        """Append rows; every column must be given."""
        names = {f.name for f in fields(self)}
        if set(values) != names:
            raise ValueError(f"append needs exactly {sorted(names)}")
        for name, value in values.items():
            column = getattr(self, name)
            setattr(self, name, np.concatenate([column, np.asarray(value, dtype=column.dtype)]))

    def row(self, index: int) -> dict:
        """One row as a plain dict (for views and inspection)."""
        return {name: col[index].item() for name, col in self.columns().items()}


@dataclass
class Townships(Table):
    """Townships: names and the rank of each in the county."""

    id: np.ndarray
    name: np.ndarray  # object array of str


@dataclass
class Villages(Table):
    """Villages and communities (one party organisation each)."""

    id: np.ndarray
    township: np.ndarray
    community: np.ndarray  # bool: a community rather than a village
    endowment: np.ndarray  # resource endowment, score points around 0
    households: np.ndarray  # number of households
    grids: np.ndarray  # number of grids
    members: np.ndarray  # number of party members


@dataclass
class Heads(Table):
    """Heads in the star system (secretaries, directors …): one row per post."""

    id: np.ndarray  # person id, new on succession
    village: np.ndarray
    township: np.ndarray
    role: np.ndarray
    sex: np.ndarray  # 0 male, 1 female
    birth_year: np.ndarray
    start_month: np.ndarray  # month index when this person took the post (negative: before the run)
    ability: np.ndarray
    motivation: np.ndarray
    effort: np.ndarray
    stars: np.ndarray
    rated: np.ndarray  # bool: has received a star rating
    grade: np.ndarray  # last annual grade code, -1 none
    score: np.ndarray  # last annual weighted score
    month_scores: np.ndarray  # sum of this year's monthly quantitative totals
    months_scored: np.ndarray
    quarter_score: np.ndarray  # this quarter's sum of monthly totals
    quarter_rank: np.ndarray  # rank within township last quarter (1 = best)
    mentored_until: np.ndarray  # year until which mentoring applies (0 none)
    recruited: np.ndarray  # bool: recruited into a township public-institution post
    service_before_break: np.ndarray  # months served in the post before a break in it (a roster's; 0: none)
    break_months: np.ndarray  # months that break lasted


@dataclass
class Members(Table):
    """Party members (categories A–F as 0–5)."""

    id: np.ndarray
    village: np.ndarray
    category: np.ndarray
    birth_year: np.ndarray
    sex: np.ndarray
    points: np.ndarray


@dataclass
class Households(Table):
    """Households, sorted by village then grid; in the grid representation one row per grid (docs/scale.md)."""

    village: np.ndarray
    grid: np.ndarray  # grid number within the county
    satisfaction: np.ndarray  # 0..1 (a grid row: the mean over its households)
    size: np.ndarray | None = None  # households a row stands for; None: one row per household

    def mean_satisfaction(self) -> float:
        """Mean satisfaction over households (a grid row counts once per household)."""
        if self.size is None:
            return float(self.satisfaction.mean())
        return float(np.average(self.satisfaction, weights=self.size))


@dataclass
class Retirees(Table):
    """Former heads: the retirement subsidy is paid to those alive and eligible."""

    id: np.ndarray
    township: np.ndarray
    village: np.ndarray
    role: np.ndarray
    sex: np.ndarray
    birth_year: np.ndarray
    stars_at_exit: np.ndarray
    years_served: np.ndarray
    exit_year: np.ndarray
    alive: np.ndarray
    left_normally: np.ndarray  # bool: not removed for cause, no audit finding (the exit subsidy's condition)


@dataclass
class Posts(Table):
    """Holders of the scenario's own paid posts (policy.own_roles: an accountant in each village): paid, not rated; on
    leaving they join the retirees with their role and years served, and a successor takes the slot."""

    id: np.ndarray
    township: np.ndarray
    village: np.ndarray
    role: np.ndarray  # a run's role code (after the shared roles: `roles.run_codes`)
    sex: np.ndarray
    birth_year: np.ndarray
    start_month: np.ndarray  # month index when this person took the post (negative: before the run)


def empty(cls: type[Table], dtypes: dict[str, str]) -> Table:
    """An empty table with the given column dtypes."""
    return cls(**{name: np.zeros(0, dtype=dtype) for name, dtype in dtypes.items()})


RETIREE_DTYPES = {
    "id": "int64", "township": "int32", "village": "int32", "role": "int8", "sex": "int8",
    "birth_year": "int16", "stars_at_exit": "int8", "years_served": "float32", "exit_year": "int16", "alive": "bool",
    "left_normally": "bool",
}

POST_DTYPES = {"id": "int64", "township": "int32", "village": "int32", "role": "int8", "sex": "int8", "birth_year": "int16",
               "start_month": "int32"}
