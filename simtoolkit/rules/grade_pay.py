"""An amount by the year's grade (docs/cookbook.md, Recipe 11): the table's amount for the grade, multiplied where a
condition holds, less deductions where one holds, never below the floor. Pure and vectorised: every column may be
heads or heads × outcomes."""

from __future__ import annotations

import numpy as np

from .grades import NAMES as GRADE_NAMES
from .star_formula import condition, with_grades


def by_grade(grade, rows) -> np.ndarray:
    """The table's amount for each grade code (no grade: nothing)."""
    table = np.zeros(len(GRADE_NAMES) + 1)  # the last place is grade code −1 (none)
    for r in rows:
        table[GRADE_NAMES.index(r["grade"])] = r["amount"]
    return table[np.asarray(grade)]


def amount(G, columns: dict) -> np.ndarray:
    """The year's pay by grade: the table's amount × each multiplier whose condition holds, − each deduction whose
    condition holds, at least the floor (a head without a grade is paid nothing)."""
    named = with_grades(columns)
    pay = by_grade(columns["grade"], G.table)
    for r in G.get("multipliers") or []:
        pay = pay * np.where(condition(r["when"])(named), r["factor"], 1.0)
    for r in G.get("deductions") or []:
        pay = pay - r["amount"] * condition(r["when"])(named)
    return np.where(np.asarray(columns["grade"]) >= 0, np.maximum(pay, G.get("floor", 0.0)), 0.0)
