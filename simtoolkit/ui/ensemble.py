"""The one place the dashboard runs ensembles: replications on a process pool, kept one by one.

Each replication is the runner's task (`simtoolkit.experiments.runner.simulate_replication`); the
scenario travels as its validated values (`runner.portable`) and is rebuilt once per worker, the
replication comes back as a compact `Record` with its CPU seconds. A replication depends only on
(scenario, seed, replication, years), so the pool gives exactly the serial results, and finished
replications are kept per (scenario digest, seed, years): asking for more replications of a setting
runs only the new ones, and the unchanged baseline is computed once.

`Runs.collect` submits every missing replication of the settings asked for at once, in the order
they are needed (the preview's first), so the workers never wait while the page draws a preview.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from simtoolkit import jit
from simtoolkit.experiments.record import Record
from simtoolkit.experiments.runner import portable, simulate_replication
from simtoolkit.scenario import Scenario

KEPT_SETTINGS = 8  # scenario settings whose replications are kept (the baseline and recent changes)
PRELOAD = ["simtoolkit.ui.ensemble", "simtoolkit.experiments.replicate", "numba"]  # what a worker needs, imported once


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

    A worker that imports the model on its first replication spends 1.3 s on it (and 1.5 s more if
    the task's module pulled in ipywidgets: `simtoolkit.ui` imports the dashboard lazily for this);
    preloaded in the fork server, a new worker's first replication is as fast as the others.
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
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=start_worker, initargs=(jit.WORTH,))


def start_worker(worth: int) -> None:
    """A pool worker: deaf to Ctrl-C (the page's stop interrupts the kernel's whole process group, and each worker
    would print a KeyboardInterrupt traceback; the pool is shut down by its owner), and announced to `jit`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    jit.expect(worth)


_SCENARIOS: OrderedDict[str, Scenario] = OrderedDict()  # in a worker: the scenarios of recent settings


def replicate_one(payload: tuple, k: int, seed: int, years: int) -> tuple[Record, float]:
    """Run one replication of a scenario sent as `runner.portable` values: its record and CPU seconds.

    The scenario is rebuilt once per worker and setting, and only the last few are kept (the
    runner keeps every one, and a dashboard's workers see a new setting with every change).
    """
    digest, *fields = payload
    scenario = _SCENARIOS.pop(digest, None) or Scenario(*fields)
    _SCENARIOS[digest] = scenario
    while len(_SCENARIOS) > KEPT_SETTINGS:
        _SCENARIOS.popitem(last=False)
    start = time.process_time()
    record = simulate_replication(scenario, k, seed, years)
    return record, time.process_time() - start


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
                self._keep(want, k, *replicate_one(portable(want.scenario), k, want.seed, want.years))
                if on_done:
                    on_done(self.ran, len(tasks))
            return
        payloads = {want.key: portable(want.scenario) for want, _ in tasks}
        futures: dict[Future, tuple[Want, int]] = {
            self.pool.submit(replicate_one, payloads[want.key], k, want.seed, want.years): (want, k) for want, k in tasks}
        try:
            for future in as_completed(futures):
                self._keep(*futures[future], *future.result())
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
