"""Parameters in force for a year as an attribute tree (simtoolkit/scenario/params.py)."""

from __future__ import annotations

import pickle

import pytest

from simtoolkit.scenario.params import Params

VALUES = {"policy.pay.payer": "county", "policy.pay.secretary": 30000.0, "policy.stars.maximum": 5,
          "run.seed": 7, "policy.review.note": None}


def test_groups_and_leaves_are_attributes():
    # policy → pay → payer "county"; a leaf whose value is None is still a parameter that exists
    P = Params(VALUES)
    assert P.policy.pay.payer == "county" and P.policy.stars.maximum == 5 and P.run.seed == 7
    assert P.policy.review.note is None and P.has("policy.review.note")


def test_has_and_get_by_dotted_path():
    P = Params(VALUES)
    assert P.has("policy.pay") and P.has("policy.pay.secretary") and P.policy.has("stars.maximum")
    assert not P.has("policy.mentoring") and not P.has("policy.pay.payer.x") and not P.has("run.years")
    assert P.get("policy.pay.secretary") == 30000.0 and P.policy.get("pay.payer") == "county" and P.get("run.years", 10) == 10


def test_a_missing_name_says_its_dotted_key_and_values_are_read_only():
    P = Params(VALUES)
    with pytest.raises(AttributeError, match="'policy.mentoring'"):
        P.policy.mentoring
    with pytest.raises(AttributeError, match="read-only"):
        P.policy.pay.payer = "province"


def test_a_group_pickles_to_the_same_group():
    # what travels to worker processes: the policy.pay node, rebuilt from the values, reads the same
    pay = pickle.loads(pickle.dumps(Params(VALUES).policy.pay))
    assert repr(pay) == "Params(policy.pay)" and pay.payer == "county" and pay.secretary == 30000.0
