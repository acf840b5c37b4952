"""Named random streams (simtoolkit/streams.py, DESIGN.md §4): a name gives the same numbers, any other name others."""

from __future__ import annotations

import numpy as np

from simtoolkit.streams import NamedSeed, Streams


def test_the_same_name_gives_the_same_numbers():
    # replication 3 of seed 7, mechanism "elections", 2024: asked twice, or from a second factory, the same draws
    a = Streams(7, 3).rng("elections", 2024).random(5)
    assert np.array_equal(a, Streams(7, 3).rng("elections", 2024).random(5))


def test_every_part_of_the_name_matters():
    # changing the seed, the replication, the mechanism, the year or the month changes every draw
    base = Streams(7, 3).rng("elections", 2024, 0).random(8)
    others = [Streams(8, 3).rng("elections", 2024, 0), Streams(7, 4).rng("elections", 2024, 0),
              Streams(7, 3).rng("election", 2024, 0), Streams(7, 3).rng("elections", 2025, 0),
              Streams(7, 3).rng("elections", 2024, 1)]
    for rng in others:
        assert not np.any(rng.random(8) == base)


def test_seed_words_are_the_hash_bytes_whatever_the_word_size():
    # PCG64 asks for 4 × 64-bit words; the same name asked for 8 × 32-bit words gives the same 32 bytes,
    # and a request longer than one 64-byte hash block continues with a second block
    seed = NamedSeed(b"7/3/elections/2024/0")
    assert seed.generate_state(4, np.uint64).tobytes() == seed.generate_state(8, np.uint32).tobytes()
    long = seed.generate_state(20, np.uint64)
    assert long[:4].tobytes() == seed.generate_state(4, np.uint64).tobytes() and len(set(long.tolist())) == 20


def test_uniform_draws_look_uniform():
    # 100,000 uniforms from a named stream: the mean is 0.5 within 4 standard errors (4 × 0.289 / √100,000 ≈ 0.0037)
    draws = Streams(1, 0).rng("check", 2020).random(100_000)
    assert abs(draws.mean() - 0.5) < 0.0037
