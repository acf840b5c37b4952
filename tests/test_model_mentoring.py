"""定帮带 in the model (RULES.md §A.5): after each rating every rated head without a star is paired with mentors.

Source: /work/shared/seeds/000_e0b0dd193435af35.txt — “二星级以上优秀村社书记与不定星级村社书记全部“2带1”结成对子”.
A pairing lasts `duration_years`; a head still paired is not paired again; each pair costs `cost_per_pair` a year.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simtoolkit.ledger import item_index, payer_index
from simtoolkit.model import CountyModel
from simtoolkit.scenario import load_scenario

QINGXU = Path(__file__).resolve().parents[1] / "scenarios" / "qingxu.toml"
START, COST = 2023, 500


@pytest.fixture  # per test: mutmut links a function only to the first test whose setup runs it
def two_years():
    """Qingxu for two years, pairings of two years costing 500 yuan a year, with each slot's history kept."""
    scenario = load_scenario(QINGXU, {"run.years": 2, "policy.mentoring.cost_per_pair": COST, "policy.mentoring.duration_years": 2})
    model = CountyModel(scenario, record_persons=True)
    start = model.world.heads.start_month.astype(np.int64).copy()
    model.run()
    return model, start


def test_every_rated_head_without_a_star_is_paired_once(two_years):
    # year 1: rated (a full year in post by December) and no star → paired until 2025. Year 2: the same, except heads
    # still paired (until 2025) — a successor (a new person, in post from January) is rated and paired
    model, start = two_years
    h = model.history
    rated_first = start <= 0
    mentee_first = rated_first & (h.stars[0] == 0)
    same = h.person[1] == h.person[0]
    still_paired = same & mentee_first  # paired until 2025: not paired again in 2024
    rated_second = same & (start <= 12) | ~same
    mentee_second = rated_second & (h.stars[1] == 0) & ~still_paired
    assert mentee_first.sum() > 0 and still_paired.sum() > 0 and mentee_second.sum() > 0
    assert model.result.indicators["mentees"].tolist() == [mentee_first.sum(), mentee_second.sum()]
    # after the run: a head kept since the second rating is paired until 2026 if paired then, 2025 if paired the year
    # before, else never (0); the column keeps its type
    kept = model.world.heads.id == h.person[1]
    expected = np.where(mentee_second, START + 1 + 2, np.where(still_paired, START + 2, 0))
    assert model.world.heads.mentored_until[kept].tolist() == expected[kept].tolist()
    assert model.world.heads.mentored_until.dtype == np.int16


def test_each_pairing_costs_its_yearly_cost_for_its_years(two_years):
    # 500 yuan × 2 years per pair, booked in December of the rating by the payer of heads' pay (the county), each
    # to its mentee
    model, start = two_years
    h = model.history
    mentee_first = (start <= 0) & (h.stars[0] == 0)
    booked = model.ledger.monthly[:, item_index("mentoring"), payer_index("county")]
    assert booked[11] == mentee_first.sum() * COST * 2 * 100
    assert booked[23] == model.result.indicators["mentees"][1] * COST * 2 * 100
    assert booked.sum() == booked[11] + booked[23]
    rows = [(person, fen) for month, item, _, person, fen in model.ledger.persons if month == 11 and item == item_index("mentoring")]
    paid = {int(p) for person, fen in rows for p in person[fen > 0]}
    assert paid == set(h.person[0][mentee_first].tolist())


def mentoring_on(year: int, stars, mentored_until, rated_now, score, changes=None):
    """The mentoring component over heads built here (ids 1, 2, …) in one township, at the rating of `year`."""
    from types import SimpleNamespace

    from simtoolkit.rulebook.mentoring import Mentoring

    class Heads(SimpleNamespace):
        def __len__(self):
            return len(self.stars)

    n = len(stars)
    heads = Heads(stars=np.array(stars, np.int8), mentored_until=np.array(mentored_until, np.int16),
                            score=np.array(score, np.float32), id=np.arange(1, n + 1), township=np.zeros(n, np.int32),
                            role=np.zeros(n, np.int8))
    notes, booked = {}, []
    model = SimpleNamespace(world=SimpleNamespace(heads=heads), year=year, slots=SimpleNamespace(rated_now=np.array(rated_now)),
                            ledger=SimpleNamespace(book=lambda m, item, payer, township, role, amount, ids: booked.append(
                                (m, item, payer, dict(zip(ids.tolist(), np.asarray(amount, float).tolist()))))),
                            result=SimpleNamespace(note=lambda model, name, value: notes.__setitem__(name, value)))
    P = load_scenario(QINGXU, {"policy.mentoring.cost_per_pair": COST, **(changes or {})}).params(START)
    Mentoring(model).rating(P, 11)
    return heads, notes, booked


def test_pairs_still_running_hold_their_mentors_and_the_lowest_scores_go_first():
    # 2024: five heads with 2 stars or more are mentors for 5 // 2 = 2 pairs; one pair from last year still runs (its
    # mentee, paired until 2024, is not paired again), so one place is left for three rated heads without a star
    # (scores 50, 40, 60): the lowest score, 40, is paired until 2025 at 500 yuan; two stay unpaired. A head without a
    # star who was not rated this year is no candidate.
    stars = [2, 3, 2, 4, 5, 0, 0, 0, 0, 0, 1]
    until = [0, 0, 0, 0, 0, START + 1, 0, 0, 0, 0, 0]
    rated = [True] * 9 + [False, True]
    score = [80, 80, 80, 80, 80, 10, 50, 40, 60, 20, 70]
    heads, notes, booked = mentoring_on(START + 1, stars, until, rated, score)
    assert heads.mentored_until.tolist() == [0, 0, 0, 0, 0, START + 1, 0, START + 2, 0, 0, 0]
    assert notes == {"mentees": 1, "mentees_unpaired": 2}
    assert [(m, item, payer) for m, item, payer, _ in booked] == [(11, "mentoring", "county")]
    assert {k: v for k, v in booked[0][3].items() if v} == {8: COST}


def test_no_mentors_no_pairs():
    # one head with 2 stars: not a pair's worth of mentors (2 带 1), so nobody is paired however many wait
    heads, notes, booked = mentoring_on(START, [2, 0, 0], [0, 0, 0], [True, True, True], [80, 50, 40])
    assert heads.mentored_until.tolist() == [0, 0, 0]
    assert notes == {"mentees": 0, "mentees_unpaired": 2}
