"""The model's county review of star increases and its recruitment of high-star secretaries (RULES.md §A.4, §A.8).

Source: /work/shared/seeds/000_e0b0dd193435af35.txt — “在村公示无异议后报县委组织部,县委组织部联合县纪委监委进行受处分审核”
(an increase stands only without an upheld objection and the county's veto) and “一届内优先通过专项招聘纳入乡街事业编,
不宜纳入的参照乡街事业编待遇落实岗位报酬” (recruitment, else pay referenced to a township post).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from simtoolkit.ledger import item_index
from simtoolkit.model import CountyModel
from simtoolkit.rules.grades import EXCELLENT, QUALIFIED
from simtoolkit.scenario import load_scenario

QINGXU = Path(__file__).resolve().parents[1] / "scenarios" / "qingxu.toml"
QUIET = {"behaviour.events.negative_rate": 0, "behaviour.events.punishment_rate": 0}  # no trigger removes a star


def test_the_review_stops_first_ratings_where_its_draws_fall_below_the_rates():
    # first rating in 2023: excellent 2 stars, qualified 1, else 0 — an increase from 0. It stands unless the
    # village objection (50 %) or the county veto (20 %) is upheld for the head: the review stream's two uniform
    # draws per slot, objection first, below the rates. A stopped head keeps 0 stars.
    scenario = load_scenario(QINGXU, {"run.years": 1, "policy.review.objection_rate": 50, "policy.review.county_veto_rate": 20, **QUIET})
    model = CountyModel(scenario, record_persons=True)
    rated = model.world.heads.start_month <= 0
    model.run()
    h, n = model.history, len(model.world.heads)
    rng = model.streams.rng("review", 2023)
    objection, veto = rng.random(n), rng.random(n)
    initial = np.where(h.grade[0] == EXCELLENT, 2, np.where(h.grade[0] == QUALIFIED, 1, 0))
    stopped = (objection < 0.5) | (veto < 0.2)
    assert h.stars[0].tolist() == np.where(rated & ~stopped, initial, 0).tolist()
    assert (rated & stopped & (initial > 0)).any() and (rated & ~stopped & (initial > 0)).any()


def test_awards_are_booked_to_the_heads_who_gained():
    # 1,000 yuan a star gained, paid in February 2024 to the secretaries whose first rating gave stars
    scenario = load_scenario(QINGXU, {"run.years": 2, "policy.review.objection_rate": 0, "policy.review.county_veto_rate": 0, **QUIET})
    model = CountyModel(scenario, record_persons=True)
    model.run()
    rows = [(person, fen) for month, item, _, person, fen in model.ledger.persons if month == 13 and item == item_index("star_award")]
    paid = {int(p): int(f) for person, fen in rows for p, f in zip(person, fen) if f > 0}
    h = model.history
    secretary = np.isin(model.world.heads.role, [0, 1, 3, 4])  # the award's roles; directors (2) get none
    gained = {int(p): int(s) * 100000 for p, s, ok in zip(h.person[0], h.stars[0], secretary) if ok and s > 0}
    assert paid == gained


def test_high_star_secretaries_are_recruited_or_paid_as_township_staff():
    # the first rating gives at most 2 stars, so nobody is a candidate (3 stars or more) in the first year; with the
    # review off, excellent heads reach 3 from the second; two places a year go to candidates 45 or younger, and
    # candidates not recruited get the township-referenced top-up (paid the next year)
    scenario = load_scenario(QINGXU, {"run.years": 3, "policy.review.objection_rate": 0, "policy.review.county_veto_rate": 0, **QUIET})
    result = CountyModel(scenario).run()
    recruited = result.indicators["recruited"]
    assert recruited[0] == 0 and recruited[1:].sum() > 0 and recruited.max() <= 2
    topup = result.yearly_fen[:, item_index("township_pay_topup")].sum(axis=(1, 2, 3))
    assert topup[:2].sum() == 0 and topup[2] > 0
