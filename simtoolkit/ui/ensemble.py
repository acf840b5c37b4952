"""The one place the dashboard runs ensembles: replications of a scenario, optionally on a process pool.

Each replication is the runner's task (`simtoolkit.experiments.runner.simulate_replication`), which
returns a compact `Record` (kilobytes, cheap to send between processes). The dashboard schedules
them itself so it can show a preview, count progress and abandon a superseded setting. A
replication depends only on (scenario, seed, replication, years), so the pool gives exactly the
serial results.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed

from simtoolkit.experiments.record import Record
from simtoolkit.experiments.runner import simulate_replication
from simtoolkit.scenario import Scenario


class Superseded(Exception):
    """Raised by a progress callback to abandon an ensemble nobody waits for any more."""


def run_ensemble(scenario: Scenario, reps: int, seed: int, years: int, executor: Executor | None = None,
                 progress: Callable[[int], None] | None = None, first: int = 0) -> list[Record]:
    """Replications first..reps-1 in order; on `executor` when given; `progress(done)` after each."""
    if executor is None:
        results = []
        for k in range(first, reps):
            results.append(simulate_replication(scenario, k, seed, years))
            if progress:
                progress(k + 1)
        return results
    futures = {executor.submit(simulate_replication, scenario, k, seed, years): k for k in range(first, reps)}
    done: dict[int, Record] = {}
    try:
        for future in as_completed(futures):
            done[futures[future]] = future.result()
            if progress:
                progress(first + len(done))
    except BaseException:
        for future in futures:
            future.cancel()
        raise
    return [done[k] for k in range(first, reps)]


def process_pool(workers: int | None = None) -> Executor | None:
    """A pool of worker processes (forkserver: safe from a kernel with threads), or None for one core."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1:
        return None
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"))
