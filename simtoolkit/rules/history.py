"""A head's record of ratings in the post (issue 18 §3): last year's grade and score, a drop against last year,
consecutive years at a grade, years at each grade — as names a county's own conditions may use. Pure and vectorised:
the record is per head, this year's grade may be heads or heads × outcomes."""

from __future__ import annotations

import numpy as np

from .grades import NAMES as GRADE_NAMES

YEARS = tuple(f"years_{name}" for name in GRADE_NAMES)  # years at each grade in the post
CYCLE = tuple(f"cycle_{name}" for name in GRADE_NAMES)  # years at each grade since the last rating (policy.rating_cycle)
# The record kept per head besides last year's grade (dtype, value for a new holder): no score, streak or years yet.
# Last year's grade (`last_grade`, −1: none) is the rating's memory of the year before, kept by `rulebook/persistence.py`.
RECORD = {"last_score": ("float32", 0.0), "streak": ("int16", 0), **{n: ("int16", 0) for n in YEARS + CYCLE}}
# The names the record gives a condition, each one value per head at the rating (docs/cookbook.md, Recipe 9).
NAMES = ("last_score", "grade_fell", "grade_rose", "streak", *(f"last_{name}" for name in GRADE_NAMES), *YEARS, *CYCLE)


def seen(record: dict, grade) -> dict[str, np.ndarray]:
    """The record as a condition reads it at this year's rating with this year's `grade`: last year's grade
    (`last_<grade>`) and score, whether the grade fell or rose against last year's, the consecutive years at this
    year's grade and the years at each grade in the post, both counting this year. `record`: `RECORD`'s columns as
    they stood before this year, and `last_grade` (per head, shaped to broadcast against `grade`)."""
    last, graded = record["last_grade"], grade >= 0
    before = last >= 0
    names = {"last_score": record["last_score"],
             "grade_fell": graded & before & (grade > last),  # a higher code is a worse grade
             "grade_rose": graded & before & (grade < last),
             "streak": np.where(graded, np.where(grade == last, record["streak"] + 1, 1), 0)}
    for code, name in enumerate(GRADE_NAMES):
        names[f"last_{name}"] = last == code
        names[f"years_{name}"] = record[f"years_{name}"] + (grade == code)
        names[f"cycle_{name}"] = record[f"cycle_{name}"] + (grade == code)
    return names


def advance(record: dict, grade, score, rated_this_year: bool = True) -> None:
    """This year's rating into the record, in place (`seen` read once more): the streak and years of the heads graded
    this year, last year's score for the next (0: none); the years since the last rating start again after a year with a
    rating (`rated_this_year`). Last year's grade moves on with the year's report (`persistence.py`), after every rule
    of this year's rating has read it."""
    graded = grade >= 0
    now = seen(record, grade)
    record["streak"][:] = np.where(graded, now["streak"], record["streak"])
    for name in YEARS:
        record[name][:] = now[name]  # an ungraded head adds to no grade
    for name in CYCLE:
        record[name][:] = 0 if rated_this_year else now[name]
    record["last_score"][:] = np.where(graded, score, 0.0)
