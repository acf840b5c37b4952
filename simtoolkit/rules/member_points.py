"""Party-member points (党员积分制, RULES.md §E.2): deductions for duties missed, additions for acts.

Each row of a list is one item for one category (A–F); a member's points are the base plus the
year's additions less its deductions.
"""

from __future__ import annotations

import numpy as np

CATEGORIES = "ABCDEF"


def by_category(rows: list[dict], name: str) -> np.ndarray:
    """Categories × rows: the row's `name` value in its own category's line, 0 elsewhere."""
    table = np.zeros((len(CATEGORIES), len(rows)))
    for i, row in enumerate(rows):  # a parameter table of a few dozen rows, read once
        table[CATEGORIES.index(row["category"]), i] = row[name]
    return table


def category_rates(rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """(share of duties done, acts a year) for categories A–F; a category without a row misses nothing and does nothing."""
    duty, acts = np.ones(len(CATEGORIES)), np.zeros(len(CATEGORIES))
    for row in rows:  # the last row for a category counts
        k = CATEGORIES.index(row["category"])
        duty[k], acts[k] = row["duty_rate"] / 100.0, row["acts_per_year"]  # written in percent
    return duty, acts


def deductions(missed: np.ndarray, deduction_each: np.ndarray) -> np.ndarray:
    """Points lost (members × duties → members): occasions missed × points each."""
    return (missed * deduction_each).sum(axis=1)


def additions(acts: np.ndarray, points_each: np.ndarray) -> np.ndarray:
    """Points gained (members × items → members): acts × points each."""
    return (acts * points_each).sum(axis=1)
