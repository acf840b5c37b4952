"""Party-member points (党员积分制, RULES.md §E.2): deductions for duties missed, additions for acts.

Items apply to the categories whose letters they list (A–F); a member's points are the base plus
the year's additions less its deductions.
"""

from __future__ import annotations

import numpy as np

from simtoolkit.scenario.errors import Problem, ScenarioError

CATEGORIES = "ABCDEF"


def category_letters(rows: list[dict], key: str, file: str) -> list[str]:
    """Each row's category letters, or a ScenarioError naming the row when a letter is not A–F."""
    problems = []
    for i, row in enumerate(rows):
        bad = sorted(set(row["categories"]) - set(CATEGORIES))
        if bad or not row["categories"]:
            problems.append(Problem(file, f"{key}[{i}].categories", f"expected letters among {CATEGORIES}, got {row['categories']!r}"))
    if problems:
        raise ScenarioError(problems)
    return [row["categories"] for row in rows]


def category_rates(rows: list[dict], key: str, file: str) -> tuple[np.ndarray, np.ndarray]:
    """(share of duties done, acts a year) for categories A–F in order; every category must have one row."""
    by_category = {row["category"]: row for row in rows}
    missing = [c for c in CATEGORIES if c not in by_category]
    if missing or len(rows) != len(CATEGORIES):
        raise ScenarioError([Problem(file, key, f"needs exactly one row for each category {CATEGORIES}; missing {''.join(missing) or 'none'}, rows {len(rows)}")])
    duty = np.array([by_category[c]["duty_rate"] for c in CATEGORIES]) / 100.0  # written in percent
    acts = np.array([by_category[c]["acts_per_year"] for c in CATEGORIES], dtype=np.float64)
    return duty, acts


def applies(letters: list[str]) -> np.ndarray:
    """Categories × items: True where the item applies to the category."""
    return np.array([[c in text for text in letters] for c in CATEGORIES], dtype=bool).reshape(len(CATEGORIES), len(letters))


def deductions(missed: np.ndarray, deduction_each: np.ndarray) -> np.ndarray:
    """Points lost (members × duties → members): occasions missed × points each."""
    return missed @ deduction_each


def additions(acts: np.ndarray, points_each: np.ndarray) -> np.ndarray:
    """Points gained (members × items → members): acts × points each."""
    return acts @ points_each
