"""A new head as a person: the draws synthesis, a roster's missing columns and succession all make (one factory).

Each function draws over every slot it is given (common random numbers: a reform that changes who succeeds keeps
every other draw aligned); callers draw in their own order from their own named stream.
"""

from __future__ import annotations

import numpy as np

from simtoolkit.rules import roles


def draw_age(rng: np.random.Generator, n: int, mean: float, sd: float, P) -> np.ndarray:
    """Ages in whole years, normal around `mean`, within the population's head ages."""
    return np.clip(np.rint(rng.normal(mean, sd, n)), P.population.head_age_min, P.population.head_age_max)


def draw_female(rng: np.random.Generator, n: int, P) -> np.ndarray:
    """Whether each new head is a woman, at the population's share."""
    return rng.random(n) < P.population.head_female_share


def draw_traits(rng: np.random.Generator, n: int, P) -> tuple[np.ndarray, np.ndarray]:
    """Latent ability (score points) and public-service motivation (yuan) of new heads, before any role's shift."""
    b = P.behaviour.heads
    return rng.normal(0.0, b.ability_sd, n), rng.normal(0.0, b.motivation_sd, n)


def role_shift(role: np.ndarray, P) -> np.ndarray:
    """The ability shift of a head's role (directors differ from secretaries: `director_ability_shift`)."""
    return np.where(role == roles.code("director"), P.behaviour.heads.director_ability_shift, 0.0)
