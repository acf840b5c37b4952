"""When the compiled kernels are used (simtoolkit/jit.py): only where loading numba pays, unless told."""

from __future__ import annotations

import pytest

from simtoolkit import jit


def kernel(x):
    return x + 1


@pytest.fixture
def fresh(monkeypatch):
    """No work announced yet, no setting in the environment."""
    monkeypatch.setattr(jit, "_expected", 0)
    monkeypatch.delenv("SIMTOOLKIT_NUMBA", raising=False)
    return monkeypatch


def test_a_small_job_runs_the_numpy_twin(fresh):
    # a county run announces 50,000 households × 120 months = 6 million steps, far below WORTH (10^8)
    jit.expect(50_000 * 120)
    assert jit.compiled(kernel) is None


def test_enough_work_switches_to_numba(fresh):
    pytest.importorskip("numba")
    # 17 such runs announce 1.02 × 10^8 steps: past WORTH, the kernel comes back compiled
    for _ in range(17):
        jit.expect(50_000 * 120)
    assert jit.compiled(kernel)(1) == 2 and jit.compiled(kernel) is jit.numba_kernel(kernel)


def test_the_environment_forces_either_way(fresh):
    pytest.importorskip("numba")
    fresh.setenv("SIMTOOLKIT_NUMBA", "1")
    assert jit.compiled(kernel) is not None  # no work announced, compiled all the same
    fresh.setenv("SIMTOOLKIT_NUMBA", "0")
    jit.expect(10 * jit.WORTH)
    assert jit.compiled(kernel) is None  # any amount of work, never compiled
