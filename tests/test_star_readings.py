"""The yearly adjustment as a reading the user chooses (issue 19, `policy.stars.yearly_reading`).

Source: /work/shared/seeds/000_e0b0dd193435af35.txt — “星级评定采取初次评定与年度动态调整相结合的方式进行,以星级考核
为主要依据” (an initial rating, then a yearly adjustment, based mainly on the star assessment) and “初评定星及年度动态增星
均按照1000元/星标准予以奖励”. The source does not say how a year's grade moves the stars held, so two readings:
- increment: the grade adds its stars to those held (Qingxu's excellent +1, qualified +0); a trigger removes instead;
- floor: the same, but in a year without a removal trigger never below the stars that grade gives at an initial
  rating (excellent 2, qualified 1) — a head graded qualified this year is rated as a newly rated qualified head at
  least; a trigger removes from the stars held, as under increment, and blocks every gain.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simtoolkit.behaviour import effort
from simtoolkit.model import CountyModel
from simtoolkit.rules import stars
from simtoolkit.rulebook.star_rating import star_tables
from simtoolkit.rules.grades import BASIC, EXCELLENT, QUALIFIED, UNQUALIFIED
from simtoolkit.scenario import load_scenario

SPACE = effort.outcome_space(("negative", "punished"))  # the outcomes of the shipped components (DisciplineEvents)

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
PER_GRADE, ADDED, MAXIMUM = (2, 1, 0, 0), (1, 0), 5  # Qingxu: initial excellent 2, qualified 1; yearly +1 / +0

#   head  held  grade      removed  increment                  floor (initial stars of the grade)
#   A     0     qualified  0        0 + 0 = 0                  max(0, 1) = 1   (the 0-star trap is left)
#   B     0     excellent  0        0 + 1 = 1                  max(1, 2) = 2
#   C     3     qualified  0        3                          max(3, 1) = 3
#   D     2     qualified  1        2 − 1 = 1                  a trigger: 2 − 1 = 1
#   E     1     basic      1        1 − 1 = 0                  a trigger: 0
#   F     0     unqual.    1        0                          0
#   G     0     excellent  1        0 (the trigger blocks +1)  a trigger: 0, though a first rating would give 2 − 1 = 1
HELD = np.array([0, 0, 3, 2, 1, 0, 0])
GRADE = np.array([QUALIFIED, EXCELLENT, QUALIFIED, QUALIFIED, BASIC, UNQUALIFIED, EXCELLENT])
REMOVED = np.array([0, 0, 0, 1, 1, 1, 1])


def by_reading(reading: str) -> list[int]:
    """The stars after the yearly adjustment of the six heads above under `reading`."""
    no_senior = np.zeros(HELD.size, int)
    initial = stars.initial(GRADE, REMOVED, no_senior, MAXIMUM, PER_GRADE)
    return stars.adjusted(stars.dynamic(HELD, GRADE, REMOVED, no_senior, MAXIMUM, ADDED), initial, REMOVED, reading).tolist()


def test_increment_reading_by_hand():
    assert by_reading("increment") == [0, 1, 3, 1, 0, 0, 0]


def test_floor_reading_by_hand():
    assert by_reading("floor") == [1, 2, 3, 1, 0, 0, 0]


def qingxu(reading: str | None, years: int = 4):
    """Qingxu for `years` under a reading (None: the file's own), keeping every head's yearly history."""
    overlay = {} if reading is None else {"policy.stars.yearly_reading": reading}
    scenario = load_scenario(SCENARIOS / "qingxu.toml", overlay)
    model = CountyModel(scenario, replication=0, seed=11, years=years, record_persons=True)
    while model.running:
        model.step()
    return model


@pytest.mark.parametrize("reading", ["increment", "floor"])
def test_model_applies_the_reading_it_is_given(reading):
    # every head rated in two consecutive years (same person): next year's stars follow the reading from this year's
    # stars and next year's grade — checked here from the history, with no removal trigger in that year
    model = qingxu(reading)
    h = model.history
    s = model.config.params(model.start_year).policy.stars
    checked = 0
    for k in range(1, h.stars.shape[0]):
        same = (h.person[k] == h.person[k - 1]) & (h.grade[k] >= 0) & (h.stars[k - 1] > 0)
        grade, held, now = h.grade[k][same], h.stars[k - 1][same].astype(int), h.stars[k][same].astype(int)
        untouched = grade <= QUALIFIED  # excellent or qualified: no low-grade trigger; events are checked below
        initial = np.select([grade == EXCELLENT, grade == QUALIFIED], [s.initial_stars_excellent, s.initial_stars_qualified], 0)
        added = np.where(grade == EXCELLENT, s.added_excellent, s.added_qualified)
        expected = np.minimum(held + added, s.maximum)
        if reading == "floor":
            expected = np.maximum(expected, initial)
        # an increase may be stopped by the review, a trigger may remove: neither raises stars above the reading's value
        assert (now[untouched] <= expected[untouched]).all()
        checked += int(untouched.sum())
    assert checked > 100


def test_floor_reading_lifts_heads_out_of_zero_stars():
    # under increment a head at 0 stars graded qualified stays at 0; under floor it is rated 1 the next year
    stay = {}
    for reading in ("increment", "floor"):
        model = qingxu(reading, years=5)
        stay[reading] = float(np.mean(model.result.indicators["zero_stars_stay"][1:]))
    assert stay["increment"] > 0.9
    assert stay["floor"] < stay["increment"] - 0.3


def test_effort_choice_prices_the_reading():
    # the effort choice's star tables are the same rule: a 0-star head's stars after a qualified year
    s = load_scenario(SCENARIOS / "qingxu.toml").params(2024).policy.stars
    triggers = (s.removed_low_grade, s.removed_negative, s.removed_punishment)
    per_grade = (s.initial_stars_excellent, s.initial_stars_qualified, s.initial_stars_basic, s.initial_stars_unqualified)
    outcome = int(np.flatnonzero((SPACE.grade == QUALIFIED) & (SPACE.event("negative") == 0) & ~SPACE.event("punished"))[0])
    for reading, expected in (("increment", 0), ("floor", s.initial_stars_qualified)):
        _, _, dynamic = star_tables(SPACE, triggers, per_grade, (s.added_excellent, s.added_qualified), s.maximum, reading=reading)
        assert dynamic[0, outcome] == expected


def test_shares_of_stars_rose_and_fell_by_hand():
    # last year's stars (−1: not rated last year), this year's; counted: rated this year
    #   slot  last  now  → rose / fell / same;   slot 4 was not rated last year, slot 5 is not rated now
    from simtoolkit.rulebook.persistence import shares_moved
    last = np.array([0, 1, 2, 3, -1, 2])
    now = np.array([1, 1, 1, 4, 2, 0])
    counted = np.array([True, True, True, True, True, False])
    assert shares_moved(last, now, counted) == (0.5, 0.25)  # of 4 counted: 2 rose (0→1, 3→4), 1 fell (2→1)
    assert shares_moved(last, now, np.zeros(6, bool)) == (0.0, 0.0)
