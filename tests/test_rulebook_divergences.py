"""Divergences between copies of one rule that the rulebook removed (issue: one rulebook), each with the test
that would have caught it."""

from __future__ import annotations

import numpy as np

from simtoolkit.ledger import item_index
from simtoolkit.model import CountyModel
from simtoolkit.scenario import load_scenario

from conftest import SCENARIOS


def test_retirement_subsidy_paid_beside_full_time_cadres_pay():
    # RULES.md §A.8: the retirement (离任) subsidy is "paid after leaving office"; a county whose heads are
    # full-time cadres (policy.cadre_pay, Qianxinan) and that pays one must book it — the model skipped it,
    # while budget/liabilities.py valued it.
    # Hand-worked: nobody dies (mortality_ratio 0), so in year Y every former head who left before Y, is at
    # least 60 that year and served at least 6 years gets 300 yuan × 12 months.
    scenario = load_scenario(SCENARIOS / "qianxinan.toml", {"run.years": 4}).with_changes({
        "policy.retirement.standard_monthly": 300, "policy.retirement.min_age": 60,
        "policy.retirement.min_years_served": 6, "policy.retirement.duration_years": 0,
        "behaviour.turnover.mortality_ratio": 0})
    model = CountyModel(scenario)
    result = model.run()
    r = model.world.retirees
    for k in range(4):
        year = model.start_year + k
        eligible = (r.exit_year < year) & (year - r.birth_year >= 60) & (r.years_served >= 6)
        booked = result.yearly_fen[k, item_index("retirement_subsidy")].sum() / 100
        assert booked == 300 * 12 * int(eligible.sum())
    assert result.yearly_fen[:, item_index("retirement_subsidy")].sum() > 0  # someone was eligible: the check has teeth


def test_township_pay_topup_paid_beside_full_time_cadres_pay():
    # RULES.md §A.8 political: heads not recruited get their pay topped up to the township post's pay. With
    # full-time cadres' pay in force the model skipped the top-up (an `elif` in the monthly step).
    # Hand-worked: the top-up set at year 1's recruitment (slots not vacated) is paid over year 2, a twelfth a month.
    scenario = load_scenario(SCENARIOS / "qianxinan.toml", {"run.years": 2}).with_changes({
        "policy.recruitment.reference_pay": 200000, "policy.recruitment.leaves_post": False})
    model = CountyModel(scenario)
    model.run_for(12)
    topup = model.slots.township_topup.copy()
    model.run_for(12)
    model.result.finish(model)
    booked = model.result.yearly_fen[1, item_index("township_pay_topup")].sum() / 100
    assert topup.sum() > 0
    assert abs(booked - topup.sum()) <= 0.01 * 12 * np.count_nonzero(topup)  # rounded to the fen each month


def test_effort_choice_anticipates_the_excellent_cap_within_village_categories():
    # Yuncheng (RULES.md §B): the excellent cap applies within each village category
    # (policy.differentiation.quota_within_category). The heads' effort choice read the cap by township only, so they
    # anticipated another tournament than the one that graded them. Both now read `differentiation.grading_groups`.
    # Hand-worked on three heads in one township, scores 90, 80, 70, 40 % excellent quota, no minimum threshold:
    # by township the cap is floor(0.4 × 3) = 1 place, so the bar is 90 for everyone; with the first two heads in
    # category 0 and the third in category 1, category 1 has floor(0.4 × 1) = 0 places (no one can be excellent:
    # an infinite bar) and category 0 floor(0.4 × 2) = 0 places too.
    from types import SimpleNamespace

    from simtoolkit.behaviour.effort import excellent_cutoff
    from simtoolkit.rules.differentiation import grading_groups

    P = SimpleNamespace(policy=SimpleNamespace(grades=SimpleNamespace(quota_scope="township"), differentiation=SimpleNamespace(
        enabled=True, quota_within_category=True, category_cuts=[0.0])))
    township, category = np.zeros(3, np.int32), np.array([0, 0, 1])
    score, graded, ids = np.array([90.0, 80.0, 70.0]), np.ones(3, bool), np.arange(3)
    by_township = excellent_cutoff(score, graded, grading_groups(township, None, P), ids, 0.4, 0.0)
    by_category = excellent_cutoff(score, graded, grading_groups(township, category, P), ids, 0.4, 0.0)
    assert by_township.tolist() == [90.0, 90.0, 90.0]
    assert np.isinf(by_category).all()


def test_model_passes_its_grading_groups_to_the_effort_choice(monkeypatch):
    # The model's effort step hands the effort choice the same groups that graded the heads.
    from simtoolkit.behaviour import effort
    from simtoolkit.rules.differentiation import grading_groups

    scenario = load_scenario(SCENARIOS / "yuncheng.toml", {"run.years": 1})
    model = CountyModel(scenario)
    seen = {}
    original = effort.best_response

    def spy(*args, **kwargs):
        seen["group"] = kwargs["group"]
        return original(*args, **kwargs)

    monkeypatch.setattr(effort, "best_response", spy)
    model.run()
    heads = model.world.heads
    expected = grading_groups(heads.township, model.village_category[heads.village], model.params())
    assert np.array_equal(seen["group"], expected)
    assert len(np.unique(expected)) > len(np.unique(grading_groups(heads.township, None, model.params())))  # categories split the groups


def test_effort_choice_weighs_the_long_record_star_addition():
    # RULES.md §A.4 (000_e0b0dd193435af35.txt): "对任职满10年以上且实绩特别突出的…增星…严格控制" — the rating adds
    # `senior_bonus` stars to excellent heads with 10+ years in post, within a cap; the effort choice passed 0 for it.
    # Hand-worked chance: 3 rated heads, cap 0.34 × 3 → 1 place; last year 2 excellent heads had the long record,
    # so a long-record head wins it with chance 1/2; a head with 2 years in post has no chance.
    from types import SimpleNamespace

    from simtoolkit.rulebook.star_rating import senior_chance

    P = SimpleNamespace(policy=SimpleNamespace(stars=SimpleNamespace(senior_years=10, senior_quota=0.34, senior_bonus=1)))
    heads = SimpleNamespace(start_month=np.array([-200, -130, -12]), rated=np.ones(3, bool), grade=np.array([0, 0, 1]))
    assert senior_chance(heads, heads, 11, P).tolist() == [0.5, 0.5, 0.0]
    # a block of the heads (the choice runs in blocks at scale): places and rivals are still counted county-wide
    block = SimpleNamespace(start_month=heads.start_month[1:], rated=heads.rated[1:], grade=heads.grade[1:])
    assert senior_chance(block, heads, 11, P).tolist() == [0.5, 0.0]
    P.policy.stars.senior_quota = 0.0  # no place: no chance (Qingxu and Yuncheng ship a zero cap)
    assert senior_chance(heads, heads, 11, P).tolist() == [0.0, 0.0, 0.0]


def test_long_record_addition_raises_effort_of_long_serving_heads():
    # With places for the addition, heads with a long record have more to gain from an excellent grade.
    scenario = load_scenario(SCENARIOS / "qingxu.toml", {"run.years": 3})
    efforts = []
    for quota in (0, 20):
        model = CountyModel(scenario.with_changes({"policy.stars.senior_quota": quota, "policy.stars.senior_bonus": 2}))
        model.run()
        heads = model.world.heads
        long_record = heads.start_month <= 12 * model.years - 12 * 10
        efforts.append(float(heads.effort[long_record].mean()))
    assert efforts[1] > efforts[0]


def test_a_world_from_a_roster_starts_as_a_synthesised_one(tmp_path):
    # One world builder (world/synthesis.populate): a roster world's households start at the satisfaction of usual
    # service (behaviour.satisfaction.base), not a literal 0.5, and follow household_representation = "grids".
    from simtoolkit.streams import Streams
    from simtoolkit.world.roster import build_world, read_roster

    heads = tmp_path / "heads.csv"
    heads.write_text("id,township,village,role,age,sex,years_in_post,stars\nH1,清源镇,东村,一肩挑,50,男,5,1\n"
                     "H2,清源镇,西村,一肩挑,45,女,3,0\n", encoding="utf-8")
    scenario = load_scenario(SCENARIOS / "qingxu.toml").with_changes({"behaviour.satisfaction.base": 0.8})
    world = build_world(scenario, Streams(1, 0), read_roster(scenario, heads))
    assert np.all(world.households.satisfaction == np.float32(0.8))
    assert world.households.size is None  # rows, as qingxu.toml says
    grids = build_world(scenario.with_changes({"population.household_representation": "grids"}), Streams(1, 0), read_roster(scenario, heads))
    assert grids.households.size is not None and grids.households.size.sum() == world.villages.households.sum()
