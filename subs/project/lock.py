"""One writer at a time per project folder among the threads of one process.

Between processes, an open project already holds ``.subs/lock`` (``subs.project.state``): it
is exclusive across processes and re-entrant within one, so the threads of the workspace
server, which all open the same project, would otherwise write at once. ``project_lock`` is
that missing in-process turn: the saves and reviews take it inside an open project, so the
order is always the state's lock first, then this one, and no two writers can wait on each
other.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

_threads: dict[Path, threading.Lock] = {}
_guard = threading.Lock()


@contextmanager
def project_lock(folder: Path) -> Iterator[None]:
    """Hold the project's in-process write turn for the ``with`` body (blocking until free)."""
    with _guard:
        lock = _threads.setdefault(folder.resolve(), threading.Lock())
    with lock:
        yield
