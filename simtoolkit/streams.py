"""Random streams named by (seed, replication, mechanism, year, month), as DESIGN.md §4 describes.

Each mechanism draws full length over its table's slots (one value per slot whether or not the
event applies), so a reform that changes how many events happen keeps every other draw aligned
with its baseline (common random numbers), and results do not depend on workers or order.

A stream's PCG64 state is the BLAKE2b hash of its name. numpy's SeedSequence would do as well
but costs about three times as much, and a county run opens several hundred streams.
"""

from __future__ import annotations

import hashlib

import numpy as np
from numpy.random.bit_generator import ISeedSequence


class NamedSeed(ISeedSequence):
    """Seed words for a bit generator: BLAKE2b of a stream's name (and a block counter when more are asked)."""

    __slots__ = ("name",)

    def __init__(self, name: bytes):
        self.name = name

    def generate_state(self, n_words: int, dtype=np.uint32) -> np.ndarray:
        """`n_words` words of `dtype` (uint32 or uint64) derived from the name."""
        size = np.dtype(dtype).itemsize * n_words
        data = hashlib.blake2b(self.name, digest_size=64).digest()  # block 0 (BLAKE2b's default salt is zeros)
        if size > 64:
            data += b"".join(hashlib.blake2b(self.name, digest_size=64, salt=k.to_bytes(16, "little")).digest()
                             for k in range(1, -(-size // 64)))
        return np.frombuffer(data[:size], dtype=dtype).copy()


class Streams:
    """Factory of independent generators for one (seed, replication)."""

    def __init__(self, seed: int, replication: int):
        self.seed = int(seed)
        self.replication = int(replication)

    def rng(self, mechanism: str, year: int, month: int = 0) -> np.random.Generator:
        """The generator for one mechanism in one year (and month, for monthly draws)."""
        name = f"{self.seed}/{self.replication}/{mechanism}/{int(year)}/{int(month)}".encode("utf-8")
        return np.random.Generator(np.random.PCG64(NamedSeed(name)))
