"""Safe expressions in scenario files (scenario/expressions.py): a whitelist of names and operators, compiled to
numpy, never evaluated as Python; docs/cookbook.md lists what exists."""

from __future__ import annotations

import re

import numpy as np
import pytest

from simtoolkit.scenario.expressions import ExpressionError, compile_expression, problem

NAMES = ("score", "satisfaction", "years_in_post", "stars")
COLUMNS = {"score": np.array([59.0, 60.0, 85.0, 92.0]), "satisfaction": np.array([0.9, 0.55, 0.6, 0.3]),
           "years_in_post": np.array([1.0, 10.0, 20.0, 9.5]), "stars": np.array([1, 2, 4, 5])}


def run(text):
    """The expression's value on the four heads above."""
    return np.asarray(compile_expression(text, NAMES)(COLUMNS)).tolist()


def test_conditions_are_element_by_element():
    # 满意度低于60%: only the 2nd (0.55) and 4th (0.3) heads; 0.6 is not below 0.6.
    assert run("satisfaction < 0.6") == [False, True, False, True]
    # a chained band, 60 ≤ score < 90: the 2nd (60) and 3rd (85)
    assert run("60 <= score < 90") == [False, True, True, False]
    # and / or / not: satisfied (≥ 0.6) and 10+ years → only the 3rd; not that → the others
    assert run("satisfaction >= 0.6 and years_in_post >= 10") == [False, False, True, False]
    assert run("not (satisfaction >= 0.6 and years_in_post >= 10)") == [True, True, False, True]
    assert run("score < 60 or stars == 5") == [True, False, False, True]


def test_amounts_use_arithmetic_and_the_listed_functions():
    # 20 % of the score above 60, never below 0: 0, 0, 5, 6.4
    assert run("max(0.2 * (score - 60), 0)") == pytest.approx([0.0, 0.0, 5.0, 6.4])
    # where(condition, a, b): 2 stars at most where satisfaction < 0.6, else the stars: 1, 2, 4, 2
    assert run("where(satisfaction < 0.6, min(stars, 2), stars)") == [1, 2, 4, 2]
    # a division by 0 gives 0 (a rule reads it as nothing), not an error: 10/0 → 0, 10/1 → 10
    assert run("10 / (stars - 1)") == pytest.approx([0.0, 10.0, 10 / 3, 2.5])
    assert run("-stars + abs(-2)") == [1, 0, -2, -3]


@pytest.mark.parametrize("text, says", [
    ("villagers > 3", "unknown name 'villagers'"),
    ("scor > 3", "unknown name 'scor' (did you mean 'score'?)"),
    ("score ** 2 > 10", "operator '**' is not allowed"),
    ("__import__('os')", "function '__import__' is not allowed"),
    ("__import__('os').system('true')", "calling attribute access '.system' is not allowed"),
    ("score.real > 1", "attribute access '.real' is not allowed"),
    ("'a' < 'b'", "the value 'a' is not allowed"),
    ("[score][0]", "is not allowed"),
    ("min(score)", "min takes 2 arguments"),
    ("score <", "cannot read"),
    ("score is 1", "comparison Is is not allowed"),
    ("lambda: 1", "is not allowed"),
])
def test_anything_else_is_refused_before_it_runs(text, says):
    with pytest.raises(ExpressionError, match=re.escape(says)):
        compile_expression(text, NAMES)
    assert says in problem(text, NAMES)


def test_a_good_expression_has_no_problem():
    assert problem("satisfaction < 0.6", NAMES) is None
