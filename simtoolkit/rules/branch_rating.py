"""Star ratings of village party organisations (村党组织星级评定, 星级村) and the one-off awards paid to the village for
each level first reached (博罗 2017: "晋星村的奖励应减去原星级所得的奖金"). Pure and vectorised over villages."""

from __future__ import annotations

import numpy as np

from .star_formula import by_bands


def branch_stars(value: np.ndarray, village: np.ndarray, counted: np.ndarray, villages: int) -> np.ndarray:
    """Each village's level: the highest `value` (stars) among its heads `counted` (0 where none is counted)."""
    level = np.zeros(villages, np.int64)
    np.maximum.at(level, village[counted], np.asarray(value, np.int64)[counted])
    return level


def stars_of_score(score: np.ndarray, rows) -> np.ndarray:
    """Stars of each score by the bands (each row from its `at_least` up to the next; the first row at 0)."""
    return by_bands(score, rows, "at_least")


def award_at(level: np.ndarray, rows) -> np.ndarray:
    """The award for a level by the table (rows one level apart, rising): below the first row nothing, above the last
    the last row's amount."""
    first = rows[0]["stars"]
    amounts = np.array([r["amount"] for r in rows], float)
    level = np.asarray(level, np.int64)
    return np.where(level < first, 0.0, amounts[np.clip(level - first, 0, len(rows) - 1)])


def award_due(level: np.ndarray, best: np.ndarray, rows) -> np.ndarray:
    """Paid once per level first reached: the award of the level reached less that of the best level already paid
    (nothing when staying or falling: the best level is kept, an award is never repaid)."""
    return np.maximum(award_at(level, rows) - award_at(best, rows), 0.0)
