"""Optional numba: kernels compiled where profiling showed a win, each with a numpy twin giving identical results.

numba is imported only when a compiled kernel is first needed (the import costs about 0.35 s), and
not at all when `SIMTOOLKIT_NUMBA=0` or numba is not installed: the numpy twin runs instead.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Callable


@cache
def enabled() -> bool:
    """True when numba is wanted (SIMTOOLKIT_NUMBA is not "0") and importable."""
    if os.environ.get("SIMTOOLKIT_NUMBA", "1") == "0":
        return False
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def compiled(kernel: Callable) -> Callable | None:
    """`kernel` compiled by numba (cached on disk beside its module), or None when numba is off."""
    return numba_kernel(kernel) if enabled() else None


def numba_kernel(kernel: Callable) -> Callable:
    """`kernel` compiled by numba, whatever the environment says (tests compare it with its numpy twin)."""
    import numba

    return numba.njit(cache=True, nogil=True)(kernel)
