"""Random streams named by (seed, replication, mechanism, year, month), as DESIGN.md §4 describes.

Each mechanism draws full length over its table's slots (one value per slot whether or not the
event applies), so a reform that changes how many events happen keeps every other draw aligned
with its baseline (common random numbers), and results do not depend on workers or order.
"""

from __future__ import annotations

import zlib

import numpy as np


def mechanism_key(name: str) -> int:
    """A stable integer for a mechanism name (independent of registration order)."""
    return zlib.crc32(name.encode("utf-8"))


class Streams:
    """Factory of independent generators for one (seed, replication)."""

    def __init__(self, seed: int, replication: int):
        self.seed = int(seed)
        self.replication = int(replication)

    def rng(self, mechanism: str, year: int, month: int = 0) -> np.random.Generator:
        """The generator for one mechanism in one year (and month, for monthly draws)."""
        sequence = np.random.SeedSequence(self.seed, spawn_key=(self.replication, mechanism_key(mechanism), year, month))
        return np.random.Generator(np.random.PCG64(sequence))
