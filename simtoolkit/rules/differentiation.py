"""Differentiated assessment (RULES.md §B.4): a common part for every village and an individual part by village category.

Villages fall into categories by resource endowment (percentile cut points). The individual part of
the quantitative score is measured against the category's own level — a head's score minus the
mean of the heads in villages of the same category, plus the county mean — so a poor village is
not held to a rich village's targets. Grading can also apply the excellent cap within each category.
"""

from __future__ import annotations

import numpy as np


def categories(endowment: np.ndarray, cuts, ids: np.ndarray) -> np.ndarray:
    """Category of each village: how many cuts (fractions of villages) its endowment rank reaches (0 = poorest)."""
    n = endowment.size
    order = np.lexsort((ids, endowment))
    percentile = np.empty(n)
    percentile[order] = np.arange(n) / max(n, 1)  # share of villages poorer than this one
    return (percentile[:, None] >= np.asarray(cuts, dtype=np.float64)[None, :] - 1e-9).sum(axis=1).astype(np.int8)


def individual_part(score: np.ndarray, category: np.ndarray, assessed: np.ndarray) -> np.ndarray:
    """个性部分: the score relative to its category's mean (over assessed heads), plus the overall mean."""
    if not assessed.any():
        return score.astype(np.float64)
    n = int(category.max()) + 1
    total = np.bincount(category[assessed], weights=score[assessed], minlength=n)
    count = np.bincount(category[assessed], minlength=n)
    mean = np.divide(total, count, out=np.zeros(n), where=count > 0)
    return score - mean[category] + float(score[assessed].mean())


def blend(common: np.ndarray, individual: np.ndarray, weight: float) -> np.ndarray:
    """共性部分 + 个性部分: the quantitative score as the weighted sum of the two parts."""
    return (1.0 - weight) * common + weight * individual


def quota_groups(group: np.ndarray, category: np.ndarray, n_categories: int) -> np.ndarray:
    """Grading groups crossed with village category, so the excellent cap applies within each category."""
    return (group.astype(np.int64) * n_categories + category).astype(np.int64)


def grading_groups(township: np.ndarray, category: np.ndarray | None, P) -> np.ndarray:
    """The groups within which the excellent cap applies: the township or the county (`quota_scope`), crossed with the
    village's category where the categories have their own quotas — for the grading and for the heads anticipating it."""
    group = township if P.policy.grades.quota_scope == "township" else np.zeros(len(township), np.int32)
    if category is not None and P.policy.differentiation.enabled and P.policy.differentiation.quota_within_category:
        group = quota_groups(group, category, len(P.policy.differentiation.category_cuts) + 1)
    return group


def village_categories(scenario, villages) -> np.ndarray | None:
    """Each village's category by the scenario's cut points (None when the scenario has no categories)."""
    if not scenario.has("policy.differentiation"):
        return None
    return categories(villages.endowment, scenario.value("policy.differentiation.category_cuts"), villages.id)
