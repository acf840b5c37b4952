"""The one runner behind every experiment: jobs of replications, run anywhere, kept on disk, resumable.

A *job* is one scenario with a seed, a horizon and a number of replications. The runner splits
the replications still missing into small batches, runs them on a backend (see `executors`),
writes each finished replication to ``OUT/runs/<job key>/rep-NNNNNN.npz`` as it arrives, and
returns every job's records in replication order. A record is a pure function of (scenario,
replication, seed, years) — the model draws from streams named by them — so the result is the
same on any executor, with any number of workers, and after an interruption and a re-run, which
loads what is on disk and runs only what is missing. The job key is a digest of the resolved
scenario, seed, years, toolkit version and ledger vocabulary: a changed parameter, or a new cost item, never
reuses stale runs.

A replication that raises is recorded (``OUT/failures.csv``: its parameters and the error) and
the others go on; Ctrl-C cancels what has not started and keeps everything already written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simtoolkit.errors import RunLost
from simtoolkit.ledger.vocabulary import vocabulary_digest
from simtoolkit.experiments.executors import WorkersLost, open_backend
from simtoolkit.version import __version__
from simtoolkit.experiments.record import FORMAT, Record, atomic_write
from simtoolkit.experiments.words import word
from simtoolkit.scenario import Scenario
from simtoolkit.world.roster import Roster

# simulate(scenario, replication, seed, years[, roster=...]) -> Record
Simulate = Callable[..., Record]
# Replication-years below which the default local executor runs in this process (about a second of work).
SMALL_RUN = 60


# ---- what runs in a worker ----------------------------------------------------------------------
def simulate_replication(scenario: Scenario, replication: int, seed: int, years: int, roster: Roster | None = None) -> Record:
    """Run one replication of the model and keep its compact record (the default task)."""
    from simtoolkit.experiments.replicate import run_one

    return Record.from_result(run_one(scenario, replication, seed, years, roster))


def portable(scenario: Scenario) -> tuple:
    """What a worker needs to rebuild a scenario: its validated values, without any cache."""
    return (scenario.digest, scenario.values, scenario.origins, scenario.files, scenario.title, scenario.description,
            scenario.changes)


_SCENARIOS: dict[str, Scenario] = {}


def _rebuild(payload: tuple) -> Scenario:
    """The scenario of a payload, rebuilt once per worker process (values are already validated)."""
    digest, *fields_ = payload
    scenario = _SCENARIOS.get(digest)
    if scenario is None:
        scenario = _SCENARIOS[digest] = Scenario(*fields_)
    return scenario


def run_batch(payload: tuple, replications: Sequence[int], seed: int, years: int, simulate: Simulate | None = None,
              roster: Roster | None = None) -> list[tuple[int, Record | None, str | None, float]]:
    """Run some replications of one scenario: (replication, record or None, error or None, CPU seconds) each."""
    scenario = _rebuild(payload)
    simulate = simulate or simulate_replication
    extra = {"roster": roster} if roster is not None else {}
    out = []
    for k in replications:
        start = time.process_time()  # CPU seconds: what the replication costs, whatever else the machine runs
        try:
            out.append((k, simulate(scenario, k, seed, years, **extra), None, time.process_time() - start))
        except Exception as exc:  # noqa: BLE001 - one failing replication must not stop the others
            out.append((k, None, _error_text(exc), time.process_time() - start))
    return out


def _error_text(exc: BaseException) -> str:
    """The error in one line, with where it was raised."""
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" (at {Path(frame.filename).name}:{frame.lineno})" if frame else ""
    return f"{type(exc).__name__}: {exc}{where}".replace("\n", " ")


# ---- jobs, outcome ---------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Job:
    """Replications 0..reps-1 of one scenario with a seed and a horizon."""

    name: str
    scenario: Scenario
    reps: int
    seed: int
    years: int
    roster: Roster | None = None  # the county's heads and former heads, when not synthesised

    @property
    def key(self) -> str:
        """Folder name of this job's stored runs: a digest of everything a record depends on."""
        text = (f"{FORMAT}|{__version__}|{vocabulary_digest()}|{model_digest(self.scenario)}|{int(self.seed)}|{int(self.years)}|"
                f"{roster_digest(self.roster)}")
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    def describe(self) -> dict[str, Any]:
        """What a person needs to recognise the job's folder."""
        return {"name": self.name, "scenario": self.scenario.name, "files": [str(f) for f in self.scenario.files],
                "changes": self.scenario.changes, "scenario_digest": self.scenario.digest, "seed": int(self.seed),
                "years": int(self.years), "roster": roster_digest(self.roster), "toolkit_version": __version__, "format": FORMAT}


# [run] settings a replication's record does not depend on (seed and years are part of the job itself)
NOT_IN_RECORD = ("run.replications", "run.seed", "run.years")


def model_digest(scenario: Scenario) -> str:
    """A digest of every value the model reads, so `--reps 5` and `--reps 50` share their first five runs."""
    text = repr(sorted((k, repr(v)) for k, v in scenario.values.items() if k not in NOT_IN_RECORD))
    return hashlib.sha256(text.encode()).hexdigest()


def roster_digest(roster: Roster | None) -> str:
    """A digest of a roster's rows ('' without one)."""
    if roster is None or not roster.given:
        return ""
    h = hashlib.sha256()
    for frame in (roster.heads, roster.retirees):
        h.update(b"|" if frame is None else frame.to_csv().encode("utf-8"))
    return h.hexdigest()


def identity(job: Job, replication: int) -> dict[str, Any]:
    """What a stored replication must say it is to be reused: the job, its scenario digest, seed, replication, years."""
    return {"job": job.key, "scenario_digest": model_digest(job.scenario), "roster": roster_digest(job.roster),
            "seed": int(job.seed), "replication": int(replication), "years": int(job.years)}


@dataclass(frozen=True)
class Failure:
    """A replication that raised: its job, parameters and error."""

    job: str
    scenario: str
    changes: dict
    replication: int
    seed: int
    years: int
    error: str


@dataclass
class Outcome:
    """Every job's records in replication order (None where a replication failed), and how the run went."""

    jobs: list[Job]
    records: dict[str, list[Record | None]]
    failures: list[Failure] = field(default_factory=list)
    ran: int = 0
    reused: int = 0
    simulate_seconds: float = 0.0  # CPU seconds spent simulating, summed over workers
    wall_seconds: float = 0.0
    backend: str = ""
    workers: int = 1

    def complete(self, job: str) -> list[Record]:
        """The job's successful records, in replication order."""
        return [r for r in self.records[job] if r is not None]

    def summary(self) -> str:
        """One line: how many replications ran, were reused, failed."""
        total = sum(j.reps for j in self.jobs)
        text = f"{total} replications: {self.ran} run, {self.reused} reused from earlier runs"
        if self.failures:
            text += f", {len(self.failures)} FAILED (see failures.csv)"
        return text


class NothingSucceeded(RuntimeError):
    """Every replication an experiment needs failed; `outcome.failures` says why."""

    def __init__(self, outcome: Outcome, what: str):
        self.outcome = outcome
        super().__init__(f"no replication succeeded {what}; see the failures")


class RunInterrupted(KeyboardInterrupt):
    """Ctrl-C during a run: what was finished is on disk; re-running the same command resumes."""

    def __init__(self, done: int, total: int, out: Path | None):
        self.done, self.total, self.out = done, total, out
        super().__init__(f"interrupted after {done} of {total} replications")


# ---- the store ------------------------------------------------------------------------------------------
class RunStore:
    """Finished replications under ``OUT/runs/<job key>/rep-NNNNNN.npz``."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.root = self.out / "runs"
        self._identities: dict[str, dict[str, Any]] = {}

    def folder(self, job: Job) -> Path:
        """The job's folder."""
        return self.root / job.key

    def path(self, job: Job, replication: int) -> Path:
        """The file of one replication."""
        return self.folder(job) / f"rep-{replication:06d}.npz"

    def prepare(self, job: Job) -> None:
        """Create the job's folder with a readable description of it."""
        folder = self.folder(job)
        folder.mkdir(parents=True, exist_ok=True)
        description = folder / "job.json"
        if not description.exists():
            text = json.dumps(job.describe(), ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n"
            atomic_write(description, text.encode("utf-8"))

    def load(self, job: Job) -> dict[int, Record]:
        """The job's replications already on disk that say they are that replication of that job.

        An unreadable file is run again; so is one holding another replication, scenario, seed or horizon
        (a file copied over another), and that is said on stderr.
        """
        found = {}
        folder = self.folder(job)
        if not folder.is_dir():
            return found
        for k in range(job.reps):
            path = self.path(job, k)
            if path.exists():
                try:
                    stored, record = Record.identity(path), Record.load(path)
                except Exception:  # noqa: BLE001 - a damaged file is simply redone
                    continue
                expected = self.identity(job, k)
                if stored != expected or record.replication != k or record.years != job.years:
                    differs = sorted(key for key in expected if stored.get(key) != expected[key]) or ["replication"]
                    print(f"warning: {path}: is not replication {k} of this run (its {', '.join(differs)} differ); "
                          "running it again", file=sys.stderr)
                    continue
                found[k] = record
        return found

    def save(self, job: Job, replication: int, record: Record) -> None:
        """Keep one finished replication (atomically), saying whose it is."""
        record.save(self.path(job, replication), self.identity(job, replication))

    def identity(self, job: Job, replication: int) -> dict[str, Any]:
        """`identity` of one replication, the job's digests computed once."""
        if job.key not in self._identities:
            self._identities[job.key] = identity(job, 0)
        return {**self._identities[job.key], "replication": int(replication)}

    def write_failures(self, failures: list[Failure]) -> None:
        """OUT/failures.csv (UTF-8 with BOM), or no such file when nothing failed."""
        path = self.out / "failures.csv"
        if not failures:
            path.unlink(missing_ok=True)
            return
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["job", "scenario", "changes", "replication", "seed", "years", "error"])
        for f in failures:
            writer.writerow([f.job, f.scenario, json.dumps(f.changes, ensure_ascii=False, sort_keys=True, default=str),
                             f.replication, f.seed, f.years, f.error])
        atomic_write(path, buffer.getvalue().encode("utf-8-sig"))


# ---- running -------------------------------------------------------------------------------------------------
def batch_size(missing: int, workers: int) -> int:
    """Replications per task: enough to make scheduling cheap, few enough to balance and show progress."""
    if workers <= 1:
        return 1
    return max(1, min(20, math.ceil(missing / (workers * 8))))


def _show_progress(progress: bool | None) -> bool:
    """A bar when asked, or by default in a terminal or a notebook."""
    if progress is not None:
        return bool(progress)
    if "ipykernel" in sys.modules:
        return True
    return sys.stderr is not None and sys.stderr.isatty()


def run_jobs(jobs: Iterable[Job], executor: Any = "local", workers: int | None = None, scheduler: str | None = None,
             out: str | Path | None = None, progress: bool | None = None,
             on_record: Callable[[int, int], None] | None = None, simulate: Simulate | None = None,
             batch: int | None = None, worker_timeout: float | None = None, lang: str = "en") -> Outcome:
    """Run every job's missing replications and return all records in replication order.

    `executor`: "local" (processes, default; `workers` of them), "dask" (`scheduler` address or a
    LocalCluster of `workers`), "sequential", any `concurrent.futures.Executor`, or a
    `distributed.Client`. `out`: folder whose ``runs/`` keeps finished replications (resume);
    None keeps nothing. `on_record(done, total)` is called after each replication is kept.
    `simulate(scenario, replication, seed, years) -> Record` replaces the model run (tests, wrappers);
    it must be importable by the workers. `worker_timeout`: seconds a Dask cluster may have no worker
    before the run stops with `RunLost` (what finished is kept). `lang`: the progress bar's words ('zh' or 'en').
    """
    jobs = list(jobs)
    names = [j.name for j in jobs]
    if len(set(names)) != len(names):
        raise ValueError("job names must be unique")
    started = time.perf_counter()
    store = RunStore(Path(out)) if out is not None else None
    records: dict[str, list[Record | None]] = {j.name: [None] * j.reps for j in jobs}
    total = sum(j.reps for j in jobs)
    outcome = Outcome(jobs, records)
    failures: dict[tuple[int, int], Failure] = {}
    order = {j.name: i for i, j in enumerate(jobs)}

    if store is not None:  # reading only: nothing is written before the backend is reached
        for job in jobs:
            for k, record in store.load(job).items():
                records[job.name][k] = record
                outcome.reused += 1
    missing = {j.name: [k for k in range(j.reps) if records[j.name][k] is None] for j in jobs}
    work = sum(len(missing[j.name]) * j.years for j in jobs)
    if executor in (None, "local") and workers is None and work <= SMALL_RUN:
        executor = "sequential"  # starting processes would take longer than the work itself

    # the backend first: an unreachable scheduler is bad input, and nothing is written before it is reached
    with open_backend(executor, workers, scheduler, worker_timeout) as backend:
        outcome.backend, outcome.workers = backend.name, backend.workers
        if store is not None:
            for job in jobs:
                store.prepare(job)
            store.write_failures([])  # earlier failures are run again below
        size = batch or batch_size(sum(len(m) for m in missing.values()), backend.workers)
        futures = _submit(backend, jobs, missing, size, simulate)
        done = outcome.reused
        bar = _bar(total, done, progress, lang)
        restore_sigterm = _sigterm_as_interrupt()
        try:
            for future in backend.as_completed(list(futures)):
                job, chunk = futures.pop(future)
                try:
                    results = future.result()
                except Exception as exc:  # noqa: BLE001 - a lost worker fails its batch, not the run
                    results = [(k, None, _error_text(exc), 0.0) for k in chunk]
                for k, record, error, seconds in results:
                    outcome.simulate_seconds += seconds
                    if record is None:
                        failures[(order[job.name], k)] = Failure(job.name, job.scenario.name, dict(job.scenario.changes), k,
                                                                 int(job.seed), int(job.years), error or "unknown error")
                        if store is not None:
                            store.write_failures([failures[x] for x in sorted(failures)])
                    else:
                        _keep(outcome, store, job, k, record)
                    done += 1
                    if bar is not None:
                        bar.update(1)
                    if on_record is not None:
                        on_record(done, total)
        except KeyboardInterrupt:
            backend.abort(list(futures))
            raise RunInterrupted(_kept(outcome, store), total, store.out if store else None) from None
        except WorkersLost as exc:
            backend.abort(list(futures))
            raise RunLost(str(exc), _kept(outcome, store), total, store.out if store else None) from None
        finally:
            if bar is not None:
                bar.close()
            restore_sigterm()
    outcome.failures = [failures[x] for x in sorted(failures)]
    outcome.wall_seconds = time.perf_counter() - started
    return outcome


def _submit(backend, jobs: list[Job], missing: dict[str, list[int]], size: int, simulate: Simulate | None) -> dict:
    """Submit every missing replication in batches of `size`; future → (job, replications)."""
    futures = {}
    for job in jobs:
        payload = portable(job.scenario)
        todo = missing[job.name]
        for i in range(0, len(todo), size):
            chunk = todo[i:i + size]
            futures[backend.submit(run_batch, payload, chunk, job.seed, job.years, simulate, job.roster)] = (job, chunk)
    return futures


def _kept(outcome: Outcome, store: RunStore | None) -> int:
    """Replications kept when a run stops: the files on disk (an interruption may fall between writing one and
    counting it), or the records in memory without a store."""
    if store is None:
        return sum(r is not None for records in outcome.records.values() for r in records)
    return sum(store.path(job, k).exists() for job in outcome.jobs for k in range(job.reps))


def _keep(outcome: Outcome, store: RunStore | None, job: Job, replication: int, record: Record) -> None:
    """A finished replication: into the outcome, and onto disk at once."""
    outcome.records[job.name][replication] = record
    outcome.ran += 1
    if store is not None:
        store.save(job, replication, record)


def _sigterm_as_interrupt() -> Callable[[], None]:
    """While replications run, SIGTERM (a batch scheduler's time limit, `kill`) acts as Ctrl-C: what is done is kept.

    Returns the function that puts the previous handler back. Only the main thread may set handlers,
    and a handler someone else installed is left alone.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return lambda: None

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    return lambda: signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _bar(total: int, initial: int, progress: bool | None, lang: str):
    """A tqdm bar (terminal or notebook) labelled in 'zh' or 'en', or None."""
    if not _show_progress(progress) or total == 0:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, initial=initial, unit=word("bar_unit", lang), desc=word("bar", lang), file=sys.stderr,
                dynamic_ncols=True)


def run_replications(scenario: Scenario, reps: int | None = None, seed: int | None = None, years: int | None = None,
                     roster: Roster | None = None, **options: Any) -> Outcome:
    """Replications of one scenario (job name "scenario"); options as for `run_jobs`."""
    job = Job("scenario", scenario, scenario.value("run.replications") if reps is None else int(reps),
              scenario.value("run.seed") if seed is None else int(seed),
              scenario.value("run.years") if years is None else int(years), roster)
    return run_jobs([job], **options)
