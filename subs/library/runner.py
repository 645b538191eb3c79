"""Running the library: a local process pool by default, a Dask cluster with ``--dask``.

Both paths share one loop (``_drive``): keep each worker busy with one claimed file, record
each outcome in the client's own database transaction as it arrives, heartbeat the claims.
Workers never write the database. Dask is the engine for the cluster case (it places tasks,
notices dead workers and re-runs their tasks elsewhere); we do not schedule anything ourselves
beyond "one file per task, a few in flight per worker".

Failure handling:
- a bad file -> an ``Outcome`` with an error -> recorded as failed, the run goes on;
- a local worker process killed -> the pool breaks; its files go back to pending (the attempt
  counts) and a fresh pool carries on; after ``MAX_ATTEMPTS`` the file is marked failed;
- a Dask worker killed -> Dask re-runs its task on another worker; ``KilledWorker`` (it died
  every time) -> failed;
- the scheduler going away, or Ctrl-C -> claims released (the attempt does not count), local
  workers stopped at once (a ``stopping`` event names the files given back), the error
  raised; rerunning finishes the rest, resuming long files from their chunk checkpoints;
- the client killed -> each local worker sees its parent gone and exits (``watch_parent``);
  the next run takes the claims over without counting an attempt (issue 16).
"""
from __future__ import annotations

import logging
import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

from subs.library import claims
from subs.library.db import Library
from subs.library.scan import primary_path
from subs.library.worker import Job, Outcome, run_job, watch_parent

log = logging.getLogger(__name__)

MODEL_GB = {"plain": 0.5, "batched": 1.0}  # resident memory of one base-model worker


@dataclass(frozen=True)
class RunOptions:
    workers: int | None = None  # None: sized to cores and memory
    dask: str | None = None  # scheduler address, e.g. tcp://10.0.0.5:8786
    dask_timeout_s: float = 20.0  # to reach the scheduler and see a first worker
    model: str = "base"
    language: str | None = None
    glossary: str | None = None
    batch_size: int = 0  # 0: transcription's default (batched)
    block_s: int = 0  # audio between two chunk checkpoints; 0: transcription's default
    send_files: bool = False
    heartbeat_s: float = 30.0
    max_attempts: int = claims.MAX_ATTEMPTS


@dataclass
class RunReport:
    done: list[Outcome] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)
    workers: int = 0  # local processes, or Dask workers
    in_flight: int = 0  # files handed out at once (Dask: worker threads plus one per worker)
    wall_s: float = 0.0

    @property
    def audio_ms(self) -> int:
        return sum(o.duration_ms or 0 for o in self.done)


Event = Callable[[str, str, Outcome | None], None]  # (kind, path, outcome)


def pool_size(pending: int, *, batched: bool = False, cores: int | None = None,
              available_gb: float | None = None) -> int:
    """Workers for this machine: one per core, as many as memory holds, no more than files."""
    cores = cores or os.cpu_count() or 1
    if available_gb is None:
        try:
            import psutil

            available_gb = psutil.virtual_memory().available / 2**30
        except ImportError:
            available_gb = 4.0
    per_worker = MODEL_GB["batched" if batched else "plain"]
    by_memory = max(1, int(available_gb * 0.8 // per_worker))
    return max(1, min(cores, by_memory, max(pending, 1)))


class _Engine(Protocol):
    workers: int
    in_flight: int

    def submit(self, job: Job) -> Any: ...
    def wait(self, futures: list[Any], timeout: float) -> list[Any]: ...
    def result(self, future: Any, job: Job) -> Outcome: ...
    def close(self) -> None: ...


def run_library(lib: Library, options: RunOptions, *, on_event: Event | None = None) -> RunReport:
    """Transcribe every file not yet done; returns what this run did."""
    pending = lib.conn.execute("SELECT COUNT(*) FROM media WHERE status IN ('pending', "
                               "'running')").fetchone()[0]
    engine: _Engine
    if options.dask:
        from subs.library.dask_engine import DaskEngine

        engine = DaskEngine(options.dask, connect_timeout_s=options.dask_timeout_s)
    else:
        workers = options.workers or pool_size(pending, batched=options.batch_size != 1)
        engine = LocalEngine(workers, threads=max(1, (os.cpu_count() or 1) // workers))
    report = RunReport(workers=engine.workers, in_flight=engine.in_flight)
    owner = claims.new_owner()
    started = time.time()
    run_id = _start_run(lib, started, engine.workers, "dask" if options.dask else "local")
    try:
        _drive(lib, engine, options, owner, report, on_event or (lambda *a: None), run_id)
    except BaseException:
        if isinstance(engine, LocalEngine):
            engine.abort()  # issue 16: the files in progress were given back; stop their workers
        raise
    finally:
        engine.close()
        claims.release_owned(lib, owner)  # a safety net: no claim outlives its run
        report.wall_s = time.time() - started
        _end_run(lib, run_id, report)
    return report


def _drive(lib: Library, engine: _Engine, options: RunOptions, owner: str,
           report: RunReport, on_event: Event, run_id: int) -> None:
    inflight: dict[Any, Job] = {}
    submitting: list[Job] = []  # the job between its claim and ``inflight`` (a Ctrl-C there)
    last_beat = time.monotonic()
    try:
        while True:
            while len(inflight) < engine.in_flight:
                job = _next_job(lib, owner, options, engine, report, on_event)
                if job is None:
                    break
                submitting[:] = [job]
                try:
                    future = engine.submit(job)
                except BaseException:
                    claims.release(lib, [job.content_hash], owner, count_attempt=False)
                    raise
                inflight[future] = job
                submitting.clear()
                on_event("start", job.path, None)
            if not inflight:
                return
            for future in engine.wait(list(inflight), options.heartbeat_s):
                _finish(lib, engine, future, inflight[future], owner, report, on_event, run_id)
                del inflight[future]  # only now: a broken pool must still release this file
            if time.monotonic() - last_beat > options.heartbeat_s / 2:
                claims.heartbeat(lib, owner)
                last_beat = time.monotonic()
    except _PoolBroken:
        claims.release(lib, [j.content_hash for j in inflight.values()], owner, count_attempt=True)
        if isinstance(engine, LocalEngine):
            engine.restart()
            _drive(lib, engine, options, owner, report, on_event, run_id)
            return
        raise
    except BaseException as err:
        claims.release(lib, [j.content_hash for j in inflight.values()], owner,
                       count_attempt=False)
        if isinstance(err, KeyboardInterrupt):  # issue 16: say what happens to them
            jobs = [*inflight.values(), *submitting]
            on_event("stopping", "\n".join(j.path for j in jobs), None)
        raise


def _finish(lib: Library, engine: _Engine, future: Any, job: Job, owner: str,
            report: RunReport, on_event: Event, run_id: int) -> None:
    outcome = engine.result(future, job)
    if claims.record(lib, outcome, owner):
        if outcome.ok:  # the transcript is committed: its chunk checkpoint has served
            lib.checkpoint_for(job.content_hash).unlink(missing_ok=True)
        (report.done if outcome.ok else report.failed).append(outcome)
        on_event("done" if outcome.ok else "failed", job.path, outcome)
        _update_run(lib, run_id, report)


def _next_job(lib: Library, owner: str, options: RunOptions, engine: _Engine,
              report: RunReport | None = None, on_event: Event | None = None) -> Job | None:
    gave_up: list[str] = []
    content_hash = claims.claim_next(lib, owner, max_attempts=options.max_attempts,
                                     gave_up=gave_up)
    for key in gave_up:  # issue 16: a file given up on is this run's failure, and said
        row = lib.conn.execute("SELECT error FROM media WHERE hash = ?", (key,)).fetchone()
        outcome = Outcome(key, error=row[0] if row else "gave up")
        if report is not None:
            report.failed.append(outcome)
        if on_event is not None:
            on_event("failed", primary_path(lib, key), outcome)
    if content_hash is None:
        return None
    path = primary_path(lib, content_hash)
    data = None
    if options.send_files:
        try:
            data = Path(path).read_bytes()
        except OSError as err:
            claims.record(lib, Outcome(content_hash, error=f"cannot read: {err}"), owner)
            return _next_job(lib, owner, options, engine, report, on_event)
    return Job(content_hash, path, model=options.model, language=options.language,
               glossary=options.glossary, checkpoint=str(lib.checkpoint_for(content_hash)),
               cpu_threads=getattr(engine, "threads", 0), batch_size=options.batch_size,
               block_s=options.block_s,
               data=data)


class _PoolBroken(Exception):
    """A local worker process died; the pool must be rebuilt."""


class LocalEngine:
    """A process pool of ``workers`` processes, each keeping its Whisper model loaded."""

    def __init__(self, workers: int, *, threads: int = 1) -> None:
        self.workers = workers
        self.in_flight = workers  # one file per process: a queued one would wait in the pool
        self.threads = threads
        self._pool = self._make_pool()

    def _make_pool(self) -> Any:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: a forked child would inherit the parent's SQLite connection and any
        # threads; spawned workers start clean and import only subs.library.worker.
        # Issue 16: each worker watches its parent and exits when the run is gone (SIGKILL
        # leaves no chance to stop them, and orphans held `| tee`'s pipe open).
        return ProcessPoolExecutor(max_workers=self.workers,
                                   mp_context=multiprocessing.get_context("spawn"),
                                   initializer=watch_parent, initargs=(os.getpid(),))

    def submit(self, job: Job) -> Any:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self._pool.submit(run_job, job)
        except BrokenProcessPool:
            raise _PoolBroken() from None

    def wait(self, futures: list[Any], timeout: float) -> list[Any]:
        from concurrent.futures import FIRST_COMPLETED, wait

        done, _ = wait(futures, timeout=timeout, return_when=FIRST_COMPLETED)
        return list(done)

    def result(self, future: Any, job: Job) -> Outcome:
        from concurrent.futures.process import BrokenProcessPool

        try:
            outcome: Outcome = future.result()
        except BrokenProcessPool:
            raise _PoolBroken() from None
        return outcome

    def restart(self) -> None:
        log.warning("a worker process died; starting a fresh pool")
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._make_pool()

    def abort(self) -> None:
        """Stop the workers now, mid-file (their files were given back to the queue)."""
        processes = list(getattr(self._pool, "_processes", None) or {})
        for pid in processes:
            try:
                os.kill(pid, signal.SIGTERM)
            except (ProcessLookupError, PermissionError):
                pass
        self._pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _start_run(lib: Library, started: float, workers: int, engine: str) -> int:
    with lib.transaction() as db:
        cur = db.execute("INSERT INTO runs (started_at, ended_at, workers, engine) "
                         "VALUES (?,?,?,?)", (started, started, workers, engine))
        return int(cur.lastrowid or 0)


def _update_run(lib: Library, run_id: int, report: RunReport) -> None:
    with lib.transaction() as db:
        db.execute("UPDATE runs SET ended_at = ?, files_done = ?, audio_ms_done = ? WHERE id = ?",
                   (time.time(), len(report.done), report.audio_ms, run_id))


def _end_run(lib: Library, run_id: int, report: RunReport) -> None:
    try:
        _update_run(lib, run_id, report)
    except Exception as err:  # never mask the run's own error with a bookkeeping one
        log.warning("could not record the run's totals: %s", err)
