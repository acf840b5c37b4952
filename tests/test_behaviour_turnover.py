"""Turnover (behaviour/turnover.py): retirement by age, dismissal after punishment or repeated low grades, elections."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from simtoolkit.behaviour import turnover


def test_low_grade_streak_counts_consecutive_basic_or_lower_grades():
    # grades: 2 basically qualified, 3 unqualified, 1 qualified, −1 not graded.
    # streaks 0,1,1,2 → 0+1 = 1, 1+1 = 2, reset to 0, kept at 2
    streak = turnover.low_grade_streak(np.array([0, 1, 1, 2], np.int16), np.array([2, 3, 1, -1], np.int8))
    assert streak.tolist() == [1, 2, 0, 2]


def test_heads_leave_by_age_punishment_repeated_low_grades_and_elections():
    # 002: 对工作不力、违纪违法的…予以调整. Leaving age 63, dismissal after 2 low grades, election loss 15 %.
    # head 0 aged 63 → leaves; 1 punished → leaves; 2 two low grades → leaves; 3 one low grade, draw 0.5 → stays;
    # 4 draw 0.1 < 0.15 → loses the election (only in an election year).
    P = SimpleNamespace(behaviour=SimpleNamespace(turnover=SimpleNamespace(
        retirement_age=63, dismiss_on_punishment=True, dismiss_after_low_grades=2, election_loss_rate=0.15)))
    age = np.array([63, 50, 50, 50, 50])
    punished = np.array([False, True, False, False, False])
    streak = np.array([0, 0, 2, 1, 0])
    draw = np.array([0.9, 0.9, 0.9, 0.5, 0.1])
    assert turnover.leaving(age, punished, streak, draw, False, P).tolist() == [True, True, True, False, False]
    assert turnover.leaving(age, punished, streak, draw, True, P).tolist() == [True, True, True, False, True]
