"""Turnover of heads (retirement, elections, dismissal) and mortality of retirees."""

from __future__ import annotations

import numpy as np

from simtoolkit.budget.lifetable import read_life_table


def leaving(age, punished, election_draw, is_election_year: bool, P) -> np.ndarray:
    """Heads who leave office at the end of the year: by age, by punishment, or losing an election."""
    t = P.behaviour.turnover
    out = age >= t.retirement_age
    if t.dismiss_on_punishment:
        out |= punished
    if is_election_year:
        out |= election_draw < t.election_loss_rate
    return out


def is_election_year(year: int, P) -> bool:
    """Whether village elections are held this year."""
    t = P.behaviour.turnover
    return year >= t.next_election_year and (year - t.next_election_year) % t.election_cycle == 0


def mortality(age: np.ndarray, sex: np.ndarray, P) -> np.ndarray:
    """Yearly death probability by age and sex: the scenario's life table, scaled by mortality_ratio."""
    t = P.behaviour.turnover
    q = read_life_table(t.life_table).death_probability(age, sex) * t.mortality_ratio
    return np.clip(q, 0.0, 1.0)
