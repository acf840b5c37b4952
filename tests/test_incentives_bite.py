"""Incentives must bite (issue 4): paired runs, same seeds, star award 0 vs 6,000 yuan per star.

000_e0b0dd193435af35.txt: 初评定星及年度动态增星均按照1000元/星标准予以奖励 — the award is paid for every star
gained. With 6,000 yuan a star, heads who can reach "excellent" (the only way to gain a star after the
initial rating) work harder, scores rise, and fewer of them lose stars to negative situations, which
also void a year's gain; so after five years more stars are held.
"""

from __future__ import annotations

import numpy as np

from simtoolkit.model import CountyModel
from simtoolkit.scenario import load_scenario

REPS, YEARS = 12, 5


def _paired(qingxu, award: float) -> tuple[float, float, float]:
    """Mean effort and score over the years after the first (effort is chosen from the first rating on), and stars held in year 5."""
    scenario = load_scenario(qingxu).with_changes({"policy.stars.award_per_star": award})
    effort, score, held = [], [], []
    for rep in range(REPS):
        result = CountyModel(scenario, replication=rep, years=YEARS).run()
        effort.append(result.indicators["mean_effort"][1:].mean())
        score.append(result.indicators["mean_score"][1:].mean())
        last = result.star_counts[-1].sum(axis=(0, 1))  # heads by stars after the fifth rating
        held.append(float(last @ np.arange(last.size)))
    return float(np.mean(effort)), float(np.mean(score)), float(np.sum(held))


def test_a_larger_star_award_raises_effort_scores_and_stars_held(qingxu):
    effort_0, score_0, held_0 = _paired(qingxu, 0)
    effort_6000, score_6000, held_6000 = _paired(qingxu, 6000)
    assert effort_6000 > effort_0
    assert score_6000 > score_0
    assert held_6000 > held_0
