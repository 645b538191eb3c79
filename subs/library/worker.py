"""The unit of work: one media file in, one transcript (or one error) out, as plain data.

This module is what a pool process or a Dask worker imports. It must stay importable without
click or a database: workers never touch the library's SQLite file (another machine may not
even see it); they return an ``Outcome`` and the client records it. Everything that can go
wrong with one file (corrupt, no audio track, a decoder or model error) becomes an ``Outcome``
with ``error`` set, so one bad file never stops a run. Those are the errors we can name
(``SubsError``, ``OSError``, ``MemoryError``), logged at INFO; anything else is a bug in subs: it
is recorded the same way so the run goes on, but logged as an ERROR naming its type, with the
traceback under ``-v``.

The Whisper model is loaded once per worker process and kept (``_MODELS``), since loading
``base`` costs about a second and a library has hundreds of files.
"""
from __future__ import annotations

import logging
import os
import socket
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from subs.library.errors import MediaError
from subtitles.errors import SubsError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """One file to transcribe. ``data`` carries the bytes when workers cannot see the file."""

    content_hash: str
    path: str
    model: str = "base"
    language: str | None = None
    glossary: str | None = None
    checkpoint: str | None = None
    cpu_threads: int = 0
    batch_size: int = 0  # 0: transcription's default (batched)
    block_s: int = 0  # audio between two checkpoints; 0: transcription's default
    data: bytes | None = field(default=None, repr=False)
    threads_by_host: tuple[tuple[str, int], ...] = ()  # Dask: threads per file on each host


@dataclass(frozen=True)
class Outcome:
    """A transcript as plain tuples (cheap to pickle across processes and machines), or an error.

    cues: (start_ms, end_ms, text, speaker); words: (start_ms, end_ms, text, probability).
    """

    content_hash: str
    error: str | None = None
    cues: tuple[tuple[int, int, str, str | None], ...] = ()
    words: tuple[tuple[int, int, str, float | None], ...] = ()
    language: str | None = None
    language_probability: float | None = None
    duration_ms: int | None = None
    warnings: tuple[str, ...] = ()
    elapsed_s: float = 0.0
    worker: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None


def watch_parent(parent_pid: int, interval_s: float = 0.5) -> None:
    """Pool initializer: exit as soon as the run that started this worker is gone (issue 16).

    A killed ``subs library run`` (SIGKILL, SIGTERM) left its pool workers transcribing under
    PID 1, each holding a model and the run's stdout. A daemon thread polls the parent PID
    (a portable stand-in for Linux's PR_SET_PDEATHSIG, which follows the spawning *thread*).
    """
    import threading

    def watch() -> None:
        while True:
            time.sleep(interval_s)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="subs-watch-parent", daemon=True).start()


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def check_audio(path: Path) -> int | None:
    """Open the container with PyAV; raise for an unreadable file or one without audio.

    Why before Whisper: faster-whisper reports a missing audio stream as a bare IndexError or a
    PyAV error deep in its decoder; a person needs "no audio track".
    """
    import av  # lazy: PyAV comes with faster-whisper

    try:
        container = av.open(str(path))
    except (av.FFmpegError, OSError, ValueError) as err:
        reason = getattr(err, "strerror", None) or _first_line(err)
        raise MediaError(f"cannot read media ({reason})") from None
    with container:
        if not container.streams.audio:
            kinds: list[str] = sorted({str(s.type) for s in container.streams}) or ["no streams"]
            raise MediaError(f"no audio track (streams: {', '.join(kinds)})")
        duration = container.duration
    return int(duration // 1000) if duration is not None else None


def run_job(job: Job) -> Outcome:
    """Transcribe one file; never raises for a problem with the file itself."""
    started = time.monotonic()
    tmp: str | None = None
    try:
        path = Path(job.path)
        if job.data is not None:
            fd, tmp = tempfile.mkstemp(prefix="subs-library-", suffix=path.suffix)
            with os.fdopen(fd, "wb") as f:
                f.write(job.data)
            path = Path(tmp)
        elif not path.exists():
            raise MediaError("file not found on this worker (pass --send-files, or mount the "
                               "footage at the same path)")
        check_audio(path)
        outcome = _transcribe(job, path)
    except (SubsError, OSError, MemoryError) as err:  # this file (or this machine) failed
        log.info("%s failed: %s", job.path, err)
        outcome = Outcome(job.content_hash, error=_describe(err))
    except Exception as err:  # a bug: still one file's failure, so the run goes on, but loud
        log.error("%s failed with an unexpected %s: %s (a bug in subs; -v shows the traceback)",
                  job.path, type(err).__name__, _first_line(err))
        log.info("traceback for %s", job.path, exc_info=True)
        outcome = Outcome(job.content_hash, error=_describe(err))
    finally:
        if tmp is not None:
            os.unlink(tmp)
    from dataclasses import replace

    return replace(outcome, elapsed_s=time.monotonic() - started, worker=worker_name())


def _describe(err: BaseException) -> str:
    """A SubsError's own message; anything else with its type, which says what failed."""
    if isinstance(err, SubsError):
        return _first_line(err)
    return f"{type(err).__name__}: {_first_line(err)}"


def _first_line(err: BaseException) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0]


def _checkpoint(job: Job) -> Path | None:
    """The per-chunk checkpoint, if this worker can write where the library keeps them."""
    if not job.checkpoint:
        return None
    target = Path(job.checkpoint)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return target if os.access(target.parent, os.W_OK) else None


def _threads(job: Job) -> int:
    """CPU threads for this file: the job's, else this Dask worker's host share, else 0."""
    if job.cpu_threads or not job.threads_by_host:
        return job.cpu_threads
    try:
        from distributed import get_worker

        host = get_worker().address.rsplit(":", 1)[0].split("://")[-1]
    except (ImportError, ValueError):
        return 0
    return dict(job.threads_by_host).get(host, 0)


def _transcribe(job: Job, path: Path) -> Outcome:
    from dataclasses import replace

    from subs.library import engine

    job = replace(job, cpu_threads=_threads(job))

    transcript = engine.transcribe(path, job, checkpoint=_checkpoint(job))
    return Outcome(
        job.content_hash,
        cues=tuple((c.start_ms, c.end_ms, c.text, c.speaker) for c in transcript.track.cues),
        words=tuple((w.start_ms, w.end_ms, w.text, float(w.probability))
                    for w in transcript.words),
        language=transcript.language,
        language_probability=float(transcript.language_probability),
        duration_ms=transcript.duration_ms,
        warnings=tuple(str(w) for w in transcript.warnings),
    )
