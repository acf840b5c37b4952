"""How persistent grades and stars are (issue 19): indicators that show the dynamics a scenario assumes —
the chance an excellent head is excellent again, the chance a head at 0 stars stays there, and the shares of heads
whose stars rose or fell since last year."""

from __future__ import annotations

import numpy as np

from simtoolkit.rules.grades import EXCELLENT

from .component import Component


def share_again(last: np.ndarray, now: np.ndarray, level: int, counted: np.ndarray) -> float:
    """Among `counted` slots at `level` last year, the share at `level` again now (0 when there are none)."""
    base = counted & (last == level)
    return float((now[base] == level).mean()) if base.any() else 0.0


def shares_moved(last: np.ndarray, now: np.ndarray, counted: np.ndarray) -> tuple[float, float]:
    """Among `counted` slots with stars last year (≥ 0), the shares whose stars rose and fell (0, 0 when none)."""
    base = counted & (last >= 0)
    if not base.any():
        return 0.0, 0.0
    change = now[base].astype(np.int64) - last[base]
    return float((change > 0).mean()), float((change < 0).mean())


class Persistence(Component):
    """P(excellent | excellent last year), P(0 stars | 0 stars last year) and the shares of heads whose stars rose or
    fell, for the same person each year."""

    order = 140  # after the year's rating and pay
    moments = ("year_report",)
    indicators = ("excellent_again", "zero_stars_stay", "stars_rose", "stars_fell")
    state = {"last_grade": ("int8", -1), "last_stars": ("int8", -1)}  # -1: none (a new holder, or not rated)

    def year_report(self, P, m: int) -> None:
        """Note this year's shares, then remember this year's grades and stars."""
        heads, slots = self.model.world.heads, self.model.slots
        graded = heads.grade >= 0
        self.note("excellent_again", share_again(slots.last_grade, heads.grade, EXCELLENT, graded))
        self.note("zero_stars_stay", share_again(slots.last_stars, heads.stars, 0, heads.rated))
        rose, fell = shares_moved(slots.last_stars, heads.stars, heads.rated)
        self.note("stars_rose", rose)
        self.note("stars_fell", fell)
        slots.last_grade = np.where(graded, heads.grade, -1).astype(np.int8)
        slots.last_stars = np.where(heads.rated, heads.stars, -1).astype(np.int8)
