"""The ``--dask`` path: one task per file on a Dask distributed cluster.

Why Dask: it already does what a footage farm needs (workers on many machines, tasks placed on
free workers, a dead worker's tasks re-run elsewhere, a dashboard). We only submit
``worker.run_job`` once per file and collect ``Outcome``s in the client, which writes them to
the library's database; workers need subs installed and either the footage at the same path
or ``--send-files``.
"""
from __future__ import annotations

import logging
import uuid
from typing import Any

from subs.library.errors import LibraryError
from subs.library.worker import Job, Outcome, run_job

log = logging.getLogger(__name__)


def capacity(workers: dict[str, Any]) -> tuple[int, int]:
    """(Dask workers, files to keep in flight) from the scheduler's ``workers`` table.

    One file per worker thread in flight, plus one queued per worker so none idles while the
    client hands out the next; the run reports the workers, not the files in flight.
    """
    threads = sum(int(w.get("nthreads", 1)) for w in workers.values())
    return len(workers), max(1, threads) + len(workers)


class DaskEngine:
    """A connection to a scheduler: ``workers`` Dask workers, ``in_flight`` files at once."""

    def __init__(self, address: str, *, connect_timeout_s: float = 20.0) -> None:
        from distributed import Client

        self.address = address
        try:
            self.client = Client(  # type: ignore[no-untyped-call]
                address, timeout=f"{connect_timeout_s}s", set_as_default=False)
        except (OSError, TimeoutError) as err:
            raise LibraryError(f"cannot reach the Dask scheduler at {address} ({err}); "
                               "start one with `dask scheduler` and `dask worker ADDRESS`"
                               ) from None
        try:
            self.client.wait_for_workers(1, timeout=connect_timeout_s)
        except (OSError, TimeoutError):
            self.client.close()  # type: ignore[no-untyped-call]
            raise LibraryError(f"the Dask scheduler at {address} has no workers; start some "
                               f"with `dask worker {address} --nthreads 1`") from None
        workers = self.client.scheduler_info(n_workers=-1)["workers"]
        self.threads_by_host = self._threads_by_host(workers)
        self.workers, self.in_flight = capacity(workers)
        log.info("Dask: %d workers, %d files in flight at %s", self.workers, self.in_flight,
                 address)

    def _threads_by_host(self, workers: dict[str, Any]) -> tuple[tuple[str, int], ...]:
        """CPU threads for one file on each host: its cores shared by the tasks it runs at once.

        Without this each task would take CTranslate2's default (4 threads) and two worker
        processes on a 2-core host would fight over the cores (measured: 30 % slower).
        """
        import os

        try:
            cores: dict[str, int] = self.client.run(os.cpu_count)
        except Exception as err:  # an old or busy worker: fall back to the engine's default
            log.debug("cannot ask the workers for their cores: %s", err)
            return ()
        tasks: dict[str, int] = {}
        host_cores: dict[str, int] = {}
        for address, info in workers.items():
            host = str(info.get("host", ""))
            tasks[host] = tasks.get(host, 0) + int(info.get("nthreads", 1))
            host_cores[host] = int(cores.get(address) or 1)
        return tuple((host, max(1, host_cores[host] // tasks[host])) for host in tasks)

    def submit(self, job: Job) -> Any:
        from dataclasses import replace

        job = replace(job, threads_by_host=self.threads_by_host)
        key = f"subs-library-{job.content_hash[:16]}-{uuid.uuid4().hex[:8]}"
        return self.client.submit(run_job, job, key=key, pure=False)

    def wait(self, futures: list[Any], timeout: float) -> list[Any]:
        # distributed.wait() would use the *default* client, and ours is deliberately not the
        # default (a program embedding run_library may have its own); so wait through ours.
        from distributed.client import _wait

        try:
            done = self.client.sync(  # type: ignore[no-untyped-call]
                _wait, futures, timeout=timeout, return_when="FIRST_COMPLETED").done
        except TimeoutError:
            return []
        except Exception as err:  # FuturesCancelledError & co: the scheduler is gone
            raise self._lost(err) from None
        return list(done)

    def _lost(self, err: Exception) -> LibraryError:
        text = str(err).strip()
        if "connection-lost" in text:
            reason = "connection lost"
        else:
            reason = f"{type(err).__name__}: {text.splitlines()[0]}" if text else type(err).__name__
        return LibraryError(f"lost the Dask scheduler at {self.address} ({reason}); files in "
                            "flight were put back as pending: rerun to finish them")

    def result(self, future: Any, job: Job) -> Outcome:
        from distributed import KilledWorker

        try:
            outcome: Outcome = future.result()
        except KilledWorker:
            return Outcome(job.content_hash, error="every Dask worker that ran this file died "
                           "(out of memory? see the workers' logs)")
        except Exception as err:  # cancelled, lost: the scheduler or our connection went away
            raise self._lost(err) from None
        return outcome

    def close(self) -> None:
        try:
            self.client.close(timeout=5)  # type: ignore[no-untyped-call]
        except Exception as err:  # closing a client whose scheduler is gone can fail
            log.debug("closing the Dask client: %s", err)
