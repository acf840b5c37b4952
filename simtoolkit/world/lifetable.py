"""Life tables: yearly probabilities of death q(x) by single age and sex, shipped as data files.

A table is a CSV in `data/` with `#` lines naming its source, then `age,male,female` for every
age from 0 to the last (where q = 1). The simulation (`behaviour.turnover.mortality`) and the
liabilities read the same table, so both see the same deaths.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from scipy.optimize import brentq

DATA_DIR = Path(__file__).parent / "data"
MALE, FEMALE = 0, 1  # the Heads/Retirees `sex` codes


@dataclass(frozen=True)
class LifeTable:
    """q[sex, age]: probability that a person of that exact age dies within the year."""

    name: str
    q: np.ndarray
    source: tuple[str, ...]

    @property
    def last_age(self) -> int:
        """The oldest age in the table (its q is 1)."""
        return self.q.shape[1] - 1

    def death_probability(self, age: np.ndarray, sex: np.ndarray) -> np.ndarray:
        """q by age and sex; ages beyond the table take its last row, below 0 its first."""
        index = np.clip(np.asarray(age, dtype=np.int64), 0, self.last_age)
        return self.q[np.asarray(sex, dtype=np.int64), index]


def table_path(name: str) -> Path:
    """The file of a shipped table."""
    return DATA_DIR / f"{name}.csv"


@cache
def read_life_table(name: str) -> LifeTable:
    """Read a shipped table once (`#` lines are its source note)."""
    source, rows = [], []
    with table_path(name).open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                source.append(line[1:].strip())
            else:
                rows.append(line)
    records = list(csv.DictReader(rows))
    ages = np.array([int(r["age"]) for r in records])
    if not np.array_equal(ages, np.arange(ages.size)):
        raise ValueError(f"{table_path(name)}: ages must run 0, 1, 2, … without gaps")
    q = np.array([[float(r["male"]) for r in records], [float(r["female"]) for r in records]])
    return LifeTable(name, q, tuple(source))


def life_expectancy(q: np.ndarray) -> float:
    """Complete life expectancy at the table's first age (deaths mid-year on average)."""
    alive = np.concatenate([[1.0], np.cumprod(1.0 - q)])
    return float(((alive[:-1] + alive[1:]) / 2.0).sum())


def gompertz_makeham(makeham: float, level: float, slope: float, last_age: int) -> np.ndarray:
    """q(x) from the hazard A + B·e^(b·x) integrated over each year of age; the last age closes the table."""
    x = np.arange(last_age + 1, dtype=float)
    hazard = makeham + level / slope * (np.exp(slope * (x + 1.0)) - np.exp(slope * x))
    q = 1.0 - np.exp(-hazard)
    q[-1] = 1.0
    return q


def fit_gompertz_makeham(makeham: float, slope: float, e0: float, last_age: int) -> np.ndarray:
    """The Gompertz–Makeham q(x) whose life expectancy at birth is `e0` (level B solved)."""
    level = brentq(lambda b: life_expectancy(gompertz_makeham(makeham, b, slope, last_age)) - e0, 1e-12, 1.0)
    return gompertz_makeham(makeham, level, slope, last_age)


def write_life_table(path: Path, male: np.ndarray, female: np.ndarray, source: list[str]) -> None:
    """Write a table in the shipped format: source lines, then age,male,female."""
    lines = [f"# {s}" for s in source] + ["age,male,female"]
    lines += [f"{age},{m:.8f},{f:.8f}" for age, (m, f) in enumerate(zip(male, female))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
