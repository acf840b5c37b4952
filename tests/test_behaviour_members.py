"""Party members (behaviour/members.py): points, voters and the reserve from which successors are drawn."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from simtoolkit.behaviour import members
from simtoolkit.world.tables import Members


def _params(**values):
    m = dict(duty_points=[10, 8, 6, 2, 5, 1], ability_points=0.5, points_noise=2.0, voting_categories=["A", "B", "C", "E"],
             reserve_categories=["B", "C"], reserve_max_age=45, reserve_size=2) | values
    return SimpleNamespace(behaviour=SimpleNamespace(members=SimpleNamespace(**m)))


def test_monthly_points_are_duties_plus_service_plus_noise_never_negative():
    # 004 党员积分制: category C (code 2) earns 6 duty points; ability 4 adds 0.5 × 4 = 2, noise −1 × 2 = −2 → 6;
    # category F (code 5): 1 + 0.5 × (−4) + 2 × (−1) = −3 → floored at 0
    points = members.monthly_points(np.array([2, 5]), np.array([4.0, -4.0]), np.array([-1.0, -1.0]), _params())
    assert points.tolist() == pytest.approx([6.0, 0.0])


def test_voters_are_the_members_of_the_voting_categories():
    # 引入党员…参与测评: village 0 has A, C, D (moved out) → 2 voters; village 1 has F, E → 1 voter
    table = Members(id=np.arange(5), village=np.array([0, 0, 0, 1, 1]), category=np.array([0, 2, 3, 5, 4], np.int8),
                    birth_year=np.full(5, 1980, np.int16), sex=np.zeros(5, np.int8), points=np.zeros(5, np.float32))
    assert members.voters(table, 2, _params()).tolist() == [2, 1]


def test_reserve_holds_the_best_young_members_of_each_village():
    # year 2025, reserve_max_age 45 → born 1980 or later. Village 0: rows 0 (C, 1990, 50 points), 1 (B, 1985, 70),
    # 2 (C, 1970: too old, 99), 3 (F, 1995: wrong category, 90), 4 (C, 1992, 60) → best two: row 1 (70), row 4 (60).
    # Village 1: row 5 (B, 1990, 10) alone.
    table = Members(id=np.arange(1, 7), village=np.array([0, 0, 0, 0, 0, 1]), category=np.array([2, 1, 2, 5, 2, 1], np.int8),
                    birth_year=np.array([1990, 1985, 1970, 1995, 1992, 1990], np.int16), sex=np.zeros(6, np.int8),
                    points=np.array([50, 70, 99, 90, 60, 10], np.float32))
    reserve, size = members.reserve(table, 2025, 2, _params())
    assert size.tolist() == [2, 1]
    assert reserve.tolist() == [[1, 4], [5, -1]]


def test_successors_are_drawn_from_the_reserve_and_never_twice():
    # village 0 reserve rows (5, 7), village 1 (9). Vacancies: two in village 0 (slots 3, 8), two in village 1 (10, 11).
    # slot 3 draws 0.6 → floor(0.6 × 2) = 1 → row 7; slot 8 takes the next, (1 + 1) mod 2 = 0 → row 5;
    # slot 10 draws 0.2 → floor(0.2 × 1) = 0 → row 9; slot 11 finds the reserve used up → −1 (a fresh successor).
    table = np.array([[5, 7, -1], [9, -1, -1]])
    rows = members.pick_successors(table, np.array([2, 1]), np.array([0, 0, 1, 1]), np.array([3, 8, 10, 11]),
                                   np.array([0.6, 0.6, 0.2, 0.9]))
    assert rows.tolist() == [7, 5, 9, -1]


def test_successors_in_the_model_are_reserve_members_who_become_category_a(qingxu):
    # DESIGN.md §5: the best young members form the reserve from which a successor is drawn. Four years
    # include the 2026 election, so many heads leave; each successor taken from the reserve keeps the
    # member's id, birth year and latent ability (plus the director shift in a director post) and turns A.
    from simtoolkit.model import CountyModel
    from simtoolkit.scenario import load_scenario
    from simtoolkit.rules import roles

    model = CountyModel(load_scenario(qingxu), replication=0, years=4)
    first_ids = model.world.heads.id.copy()
    result = model.run()
    heads, m = model.world.heads, model.world.members
    assert result.indicators["successors_from_reserve"].sum() > 0
    row_of = {int(i): k for k, i in enumerate(m.id)}
    successors = [s for s in range(len(heads)) if heads.id[s] != first_ids[s] and int(heads.id[s]) in row_of]
    assert successors
    shift = model.params().behaviour.heads.director_ability_shift
    for s in successors:
        row = row_of[int(heads.id[s])]
        assert m.category[row] == 0 and m.birth_year[row] == heads.birth_year[s]
        expected = model.member_ability[row] + (shift if heads.role[s] == roles.code("director") else 0.0)
        assert heads.ability[s] == pytest.approx(expected, abs=1e-4)


def _random_members(seed: int, n: int, n_villages: int) -> Members:
    """Members sorted by village, ids rising within a village as synthesis makes them, with tied points."""
    rng = np.random.default_rng(seed)
    return Members(id=rng.permutation(n).astype(np.int64) + 1, village=np.sort(rng.integers(0, n_villages, n)).astype(np.int32),
                   category=rng.integers(0, 6, n).astype(np.int8), birth_year=rng.integers(1960, 2005, n).astype(np.int16),
                   sex=np.zeros(n, np.int8), points=np.round(rng.normal(50, 10, n) / 5).astype(np.float32) * 5)


@pytest.mark.parametrize("seed", range(5))
def test_reserve_of_the_villages_asked_is_their_part_of_the_whole_reserve(seed):
    # The succession asks only for villages with a vacancy: their rows and sizes are those of the whole reserve,
    # the other villages are left empty.
    table = _random_members(seed, 4000, 60)
    wanted = np.random.default_rng(seed).choice(60, 12)  # repeated villages: two vacancies in one village
    whole, whole_size = members.reserve(table, 2025, 60, _params(reserve_size=3))
    part, part_size = members.reserve(table, 2025, 60, _params(reserve_size=3), villages=wanted)
    others = np.setdiff1d(np.arange(60), wanted)
    assert np.array_equal(part[wanted], whole[wanted]) and np.array_equal(part_size[wanted], whole_size[wanted])
    assert (part[others] == -1).all() and (part_size[others] == 0).all() and whole_size.sum() > 0


def test_categories_by_table_are_those_of_isin():
    every = np.arange(-128, 128, dtype=np.int8)
    for letters in (["A", "B", "C", "E"], ["B", "C"], []):
        assert np.array_equal(members.in_categories(every, letters), np.isin(every, members.category_codes(letters)))


@pytest.mark.parametrize("compiled", [False, True])
def test_accrued_points_are_the_monthly_points_added(compiled, monkeypatch):
    # One compiled pass (numba, when installed) or numpy in blocks: the bits of points += monthly_points(...), floor at 0 included.
    if compiled:
        pytest.importorskip("numba")
    monkeypatch.setattr(members.jit, "compiled", lambda kernel: members.jit.numba_kernel(kernel) if compiled else None)
    monkeypatch.setattr(members, "BLOCK", 4096)  # 10,001 members: two full blocks and a part
    rng = np.random.default_rng(3)
    n = 10_001
    category, ability = rng.integers(0, 6, n).astype(np.int8), rng.standard_normal(n, dtype=np.float32)
    noise, start = rng.standard_normal(n, dtype=np.float32) * np.float32(3), rng.random(n, dtype=np.float32) * 100
    expected = start + members.monthly_points(category, ability, noise, _params())
    points = start.copy()
    members.accrue_points(points, category, ability, noise, _params())
    assert np.array_equal(points, expected) and (members.monthly_points(category, ability, noise, _params()) == 0).any()


def test_accrued_points_follow_a_change_of_category_or_parameters(monkeypatch):
    # numpy keeps last month's duties + service: a successor turning A (code 0) in place, or new parameters,
    # must show in the next month's points. Category C (6 duty points) → A (10): 6 + 0.5 × 2 + 2 × 1 = 9 → 13.
    monkeypatch.setattr(members.jit, "compiled", lambda kernel: None)
    category, ability, noise = np.array([2, 5], np.int8), np.array([2.0, 0.0], np.float32), np.array([1.0, 1.0], np.float32)
    points = np.zeros(2, np.float32)
    members.accrue_points(points, category, ability, noise, _params())
    assert points.tolist() == [9.0, 3.0]  # F (code 5): 1 + 0 + 2 × 1 = 3
    category[0] = 0
    members.accrue_points(points, category, ability, noise, _params())
    assert points.tolist() == [9.0 + 13.0, 6.0]
    members.accrue_points(points, category, ability, noise, _params(points_noise=0.0))
    assert points.tolist() == [22.0 + 11.0, 6.0 + 1.0]
