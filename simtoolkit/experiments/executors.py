"""Where replications run: in this process, on local processes, on any `concurrent.futures` executor, or on Dask.

`open_backend` turns what a caller names — ``"sequential"``, ``"local"`` (processes, the default),
``"dask"`` (a cluster at `scheduler`, or a `LocalCluster` of `workers` processes on 127.0.0.1 that
it starts and shuts down), an `Executor` or a `distributed.Client` — into a small `Backend` with
`submit`, `as_completed` and `cancel`. Results never depend on which: every task is a pure
function of its inputs, and the runner assembles them in replication order.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from simtoolkit.errors import InputError

KINDS = ("local", "dask", "sequential")
CONNECT_TIMEOUT = "10s"  # how long to try reaching a Dask scheduler
NO_WORKERS_SECONDS = 120.0  # how long a Dask cluster may have no worker before the run gives up (--worker-timeout)
POLL_SECONDS = 0.1  # how often a waiting Dask run looks for finished tasks
WORKER_CHECK_SECONDS = 1.0  # how often it asks the scheduler whether any worker is left


class WorkersLost(RuntimeError):
    """A Dask cluster had no worker for longer than the run may wait."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"the Dask cluster has had no worker for {seconds:g} s")


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class _Done:
    """A finished task of the sequential backend, with the interface of a future."""

    def __init__(self, fn: Callable, args: tuple):
        self._fn, self._args = fn, args
        self._value: Any = None
        self._error: BaseException | None = None
        self._ran = False

    def run(self) -> None:
        """Run the task now, keeping its value or its error."""
        try:
            self._value = self._fn(*self._args)
        except Exception as exc:  # noqa: BLE001 - handed back through result(), like a real future
            self._error = exc
        self._ran = True

    def result(self) -> Any:
        """The value, or the task's error raised again."""
        if not self._ran:
            self.run()
        if self._error is not None:
            raise self._error
        return self._value

    def cancel(self) -> bool:
        """True when the task had not run (it never will)."""
        return not self._ran


class Backend:
    """Submit tasks and collect them as they finish."""

    name = "backend"
    workers = 1

    def submit(self, fn: Callable, *args: Any):
        """Start `fn(*args)`; return a future-like object with `result()`."""
        raise NotImplementedError

    def as_completed(self, futures: Iterable) -> Iterator:
        """Yield futures as they finish."""
        raise NotImplementedError

    def cancel(self, futures: Iterable) -> None:
        """Cancel tasks not yet started."""
        for f in futures:
            f.cancel()

    def abort(self, futures: Iterable) -> None:
        """Stop as soon as possible after Ctrl-C: cancel what has not started (and, where owned, stop the workers)."""
        self.cancel(futures)


class SequentialBackend(Backend):
    """Runs each task in this process when it is collected, in submission order."""

    name = "sequential"

    def submit(self, fn, *args):
        return _Done(fn, args)

    def as_completed(self, futures):
        for f in futures:
            f.run()
            yield f


class ExecutorBackend(Backend):
    """Any `concurrent.futures.Executor` (process or thread pool, or a compatible one such as MPIPoolExecutor)."""

    def __init__(self, executor: cf.Executor, workers: int | None = None, name: str = "executor"):
        self.executor, self.name = executor, name
        self.workers = workers or getattr(executor, "_max_workers", None) or 1

    def submit(self, fn, *args):
        return self.executor.submit(fn, *args)

    def as_completed(self, futures):
        return cf.as_completed(list(futures))


class LocalPoolBackend(ExecutorBackend):
    """A process pool this module started: on Ctrl-C its workers are stopped at once, not left to finish."""

    def __init__(self, workers: int):
        super().__init__(_process_pool(workers), workers, "local")
        self.aborted = False

    def abort(self, futures):
        self.aborted = True
        processes = list((getattr(self.executor, "_processes", None) or {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:  # their batches are lost anyway: the records kept so far are on disk
            process.terminate()

    def close(self) -> None:
        self.executor.shutdown(wait=not self.aborted, cancel_futures=True)


class DaskBackend(Backend):
    """A `distributed.Client`; tasks are stochastic, so they are submitted with ``pure=False``."""

    name = "dask"

    def __init__(self, client, worker_timeout: float | None = None):
        self.client = client
        self.worker_timeout = NO_WORKERS_SECONDS if worker_timeout is None else float(worker_timeout)
        try:
            self.workers = max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))
        except Exception:  # noqa: BLE001 - only used to size batches
            self.workers = 1

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def as_completed(self, futures):
        """Yield tasks as they finish; raise WorkersLost when the cluster has had no worker for `worker_timeout` s."""
        from distributed import as_completed

        waiting = as_completed(list(futures))
        idle_since, checked = None, 0.0
        while not waiting.is_empty():
            batch = waiting.next_batch(block=False)
            if batch:
                idle_since = None
                yield from batch
                continue
            time.sleep(POLL_SECONDS)
            now = time.monotonic()
            if now - checked < WORKER_CHECK_SECONDS:
                continue
            checked = now
            if self._has_workers():
                idle_since = None
            elif idle_since is None:
                idle_since = now
            elif now - idle_since >= self.worker_timeout:
                raise WorkersLost(self.worker_timeout)

    def _has_workers(self) -> bool:
        """True when the scheduler knows at least one worker (a scheduler that cannot answer counts as none)."""
        try:
            return bool(self.client.scheduler_info()["workers"])
        except Exception:  # noqa: BLE001 - a lost scheduler is as good as no workers
            return False

    def cancel(self, futures):
        with contextlib.suppress(Exception):
            self.client.cancel(list(futures))

    def abort(self, futures):
        """After Ctrl-C: cancel what has not started, and silence the cluster's logging of its own shutdown."""
        import logging

        logging.getLogger("distributed").setLevel(logging.CRITICAL)
        self.cancel(futures)


def _process_pool(workers: int) -> cf.ProcessPoolExecutor:
    """Local worker processes started from a fork server that has already imported the runner.

    A fork server is safe when this process has threads (a progress bar, a Dask client), and its
    workers start in milliseconds because the toolkit is imported once, in the server.
    """
    try:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["simtoolkit.experiments.runner"])
    except ValueError:  # no fork server on this platform
        context = multiprocessing.get_context("spawn")
    return cf.ProcessPoolExecutor(max_workers=workers, mp_context=context)


@contextlib.contextmanager
def open_backend(executor: Any = "local", workers: int | None = None, scheduler: str | None = None,
                 worker_timeout: float | None = None) -> Iterator[Backend]:
    """A backend for `executor`, closed (pools shut down, a started LocalCluster stopped) on exit.

    `executor` may be "local", "dask", "sequential", None (local), a `concurrent.futures.Executor`
    or a `distributed.Client`; executors and clients passed in are left open for the caller.
    """
    if executor is None:
        executor = "local"
    if scheduler and executor != "dask":
        raise InputError("--scheduler needs --executor dask")
    if isinstance(executor, Backend):
        yield executor
        return
    if isinstance(executor, cf.Executor):
        yield ExecutorBackend(executor, workers)
        return
    if _is_dask_client(executor):
        yield DaskBackend(executor, worker_timeout)
        return
    if executor not in KINDS:
        raise InputError(f"unknown executor {executor!r}: choose one of {', '.join(KINDS)}")
    workers = workers or default_workers()
    if executor == "sequential" or (executor == "local" and workers == 1):
        yield SequentialBackend()
    elif executor == "local":
        backend = LocalPoolBackend(workers)
        try:
            yield backend
        finally:
            backend.close()
    else:
        with _dask_client(workers, scheduler) as client:
            yield DaskBackend(client, worker_timeout)


def _is_dask_client(obj: Any) -> bool:
    """True for a `distributed.Client` (without importing Dask when it is not one)."""
    return type(obj).__name__ == "Client" and type(obj).__module__.startswith("distributed")


@contextlib.contextmanager
def _dask_client(workers: int, scheduler: str | None):
    """A client of the cluster at `scheduler`, or of a LocalCluster started (and stopped) here."""
    import logging

    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        try:
            yield client
        finally:
            client.close()
        return
    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # a local cluster's start-up chatter is not the user's business
    try:
        with _started_without_sigint():
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                                   host="127.0.0.1")
        with cluster, Client(cluster) as client:
            yield client
    finally:
        quiet.setLevel(level)


@contextlib.contextmanager
def _started_without_sigint():
    """Start processes that ignore Ctrl-C and log errors only: a terminal sends Ctrl-C to the whole group, and this
    process stops them in order.

    An ignored signal stays ignored in a child (and Python and asyncio leave it so), so the cluster's
    nannies and workers do not print their own KeyboardInterrupt tracebacks; this process's own handler
    is back as soon as they have started.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    # the workers' own log of tasks cancelled on the way out is noise to a user who pressed Ctrl-C
    quiet = "DASK_LOGGING__DISTRIBUTED" not in os.environ
    if quiet:
        os.environ["DASK_LOGGING__DISTRIBUTED"] = "error"
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if quiet:
            os.environ.pop("DASK_LOGGING__DISTRIBUTED", None)
