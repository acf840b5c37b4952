"""First secretaries (第一书记) as agents: one row per post in a village or community, a new person each term.

Posts are drawn once, at the start of the run: a share of villages and of communities, a share
of posts full-time, each post with the origin (sending side) it is ranked in. A post keeps its
village, mode and origin; the person in it changes at the end of each term and on removal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .tables import Table, Villages


@dataclass
class FirstSecretaries(Table):
    """First-secretary posts and the person currently in each."""

    id: np.ndarray  # person id, new for each term
    village: np.ndarray
    township: np.ndarray
    community: np.ndarray  # bool: the post is in a community
    full_time: np.ndarray  # bool: 脱产驻村 (else 非脱产联村)
    origin: np.ndarray  # row of policy.first_secretary_posting.origins
    effort: np.ndarray  # 0..1
    term_until: np.ndarray  # last calendar year of the current term
    active: np.ndarray  # bool: someone holds the post
    days_in_village: np.ndarray  # this year's working days in the village (full-time)
    visits: np.ndarray  # this year's visits (part-time)


def chosen(candidates: np.ndarray, share: float, rng: np.random.Generator) -> np.ndarray:
    """round(share × candidates) of them, drawn at random (sorted)."""
    k = int(np.rint(share * candidates.size))
    return np.sort(rng.permutation(candidates)[:k])


def draw_effort(rng: np.random.Generator, n: int, mean: float, sd: float) -> np.ndarray:
    """Effort of newly posted first secretaries, clipped to 0..1."""
    return np.clip(rng.normal(mean, sd, n), 0.0, 1.0).astype(np.float32)


def post(villages: Villages, P, rng: np.random.Generator, year: int, new_ids) -> FirstSecretaries:
    """The posts of the first round: villages and communities chosen, modes and origins drawn."""
    fp, b = P.policy.first_secretary_posting, P.behaviour.first_secretary
    village = np.sort(np.concatenate([chosen(villages.id[~villages.community], fp.village_share, rng),
                                      chosen(villages.id[villages.community], fp.community_share, rng)])).astype(np.int32)
    n = village.size
    full_time = np.zeros(n, bool)
    full_time[chosen(np.arange(n), fp.full_time_share, rng)] = True
    shares = np.array([row["share"] for row in fp.origins], dtype=np.float64)
    origin = rng.choice(shares.size, size=n, p=shares / shares.sum()).astype(np.int8)
    term = np.where(full_time, fp.full_time_term_years, fp.part_time_term_years)
    return FirstSecretaries(
        id=new_ids(n), village=village, township=villages.township[village], community=villages.community[village],
        full_time=full_time, origin=origin, effort=draw_effort(rng, n, b.effort_mean, b.effort_sd),
        term_until=(year + term - 1).astype(np.int16), active=np.ones(n, bool),
        days_in_village=np.zeros(n, np.int16), visits=np.zeros(n, np.int16),
    )
