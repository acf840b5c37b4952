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

import os
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass

from simtoolkit.experiments.executors import _process_pool
from simtoolkit.experiments.record import Record
from simtoolkit.experiments.runner import portable, run_batch
from simtoolkit.scenario import Scenario

KEPT_SETTINGS = 8  # scenario settings whose replications are kept (the baseline and recent changes)


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
    """The runner's pool of worker processes (fork server, toolkit preloaded), or None for one core."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    return _process_pool(workers) if workers > 1 else None


def _one(payload: tuple, k: int, seed: int, years: int) -> tuple[Record, float]:
    """Run one replication through the runner's task; a failure raises with the runner's one-line error."""
    [(_, record, error, seconds)] = run_batch(payload, [k], seed, years)
    if record is None:
        raise RuntimeError(error)
    return record, seconds


class Runs:
    """Finished replications per setting, and a pool (or this thread) to run the missing ones."""

    def __init__(self, workers: int | None = None):
        self.pool = process_pool(workers)
        self.workers = 1 if self.pool is None else self.pool._max_workers
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
                self._keep(want, k, *_one(portable(want.scenario), k, want.seed, want.years))
                if on_done:
                    on_done(self.ran, len(tasks))
            return
        payloads = {want.key: portable(want.scenario) for want, _ in tasks}
        futures: dict[Future, tuple[Want, int]] = {
            self.pool.submit(_one, payloads[want.key], k, want.seed, want.years): (want, k) for want, k in tasks}
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
