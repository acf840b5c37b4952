"""Ranking within groups (rules/grouping.py): best first by the keys, ties by lower id, rows outside the mask last.

`rank_within` sorts packed integer keys for large tables and one lexsort for small ones; both must give
exactly the ranks of the original multi-key lexsort (`_rank_by_lexsort`, kept verbatim), ties included.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simtoolkit.rules import grouping
from simtoolkit.rules.grouping import _rank_by_lexsort, count_by, rank_within


@pytest.mark.parametrize("small", [1024, 0])  # the lexsort path and the packed path
def test_ranks_by_keys_then_id_with_masked_rows_last(small, monkeypatch):
    # 季排名 within townships: township 0 has ids 5 (score 80), 3 (90), 9 (90), 4 (95, outside the mask);
    # best first: 3 and 9 tie on 90 → lower id 3 first (rank 0), 9 (1), 5 (2), then 4 outside the mask (3).
    # Township 1: id 7 (70) alone → 0.
    monkeypatch.setattr(grouping, "_SMALL", small)
    group = np.array([0, 0, 0, 1, 0])
    score = np.array([80.0, 90.0, 90.0, 70.0, 95.0])
    ids = np.array([5, 9, 3, 7, 4])
    mask = np.array([True, True, True, True, False])
    assert rank_within(group, [score], ids, mask).tolist() == [2, 1, 0, 0, 3]
    # a second key breaks the tie before the id: 9 has the better second key
    assert rank_within(group, [score, np.array([1.0, 2.0, 1.0, 0.0, 0.0])], ids, mask).tolist() == [2, 0, 1, 0, 3]
    assert count_by(group, mask, 2).tolist() == [3, 1]


def _random_case(seed: int, n: int):
    """Groups, keys and ids with many ties, NaN, ±0.0 and ±inf; some ids repeated or spread over a wide range."""
    rng = np.random.default_rng(seed)
    group = rng.integers(-2, int(rng.integers(1, 40)), n).astype(rng.choice(["int8", "int32", "int64", "uint16"]) if rng.random() < 0.8 else "int64")
    if group.dtype.kind == "u":
        group = np.abs(group.astype(np.int64)).astype(np.uint16)
    if rng.random() < 0.5:
        group = np.sort(group)
    ids = rng.integers(0, max(2, n // int(rng.integers(1, 4))), n)
    if rng.random() < 0.3:
        ids = ids * 10 ** int(rng.integers(1, 17)) - 7  # wider than can be packed beside the rows
    if rng.random() < 0.3:
        ids = np.sort(ids)
    keys = []
    for _ in range(int(rng.integers(0, 4))):
        key = np.round(rng.normal(size=n) * 3) / 2 if rng.random() < 0.7 else rng.normal(size=n) * 1e30
        special = rng.random(n)
        key[special < 0.05] = np.nan
        key[(special >= 0.05) & (special < 0.1)] = -0.0
        key[(special >= 0.1) & (special < 0.12)] = np.inf
        key[(special >= 0.12) & (special < 0.14)] = -np.inf
        keys.append(key.astype(rng.choice(["float32", "float64"])))
    mask = None if rng.random() < 0.3 else rng.random(n) < rng.random()
    return group, keys, ids, mask


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 3000), small=st.sampled_from([1024, 0]))
def test_same_ranks_as_the_original_lexsort(seed, n, small):
    group, keys, ids, mask = _random_case(seed, n)
    old, saved = _rank_by_lexsort(group, keys, ids, mask), grouping._SMALL
    grouping._SMALL = small
    try:
        new = rank_within(group, keys, ids, mask)
    finally:
        grouping._SMALL = saved
    assert new.dtype == old.dtype and np.array_equal(new, old)


def test_other_inputs_take_the_original_lexsort():
    # integer keys, a mask of 0/1 integers, lists: whatever the original did, rank_within does
    group, ids = np.array([1, 0, 1, 0]), np.array([4, 3, 2, 1])
    for keys, mask in (([np.array([3, 1, 3, 2])], None), ([np.array([0.5, 0.5, 0.1, 0.9])], np.array([1, 0, 1, 1]))):
        assert np.array_equal(rank_within(group, keys, ids, mask), _rank_by_lexsort(group, keys, ids, mask))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_packed_ranks_on_neighbouring_floats_and_ids_across_the_whole_integer_range(dtype, monkeypatch):
    # the packed path orders floats by their bits and ids by their offset from the smallest: keys one unit in the last
    # place apart (either side of ±1 and ±2, where the exponent's top bits differ), ±0, ±inf and NaN, and ids spanning
    # all of int64 (or uint64 above 2**63), must rank exactly as the original lexsort ranks them
    monkeypatch.setattr(grouping, "_SMALL", 0)
    t = np.dtype(dtype).type
    base = np.array([1.0, 2.0, 3.0, 0.5, 1e-30], dtype)
    keys = np.concatenate([base, np.nextafter(base, t(np.inf)), -base, np.nextafter(-base, t(-np.inf)),
                           np.array([0.0, -0.0, np.inf, -np.inf, np.nan], dtype)])
    n = keys.size
    rng = np.random.default_rng(3)
    group = np.repeat([0, 1], n)
    keys = np.concatenate([keys, rng.permutation(keys)])
    wide = np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max, 0, -1, 1], np.int64)
    for ids in (np.resize(wide, 2 * n), np.resize(np.array([2**64 - 1, 2**63, 0, 5], np.uint64), 2 * n), rng.permutation(2 * n)):
        for mask in (None, np.arange(2 * n) % 3 > 0):
            assert np.array_equal(rank_within(group, [keys], ids, mask), _rank_by_lexsort(group, [keys], ids, mask))
            assert np.array_equal(rank_within(group[::-1].copy(), [keys], ids, mask), _rank_by_lexsort(group[::-1].copy(), [keys], ids, mask))


def test_packed_ranks_break_ties_by_id_however_the_ids_lie(monkeypatch):
    # equal keys, so the id decides; each case defeats a shortcut of the packed path:
    # rows not sorted by group, with a lower id further down (ids not redundant with the row order);
    # uint64 ids one apart near 2**64 (equal as floats); int64 ids whose offsets from the smallest wrap if added;
    # five distinct ids too wide to pack, whose dense ranks 0..4 need 3 bits
    monkeypatch.setattr(grouping, "_SMALL", 0)
    cases = [
        (np.array([0, 1, 0]), np.array([9, 5, 1])),
        (np.zeros(3, np.int64), np.array([2**64 - 1, 2**64 - 2, 3], np.uint64)),
        (np.zeros(4, np.int64), np.array([np.iinfo(np.int64).min + 5, np.iinfo(np.int64).max, 0, -7], np.int64)),
        (np.zeros(5, np.int64), np.array([np.iinfo(np.int64).max, np.iinfo(np.int64).min, 10**15, -(10**15), 3], np.int64)),
    ]
    for group, ids in cases:
        keys = [np.zeros(ids.size)]
        assert np.array_equal(rank_within(group, keys, ids), _rank_by_lexsort(group, keys, ids)), ids


def test_packed_ranks_break_ties_by_id_where_a_later_group_lists_its_ids_falling(monkeypatch):
    # rows sorted by group, ids rising in township 0 (1, 2) but falling in township 1 (9, 8), every key tied: the lower
    # id first in each township — 1 (rank 0), 2 (1); 8 (0) before 9 (1) — so the row order does not break the ties
    monkeypatch.setattr(grouping, "_SMALL", 0)
    assert rank_within(np.array([0, 0, 1, 1]), [np.zeros(4)], np.array([1, 2, 9, 8])).tolist() == [0, 1, 1, 0]


def test_packed_ranks_keep_a_key_packed_above_ids_too_wide_to_pack(monkeypatch):
    # ids spanning all of int64 are replaced by their dense ranks 0..4 (3 bits, the highest a power of two), and the key
    # is packed above them: the key decides first — row 0's key is one unit in the last place below the others', so it
    # ranks last; the other four tie on the key and go by id: −10**15 (row 3), 3 (row 4), 10**15 (row 2), the largest (row 1)
    monkeypatch.setattr(grouping, "_SMALL", 0)
    info = np.iinfo(np.int64)
    ids = np.array([info.min, info.max, 10**15, -(10**15), 3], np.int64)
    keys = [np.array([np.nextafter(1.0, 0.0), 1.0, 1.0, 1.0, 1.0])]
    assert rank_within(np.zeros(5, np.int64), keys, ids).tolist() == [4, 3, 2, 0, 1]


def test_keys_groups_and_ids_of_other_types_take_the_original_lexsort_however_many_rows(monkeypatch):
    # only float keys and integer groups and ids take the fast paths (with _SMALL 0, the packed one): integer keys with
    # negatives rank best first — 3 (rank 0), −1 (1), −2 (2); groups 0.5 and 0.2 are two groups, each head alone
    # (rank 0); tied ids 1.5 and 1.2 go by the lower id, 1.2 first — as the original lexsort ranks them
    monkeypatch.setattr(grouping, "_SMALL", 0)
    assert rank_within(np.zeros(3, np.int64), [np.array([-1, -2, 3])], np.arange(3)).tolist() == [1, 2, 0]
    assert rank_within(np.array([0.5, 0.2]), [np.zeros(2)], np.arange(2)).tolist() == [0, 0]
    assert rank_within(np.zeros(2, np.int64), [np.zeros(2)], np.array([1.5, 1.2])).tolist() == [1, 0]
