"""One writer at a time per project folder, across threads and processes.

The workspace server saves from many threads at once, and may run beside another server or
a script on the same folder. Each write takes ``.subs/write.lock`` with ``flock`` (released by
the kernel when a process dies, so a kill never leaves it held) and, within one process, a
lock per folder first, so threads queue on it rather than on the file.

Its own file, not a lock a command may hold while the project is open: taking that one again
from the same process through another descriptor would wait for itself.
"""
from __future__ import annotations

import fcntl
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

LOCK_NAME = ".subs/write.lock"
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
