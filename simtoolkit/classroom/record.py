"""What the model did to the trainees' heads: read off its tables and ledger, vectorised over the slots."""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import satisfaction
from simtoolkit.ledger import FEN_PER_YUAN
from simtoolkit.rules import differentiation, grades
from simtoolkit.rules.grouping import count_by, rank_within


def village_satisfaction(model) -> np.ndarray:
    """Every village's mean satisfaction now."""
    w = model.world
    return satisfaction.village_mean(w.households.satisfaction, w.households.village, len(w.villages), w.households.size)


def month_scores(model, slots: np.ndarray, before: np.ndarray) -> np.ndarray:
    """This month's quantitative score of each slot: the year's running total now less `before`."""
    return model.world.heads.month_scores[slots].astype(np.float64) - before


def quota_ranks(model, P) -> dict[str, np.ndarray]:
    """Every slot's rank in its grading group this year (1 = best), the group's size and its excellent places: from
    the year's record, as graded (before successors took vacated slots)."""
    h, k = model.history, model.year - model.start_year
    assessed = h.grade[k] >= 0
    group = differentiation.grading_groups(model.world.heads.township, model.head_category(), P)  # a slot's township and village stay
    rank = rank_within(group, [h.score[k], h.quantitative[k]], h.person[k], assessed) + 1
    n_groups = int(group.max()) + 1 if group.size else 0
    size = count_by(group, assessed, n_groups)
    return {"rank": rank, "size": size[group], "places": grades.excellent_quota(size, P.policy.grades.excellent_quota)[group]}


def year_outcome(model, P, slots: np.ndarray) -> list[dict]:
    """The year's score, grade, rank within the quota, stars and events of each slot (after the yearly cycle)."""
    heads, s = model.world.heads, model.slots
    k = model.year - model.start_year
    r = quota_ranks(model, P)
    negatives = getattr(s, "negatives", np.zeros(len(heads), np.int64))
    punished = getattr(s, "punished", np.zeros(len(heads), bool))
    left = model.history.person[k] != heads.id  # succeeded at the year's end
    return [{"year": model.year, "score": round(float(model.history.score[k, i]), 1), "grade": int(model.history.grade[k, i]),
             "rank": int(r["rank"][i]), "group_size": int(r["size"][i]), "excellent_places": int(r["places"][i]),
             "stars": int(model.history.stars[k, i]), "negatives": int(negatives[i]), "punished": bool(punished[i]),
             "left": bool(left[i])} for i in slots]


def pay_rows(ledger, start: int, persons: list[list[int]]) -> tuple[list[dict[tuple[int, str], int]], int]:
    """Fen booked to each seat's persons in the ledger's person rows from `start` on, by (year, item); the next start."""
    codes = ledger.item_codes
    owner = {p: seat for seat, ids in enumerate(persons) for p in ids}
    wanted = np.fromiter(owner, np.int64, len(owner))
    paid: list[dict[tuple[int, str], int]] = [{} for _ in persons]
    rows = ledger.persons
    for month, item, _, person, fen in rows[start:]:  # one row per booking, not per head
        hit = np.flatnonzero(np.isin(person, wanted) & (fen != 0))
        for j in hit:
            seat, key = owner[int(person[j])], (month // 12, codes[item])
            paid[seat][key] = paid[seat].get(key, 0) + int(fen[j])
    return paid, len(rows)


def county_year(model, trainees: np.ndarray) -> dict:
    """The county this year (after its cycle): yuan booked, heads by stars, and the model's own heads against the
    trainees' (mean score, share excellent, mean stars, mean pay)."""
    k, h = model.year - model.start_year, model.history
    rated = getattr(model.slots, "rated_now", h.grade[k] >= 0)
    played = np.zeros(h.grade.shape[1], bool)
    played[trainees] = True
    paid = paid_in_year(model.ledger, k, h.person[k])
    return {"year": model.year, "yuan": yuan(int(model.ledger.yearly[k].sum())),
            "stars": np.bincount(h.stars[k][rated].astype(np.int64)).tolist(),
            "trainee_stars": np.bincount(h.stars[k][trainees].astype(np.int64)).tolist(),
            "trainees": compare(h, k, paid, played), "model": compare(h, k, paid, ~played & (h.grade[k] >= 0))}


def compare(h, k: int, paid: np.ndarray, who: np.ndarray) -> dict:
    """Mean score, share excellent, mean stars and mean pay (yuan) of the slots `who` in year index `k`."""
    if not who.any():
        return {"score": None, "excellent": None, "stars": None, "pay": None}
    return {"score": round(float(h.score[k][who].mean()), 1), "excellent": round(float((h.grade[k][who] == grades.EXCELLENT).mean()), 3),
            "stars": round(float(h.stars[k][who].mean()), 2), "pay": round(float(paid[who].mean()) / FEN_PER_YUAN, 2)}


def paid_in_year(ledger, k: int, ids: np.ndarray) -> np.ndarray:
    """Fen booked in year index `k` to each of `ids` (the ledger's person rows)."""
    rows = [(p, f) for month, _, _, p, f in ledger.persons if month // 12 == k]
    if not rows:
        return np.zeros(len(ids), np.int64)
    person, fen = np.concatenate([p for p, _ in rows]), np.concatenate([f for _, f in rows])
    order = np.argsort(ids)
    where = np.searchsorted(ids, person, sorter=order)
    found = (where < len(ids)) & (ids[order[np.minimum(where, len(ids) - 1)]] == person)
    return np.bincount(order[where[found]], weights=fen[found], minlength=len(ids)).astype(np.int64)


def yuan(fen: int) -> float:
    """Fen as yuan."""
    return fen / FEN_PER_YUAN
