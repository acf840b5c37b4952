"""How persistent grades and stars are (issue 19): indicators that show the dynamics a scenario assumes —
the chance an excellent head is excellent again, and the chance a head at 0 stars stays there."""

from __future__ import annotations

import numpy as np

from simtoolkit.rules.grades import EXCELLENT

from .component import Component


def share_again(last: np.ndarray, now: np.ndarray, level: int, counted: np.ndarray) -> float:
    """Among `counted` slots at `level` last year, the share at `level` again now (0 when there are none)."""
    base = counted & (last == level)
    return float((now[base] == level).mean()) if base.any() else 0.0


class Persistence(Component):
    """P(excellent | excellent last year) and P(0 stars | 0 stars last year), for the same person each year."""

    order = 140  # after the year's rating and pay
    moments = ("year_report",)
    indicators = ("excellent_again", "zero_stars_stay")
    state = {"last_grade": ("int8", -1), "last_stars": ("int8", -1)}  # -1: none (a new holder, or not rated)

    def year_report(self, P, m: int) -> None:
        """Note this year's shares, then remember this year's grades and stars."""
        heads, slots = self.model.world.heads, self.model.slots
        graded = heads.grade >= 0
        self.note("excellent_again", share_again(slots.last_grade, heads.grade, EXCELLENT, graded))
        self.note("zero_stars_stay", share_again(slots.last_stars, heads.stars, 0, heads.rated))
        slots.last_grade = np.where(graded, heads.grade, -1).astype(np.int8)
        slots.last_stars = np.where(heads.rated, heads.stars, -1).astype(np.int8)
