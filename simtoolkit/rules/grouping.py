"""Ranking within groups (townships, the county) on sorted keys, without loops over agents."""

from __future__ import annotations

import numpy as np

_WORD = 64  # bits of a packed sort key (uint64)
_SMALL = 1024  # up to this many rows one lexsort costs less than packing


def rank_within(group: np.ndarray, keys_desc: list[np.ndarray], ids: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """0-based rank of each row within its group, best first by `keys_desc`, ties by lower id.

    Rows outside `mask` are ranked after every row inside it; rows equal in everything keep their order.
    """
    if not _plain(group, keys_desc, ids, mask):
        return _rank_by_lexsort(group, keys_desc, ids, mask)
    if group.size <= _SMALL:
        inside = () if mask is None else (~mask,)
        order = np.lexsort((ids, *[-k for k in reversed(keys_desc)], *inside, group))
        return _ranks_from_order(group, order)
    return _packed_ranks(group, keys_desc, ids, mask)


def _rank_by_lexsort(group, keys_desc, ids, mask=None) -> np.ndarray:
    """The original implementation (one multi-key lexsort), kept for inputs the faster paths do not take."""
    inside = np.ones(group.size, bool) if mask is None else mask
    # lexsort sorts by the last key first
    order = np.lexsort((ids, *[-k for k in reversed(keys_desc)], ~inside, group))
    sorted_group = group[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_group)) + 1]
    first_of_group = np.repeat(starts, np.diff(np.r_[starts, sorted_group.size]))
    rank = np.empty(group.size, np.int64)
    rank[order] = np.arange(group.size) - first_of_group
    return rank


def _plain(group, keys_desc, ids, mask) -> bool:
    """Non-empty 1-d numpy columns of one length: integer groups and ids, float32/float64 keys, a boolean mask."""
    columns = (group, ids, *keys_desc) if mask is None else (group, ids, mask, *keys_desc)
    n = group.size
    return (all(type(c) is np.ndarray and c.ndim == 1 and c.size == n for c in columns) and n > 0
            and group.dtype.kind in "iu" and ids.dtype.kind in "iu" and (mask is None or mask.dtype == bool)
            and all(k.dtype == np.float64 or k.dtype == np.float32 for k in keys_desc))


def _packed_ranks(group, keys_desc, ids, mask) -> np.ndarray:
    """Ranks in the lexsort's order — group, rows inside the mask first, keys descending, id, row — by sorting packed uint64.

    Each part becomes unsigned integers in the same order, as few bits as its range needs. Parts are packed
    side by side, most significant highest, above the rank of what was sorted before (at first the row), and
    sorted by value, which is much faster than an argsort or a lexsort; the low bits carry the rows back.
    A part too wide to pack beside the rank is replaced by its dense rank.
    """
    n = group.size
    row_bits = (n - 1).bit_length()
    room = _WORD - row_bits
    parts = [] if _redundant_ids(group, ids) else [_unsigned(ids)]
    parts += [_descending(k) for k in reversed(keys_desc)]
    if mask is not None:
        parts.append((np.logical_not(mask).astype(np.uint64), int(not mask.all())))
    offset, group_bits = _unsigned(group)
    parts.append((offset.copy(), group_bits))
    order = rank = packed = None
    width = 0
    for values, bits in parts:
        if bits == 0:  # a constant orders nothing
            continue
        if bits > room:
            values, bits = _dense(values)
        if width + bits > room:
            order, rank = _sort_stage(packed, row_bits, order, rank)
            packed, width = None, 0
        if packed is None:
            packed = values
        else:
            packed |= values << np.uint64(width)
        width += bits
    if packed is not None:
        order, rank = _sort_stage(packed, row_bits, order, rank)
    if order is None:  # one group, nothing to order: the rows in turn
        return np.arange(n)
    if group_bits > row_bits + 2:  # sparse group codes: a table of group starts would be large
        return _ranks_from_order(group, order)
    counts = np.bincount(offset.view(np.int64))
    starts = np.cumsum(counts) - counts
    return rank.view(np.int64) - starts[offset.view(np.int64)]


def _redundant_ids(group, ids) -> bool:
    """Whether the rows are sorted by group and ids do not fall within a group, so the row order already breaks ties by id."""
    same = group[1:] == group[:-1]
    return bool(np.all(group[1:] >= group[:-1]) and not np.any(same & (ids[1:] < ids[:-1])))


def _sort_stage(packed, row_bits, order, rank):
    """Rows sorted by `packed`, ties by the previous stage's rank (at first, the row): the order and the rank."""
    n = packed.size
    packed <<= np.uint64(row_bits)
    packed |= np.arange(n, dtype=np.uint64) if rank is None else rank
    packed.sort()
    packed &= np.uint64((1 << row_bits) - 1)
    low = packed.astype(np.intp)
    order = low if order is None else order[low]
    rank = np.empty(n, np.uint64)
    rank[order] = np.arange(n, dtype=np.uint64)
    return order, rank


def _unsigned(x) -> tuple[np.ndarray, int]:
    """Integers as uint64 offsets from their minimum (the same order), and the bits they need."""
    low, high = int(x.min()), int(x.max())
    if high - low >= 1 << 63:  # only int64/uint64 spanning more than 2**63
        u = x.astype(np.uint64) if x.dtype.kind == "u" else x.view(np.uint64) ^ np.uint64(1 << 63)
        u -= u.min()
    else:
        u = x.astype(np.int64)
        u -= low
        u = u.view(np.uint64)
    return u, (high - low).bit_length()


def _descending(k) -> tuple[np.ndarray, int]:
    """Floats as uint64 in descending order of value (NaN last, −0.0 equal to 0.0), offsets from their minimum, and the bits."""
    signed, word = (np.int32, np.uint32) if k.dtype == np.float32 else (np.int64, np.uint64)
    bits = (k + k.dtype.type(0.0)).view(word)  # −0.0 + 0.0 = 0.0
    flip = bits.view(signed) >> (8 * k.dtype.itemsize - 1)  # all ones for negatives
    np.invert(flip, out=flip)
    flip.view(word)[...] &= ~word(1 << (8 * k.dtype.itemsize - 1))
    np.bitwise_xor(bits, flip.view(word), out=bits)  # negatives keep their bits, the rest flip but the sign: larger → smaller
    nan = np.isnan(k)
    if nan.any():
        bits[nan] = ~word(0)
    down = bits.astype(np.uint64)
    low = down.min()
    down -= low
    return down, int(down.max()).bit_length()


def _dense(values) -> tuple[np.ndarray, int]:
    """Dense ranks (0, 1, … in the same order, equal values equal) and their bits."""
    order = np.argsort(values)
    step = np.empty(values.size, np.uint64)
    step[0] = 0
    sorted_values = values[order]
    np.not_equal(sorted_values[1:], sorted_values[:-1], out=step[1:], casting="unsafe")
    np.cumsum(step, out=step)
    dense = np.empty(values.size, np.uint64)
    dense[order] = step
    return dense, int(step[-1]).bit_length()


def _ranks_from_order(group, order) -> np.ndarray:
    """Each row's place within its group, from the rows in sorted order."""
    n = order.size
    sorted_group = group[order]
    position = np.arange(n)
    first = np.empty(n, np.intp)
    first[0] = 0
    np.not_equal(sorted_group[1:], sorted_group[:-1], out=first[1:], casting="unsafe")
    first *= position
    np.maximum.accumulate(first, out=first)
    rank = np.empty(n, np.int64)
    rank[order] = position - first
    return rank


def count_by(group: np.ndarray, mask: np.ndarray, n_groups: int) -> np.ndarray:
    """How many rows in `mask` each group has."""
    return np.bincount(group[mask], minlength=n_groups)
