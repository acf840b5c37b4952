"""The one place the dashboard runs ensembles: replications on a process pool, kept one by one.

Each replication is the runner's task (`simtoolkit.experiments.runner.run_batch`: the scenario travels
as its validated values and is rebuilt once per worker, the replication comes back as a compact
`Record` with its CPU seconds). A replication depends only on (scenario, seed, replication, years),
so the pool gives exactly the serial results, and finished replications are kept per
(scenario digest, seed, years): asking for more replications of a setting runs only the new ones,
and the unchanged baseline is computed once.

`Runs.collect` submits every missing replication of the settings asked for at once, in the order
they are needed (the preview's first), so the workers never wait while the page draws a preview.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from simtoolkit import jit
from simtoolkit.experiments.record import Record
from simtoolkit.experiments.runner import portable, run_batch
from simtoolkit.scenario import Scenario

KEPT_SETTINGS = 8  # scenario settings whose replications are kept (the baseline and recent changes)
PRELOAD = ["simtoolkit.experiments.runner", "simtoolkit.experiments.replicate", "numba"]  # what a worker needs, imported once


class Superseded(Exception):
    """Raised by a progress callback to abandon an ensemble nobody waits for any more."""


@dataclass(frozen=True)
class Want:
    """Replications 0..reps-1 of one scenario with a seed and a horizon."""

    scenario: Scenario
    reps: int
    seed: int
    years: int

    @property
    def key(self) -> tuple:
        """What a replication of this setting depends on, besides its number."""
        return self.scenario.digest, self.seed, self.years


def process_pool(workers: int | None = None) -> Executor | None:
    """Worker processes forked from a server that has imported the model, or None for one core.

    The runner's fork server preloads only the runner; a worker then imported the model on its first
    replication (1.3 s). Preloading it here makes a new worker's first replication as fast as the others.
    """
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1:
        return None
    try:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)  # no effect when this process's fork server already runs
    except ValueError:  # no fork server on this platform
        context = multiprocessing.get_context("spawn")
    # a worker lives as long as the page and runs hundreds of county replications: announced to `jit`, it
    # loads the compiled kernels once (about 0.9 s, on the page's first computation), then saves ~25 % a replication
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=jit.expect, initargs=(jit.WORTH,))


def _outcome(batch: list[tuple[int, Record | None, str | None, float]]) -> tuple[Record, float]:
    """The record and CPU seconds of a one-replication batch; a failure raises with the runner's one-line error.

    Workers run `run_batch` itself: a task defined in this module would make every worker import the
    dashboard (ipywidgets and all), which took 1.5 s on a worker's first replication.
    """
    [(_, record, error, seconds)] = batch
    if record is None:
        raise RuntimeError(error)
    return record, seconds


class Runs:
    """Finished replications per setting, and a pool (or this thread) to run the missing ones."""

    def __init__(self, workers: int | None = None):
        self.pool = process_pool(workers)
        self.workers = 1 if self.pool is None else self.pool._max_workers
        for _ in range(self.workers if self.pool is not None else 0):
            # start the fork server and the workers now, while the page builds its controls (a builtin: nothing to import)
            self.pool.submit(os.getpid)
        self._kept: OrderedDict[tuple, dict[int, Record]] = OrderedDict()
        self.model_seconds = 0.0  # CPU seconds of the replications run by the last `collect`
        self.ran = 0  # replications run by the last `collect`

    def kept(self, want: Want) -> dict[int, Record]:
        """The finished replications of a setting (marked as recently used)."""
        runs = self._kept.setdefault(want.key, {})
        self._kept.move_to_end(want.key)
        while len(self._kept) > KEPT_SETTINGS:
            self._kept.popitem(last=False)
        return runs

    def ready(self, want: Want) -> list[Record] | None:
        """All replications of a setting, if every one is finished."""
        runs = self.kept(want)
        return [runs[k] for k in range(want.reps)] if all(k in runs for k in range(want.reps)) else None

    def collect(self, order: Sequence[tuple[Want, range]], on_done: Callable[[int, int], None] | None = None) -> None:
        """Run the missing replications of each (setting, replications) in that order; `on_done(done, total)` after each.

        `on_done` may raise (e.g. `Superseded`): what has not started is cancelled, what finished is kept.
        """
        tasks: list[tuple[Want, int]] = []
        queued: set[tuple] = set()
        for want, ks in order:
            runs = self.kept(want)
            for k in ks:
                if k not in runs and (want.key, k) not in queued:
                    tasks.append((want, k))
                    queued.add((want.key, k))
        self.model_seconds, self.ran = 0.0, 0
        if self.pool is None:
            for want, k in tasks:
                self._keep(want, k, *_outcome(run_batch(portable(want.scenario), [k], want.seed, want.years)))
                if on_done:
                    on_done(self.ran, len(tasks))
            return
        payloads = {want.key: portable(want.scenario) for want, _ in tasks}
        futures: dict[Future, tuple[Want, int]] = {
            self.pool.submit(run_batch, payloads[want.key], [k], want.seed, want.years): (want, k) for want, k in tasks}
        try:
            for future in as_completed(futures):
                self._keep(*futures[future], *_outcome(future.result()))
                if on_done:
                    on_done(self.ran, len(tasks))
        except BaseException:
            for future in futures:
                future.cancel()
            raise

    def _keep(self, want: Want, k: int, record: Record, seconds: float) -> None:
        """Store one finished replication and count its CPU time."""
        self.kept(want)[k] = record
        self.model_seconds += seconds
        self.ran += 1

    def close(self) -> None:
        """Stop the worker processes."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def run_ensemble(scenario: Scenario, reps: int, seed: int, years: int, workers: int | None = 1) -> list[Record]:
    """Replications 0..reps-1 of a scenario, in order (on `workers` processes)."""
    runs = Runs(workers)
    try:
        want = Want(scenario, reps, seed, years)
        runs.collect([(want, range(reps))])
        return runs.ready(want)
    finally:
        runs.close()
