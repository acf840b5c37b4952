"""Dismissal for cause is one rule (`turnover.dismissed`), read by the turnover, the exit audit and the effort choice.

Issue 17: dismissal was decided in `behaviour/turnover.py`, again in `effort.keep_post` and again in
the exit audit (now `rulebook/cadre_exit.py`). Here: a hand-worked case, and the effort choice's outcomes against the rule.
"""

from __future__ import annotations

import numpy as np

from simtoolkit.behaviour import effort, turnover
from simtoolkit.rules.grades import BASIC, EXCELLENT, QUALIFIED, UNQUALIFIED
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS

SPACE = effort.outcome_space(("negative", "punished"))  # the outcomes of the shipped components (DisciplineEvents)


def params(on_punishment: bool, after_low: int):
    """Qingxu's parameters with the two dismissal settings."""
    return load_scenario(SCENARIOS / "qingxu.toml", {"behaviour.turnover.dismiss_on_punishment": on_punishment,
                                                     "behaviour.turnover.dismiss_after_low_grades": after_low}).params(2023)


def test_dismissed_by_hand():
    #   punished  low-grade years in a row   on punishment, after 2 low years     off, after 0 (never)
    #   yes       0                          dismissed                             kept
    #   no        2                          dismissed                             kept
    #   no        1                          kept                                  kept
    punished, streak = np.array([True, False, False]), np.array([0, 2, 1])
    assert turnover.dismissed(punished, streak, params(True, 2)).tolist() == [True, True, False]
    assert turnover.dismissed(punished, streak, params(False, 0)).tolist() == [False, False, False]
    assert turnover.dismissed(punished, streak, params(False, 2)).tolist() == [False, True, False]


def test_effort_outcomes_follow_the_rule():
    # a head with one low year behind it is dismissed after next year exactly in the outcomes where it is punished or
    # graded basically qualified or lower (a second low year), with dismissal after 2 low years and on punishment
    P = params(True, 2)
    out = effort.dismissals(np.array([1, 0]), P, SPACE)
    low = (SPACE.grade == BASIC) | (SPACE.grade == UNQUALIFIED)
    assert out[0].tolist() == (SPACE.event("punished") | low).tolist()
    assert out[1].tolist() == SPACE.event("punished").tolist()  # one low year is not two
    assert not out[:, (SPACE.grade <= QUALIFIED) & ~SPACE.event("punished")].any()
    assert SPACE.grade.min() == EXCELLENT
