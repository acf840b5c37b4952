"""Optional numba: kernels compiled where profiling showed a win, each with a numpy twin giving identical results.

Loading numba and a cached kernel costs about 0.9 s a process, more than a county run's whole
household update saves (~0.05 s). So by default (`SIMTOOLKIT_NUMBA` unset) a process switches to
the compiled kernels only once the work announced to it (`expect`) would repay that: a province
run, or a worker's batch of county replications. `SIMTOOLKIT_NUMBA=1` always compiles, `=0`
never; without numba installed the numpy twins run. Results are the same bits either way.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Callable

WORTH = 100_000_000  # household-steps whose saving (~9 ns each) repays loading numba (~0.9 s)
_expected = 0


def expect(steps: int) -> None:
    """Announce work this process is about to do (in household-steps), towards `WORTH`."""
    global _expected
    _expected += int(steps)


def enabled() -> bool:
    """True when compiled kernels are wanted now: allowed, installed, and the work announced repays loading them."""
    setting = os.environ.get("SIMTOOLKIT_NUMBA", "auto")
    if setting == "0" or (setting != "1" and _expected < WORTH):
        return False
    return installed()


@cache
def installed() -> bool:
    """True when numba can be imported."""
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True


def compiled(kernel: Callable) -> Callable | None:
    """`kernel` compiled by numba (cached on disk beside its module), or None when `enabled()` says no."""
    return numba_kernel(kernel) if enabled() else None


@cache
def numba_kernel(kernel: Callable) -> Callable:
    """`kernel` compiled by numba, whatever the environment says (tests compare it with its numpy twin)."""
    import numba

    return numba.njit(cache=True, nogil=True)(kernel)
