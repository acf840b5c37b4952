"""Jiaozhou switches off what its source does not have (issue 19, item 5).

003_9f1f85300d86763c.txt is Jiaozhou's rulebook for first secretaries (实施细则 第十六条–第十九条): it has no star rating of
village heads, hence no star awards, no public-notice review of stars, no 2带1 pairing of unstarred heads and no
special recruitment of high-star heads with its township pay top-ups. The heads' pay and grading are Qingxu's
placeholders, marked as borrowed.
"""

from __future__ import annotations

from simtoolkit.scenario import load_scenario
from simtoolkit.ledger import item_index

from conftest import SCENARIOS

STAR_GROUPS = ("policy.stars", "policy.review", "policy.mentoring", "policy.recruitment")


def test_jiaozhou_has_no_star_system_and_keeps_its_first_secretary_rulebook():
    jiaozhou = load_scenario(SCENARIOS / "jiaozhou.toml")
    assert not any(jiaozhou.has(g) for g in STAR_GROUPS)
    assert jiaozhou.has("policy.first_secretary") and jiaozhou.has("policy.first_secretary_posting")
    assert jiaozhou.borrowed_from("policy.pay.annual_pay_secretary_director") == "qingxu"


def test_a_jiaozhou_year_books_no_star_awards_or_township_top_ups():
    from simtoolkit.model import CountyModel

    small = {"population.townships": [{"name": "镇一", "villages": 12, "communities": 2}],
             "population.villages_with_separate_director": 3, "population.sent_secretaries": 1}
    model = CountyModel(load_scenario(SCENARIOS / "jiaozhou.toml", small), replication=0, years=2)
    result = model.run()
    for item in ("star_award", "township_pay_topup", "pension_star_topup", "retirement_star_topup", "recruited_salary"):
        assert result.yearly_fen[:, item_index(item)].sum() == 0, item
    assert result.yearly_fen[:, item_index("first_secretary_stipend")].sum() > 0
