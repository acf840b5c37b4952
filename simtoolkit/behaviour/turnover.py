"""Turnover of heads (retirement, elections, dismissal) and mortality of retirees."""

from __future__ import annotations

import numpy as np

from simtoolkit.rules.grades import BASIC

from simtoolkit.world.lifetable import read_life_table


def dismissed(punished, low_streak, P) -> np.ndarray:
    """Dismissed for cause at the end of the year: after punishment, or after `dismiss_after_low_grades` years in a row
    graded basically qualified or lower (`low_streak` counts this year): the one rule the turnover, the exit audit and
    the effort choice (on next year's outcomes) read."""
    t = P.behaviour.turnover
    out = np.logical_and(punished, bool(t.dismiss_on_punishment))
    if t.dismiss_after_low_grades > 0:
        out = out | (low_streak >= t.dismiss_after_low_grades)
    return out


def leaving(age, punished, low_streak, election_draw, is_election_year: bool, P) -> np.ndarray:
    """Heads who leave office at the end of the year: by age, punishment, repeated low grades, or losing an election."""
    t = P.behaviour.turnover
    out = (age >= t.retirement_age) | dismissed(punished, low_streak, P)
    if is_election_year:
        out |= election_draw < t.election_loss_rate
    return out


def low_grade_streak(streak: np.ndarray, grade: np.ndarray) -> np.ndarray:
    """Consecutive years graded basically qualified or lower: +1 on a low grade, back to 0 on a better one, kept when not graded."""
    low = grade >= BASIC
    return np.where(low, streak + 1, np.where(grade >= 0, 0, streak)).astype(streak.dtype)


def is_election_year(year: int, P) -> bool:
    """Whether village elections are held this year."""
    t = P.behaviour.turnover
    return year >= t.next_election_year and (year - t.next_election_year) % t.election_cycle == 0


def mortality(age: np.ndarray, sex: np.ndarray, P) -> np.ndarray:
    """Yearly death probability by age and sex: the scenario's life table, scaled by mortality_ratio."""
    t = P.behaviour.turnover
    q = read_life_table(t.life_table).death_probability(age, sex) * t.mortality_ratio
    return np.clip(q, 0.0, 1.0)
