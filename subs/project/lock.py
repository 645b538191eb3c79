"""One writer at a time per project folder, across threads and processes.

The workspace server saves from many threads at once, and a coordinator may run ``subs lang
import`` beside it. Each write takes ``.subs/lock`` with ``flock`` (released by the kernel when a
process dies, so a kill never leaves it held) and, within one process, a lock per folder, since
``flock`` on separate descriptors of one process does not exclude threads reliably everywhere.
"""
from __future__ import annotations

import fcntl
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

LOCK_NAME = ".subs/lock"
_threads: dict[Path, threading.Lock] = {}
_guard = threading.Lock()


def _thread_lock(folder: Path) -> threading.Lock:
    with _guard:
        return _threads.setdefault(folder.resolve(), threading.Lock())


@contextmanager
def project_lock(folder: Path) -> Iterator[None]:
    """Hold the project's write lock for the ``with`` body (blocking until it is free)."""
    with _thread_lock(folder):
        path = folder / LOCK_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the flock
