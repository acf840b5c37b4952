"""Base stars from points (科学设星, RULES.md §B.1): annual assessment + years in post + awards, against thresholds.

A general "points" star mode: each indicator gives points, the points reached decide the stars,
and the yearly dynamic adjustment recomputes them (optionally moving at most a few stars a year).
"""

from __future__ import annotations

import numpy as np

from .grades import NONE


def grade_points(grades: np.ndarray, points_by_grade) -> np.ndarray:
    """年度考核: points for this year's grade (excellent, qualified, basic, unqualified); none when not graded."""
    table = np.append(np.asarray(points_by_grade, dtype=np.float64), 0.0)
    return table[np.where(grades == NONE, len(table) - 1, grades)]


def tenure_points(months_in_post: np.ndarray, years_per_point: float, maximum: float) -> np.ndarray:
    """任职年限: one point per full `years_per_point` years in post, at most `maximum`."""
    whole = np.floor(np.maximum(months_in_post, 0) / (12.0 * years_per_point) + 1e-9)
    return np.minimum(whole, maximum)


def award_points(awards: np.ndarray, per_award: float, maximum: float) -> np.ndarray:
    """奖励情况: points per award held, at most `maximum`."""
    return np.minimum(awards * per_award, maximum)


def draw_awards(draws: np.ndarray, grades: np.ndarray, chance_by_grade) -> np.ndarray:
    """Who wins an award this year: a uniform draw per slot under the chance for its grade (none when not graded)."""
    chance = np.append(np.asarray(chance_by_grade, dtype=np.float64), 0.0)
    return draws < chance[np.where(grades == NONE, len(chance) - 1, grades)]


def stars_from_points(points: np.ndarray, thresholds, maximum: int) -> np.ndarray:
    """设置基础星级: the number of thresholds the points reach, at most `maximum`."""
    reached = (points[:, None] >= np.asarray(thresholds, dtype=np.float64)[None, :] - 1e-9).sum(axis=1)
    return np.minimum(reached, maximum).astype(np.int64)


def limit_change(previous: np.ndarray, target: np.ndarray, max_change: int) -> np.ndarray:
    """年度动态调整: move from last year's stars towards the target by at most `max_change` (0: no limit)."""
    if max_change <= 0:
        return target
    return previous + np.clip(target - previous, -max_change, max_change)


def propose(grades, months_in_post, awards, previous, first, removed, senior, sp, maximum: int) -> np.ndarray:
    """Proposed stars: points → base stars (limited change for heads rated before), plus the long-record
    addition, minus removals (which the limit never softens), within [0, maximum]."""
    points = (grade_points(grades, sp.grade_points) + tenure_points(months_in_post, sp.years_per_point, sp.years_points_max)
              + award_points(awards, sp.points_per_award, sp.award_points_max))
    base = stars_from_points(points, sp.thresholds, maximum) + senior
    moved = np.where(first, base, limit_change(previous.astype(np.int64), base, sp.max_change))
    return np.clip(moved - removed, 0, maximum).astype(np.int8)


def prior_awards(scenario, start_month: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Awards the heads in post at the start already hold: Poisson with a mean per year in post before the run."""
    rate = scenario.value("policy.star_points.prior_award_rate") if scenario.has("policy.star_points") else 0.0
    years_before = np.maximum(-start_month, 0) / 12.0
    return rng.poisson(rate * years_before).astype(np.int64)
