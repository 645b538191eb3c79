"""Registering footage: every media file under a folder, identified by the hash of its content.

Why a content hash (SHA-256 of the whole file) rather than the path: footage gets renamed,
copied to a second drive, re-organised into day folders. The same bytes are the same
recording and must not be transcribed twice; a new path for known bytes is only recorded as
another place the file lives. A path whose size and mtime are unchanged since the last scan is
not hashed again, so re-adding a folder of hours of footage is quick.
"""
from __future__ import annotations

import logging
import os
from stat import S_ISREG
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from subs.library.db import CHECKPOINT_DIR, DB_NAME, Library
from subs.library.errors import LibraryError
from subtitles.hashing import sha256_file

log = logging.getLogger(__name__)

MEDIA_EXTENSIONS = frozenset({
    ".wav", ".mp3", ".m4a", ".flac", ".ogg", ".oga", ".opus", ".aac", ".wma", ".aif", ".aiff",
    ".mp4", ".m4v", ".mkv", ".mov", ".avi", ".webm", ".mxf", ".mts", ".m2ts", ".mpg", ".mpeg",
    ".ts", ".3gp", ".wmv", ".flv", ".dv",
})


@dataclass
class AddReport:
    """What one ``library add`` did, for the summary line."""

    new: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, known path)
    moved: list[tuple[str, str]] = field(default_factory=list)  # (path, old path, now gone)
    unchanged: int = 0
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)


def find_media(roots: Iterable[Path]) -> Iterator[Path]:
    """Media files under each root (or the root itself), sorted, skipping hidden folders."""
    for root in roots:
        if root.is_file():
            yield root
            continue
        if not root.is_dir():
            raise LibraryError(f"{root}: no such file or folder")
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != CHECKPOINT_DIR)
            for name in sorted(files):
                if Path(name).suffix.lower() in MEDIA_EXTENSIONS and not name.startswith("."):
                    yield Path(folder) / name


def probe_duration_ms(path: Path) -> int | None:
    """Container duration from PyAV (headers only, fast); None when it cannot tell.

    A file PyAV cannot open is still registered: ``library run`` records the real error.
    """
    try:
        import av  # lazy: PyAV comes with faster-whisper

        with av.open(str(path)) as container:
            if container.duration is not None:
                return int(container.duration // 1000)  # av.time_base is microseconds
            for stream in container.streams.audio:
                if stream.duration is not None and stream.time_base is not None:
                    return int(stream.duration * stream.time_base * 1000)
    except Exception as err:  # any decoder complaint: duration is only a nicety here
        log.debug("cannot probe %s: %s", path, err)
    return None


def add_paths(lib: Library, roots: Iterable[str | Path], *,
              on_file: Callable[[Path], None] | None = None) -> AddReport:
    """Register every media file under ``roots``; one short transaction per file.

    Short transactions keep a concurrent ``library run`` from waiting on a long scan.
    """
    report = AddReport()
    for path in find_media(Path(r) for r in roots):
        if on_file:
            on_file(path)
        _add_one(lib, path.resolve(), report)
    return report


def _add_one(lib: Library, path: Path, report: AddReport) -> None:
    if path.name == DB_NAME:
        return
    try:
        stat = path.stat()
    except OSError as err:
        report.unreadable.append((str(path), err.strerror or str(err)))
        return
    if not S_ISREG(stat.st_mode):  # #15: a FIFO named film.wav made add wait for ever
        report.unreadable.append((str(path), "not a regular file (a pipe, socket or device)"))
        return
    key = str(path)
    known = lib.conn.execute("SELECT hash, size, mtime_ns FROM paths WHERE path = ?",
                             (key,)).fetchone()
    if known and known["size"] == stat.st_size and known["mtime_ns"] == stat.st_mtime_ns:
        report.unchanged += 1
        return
    try:
        content_hash = sha256_file(path)
    except OSError as err:
        report.unreadable.append((key, err.strerror or str(err)))
        return
    duration = None
    if not lib.conn.execute("SELECT 1 FROM media WHERE hash = ?", (content_hash,)).fetchone():
        duration = probe_duration_ms(path)
    now = time.time()
    with lib.transaction() as db:
        existing = db.execute("SELECT hash FROM media WHERE hash = ?",
                              (content_hash,)).fetchone()
        if existing is None:
            db.execute("INSERT INTO media (hash, size, duration_ms, added_at) VALUES (?,?,?,?)",
                       (content_hash, stat.st_size, duration, now))
            report.new.append(key)
        else:
            others = [r["path"] for r in db.execute(
                "SELECT path FROM paths WHERE hash = ? AND path != ? ORDER BY seen_at",
                (content_hash, key))]
            there = [p for p in others if Path(p).exists()]
            if there:
                report.duplicates.append((key, there[0]))
            elif others:  # issue 16: the old place is gone, so it was moved, not copied
                report.moved.append((key, others[0]))
            else:
                report.unchanged += 1
        db.execute("INSERT INTO paths (path, hash, size, mtime_ns, seen_at) VALUES (?,?,?,?,?) "
                   "ON CONFLICT(path) DO UPDATE SET hash = excluded.hash, size = excluded.size, "
                   "mtime_ns = excluded.mtime_ns",
                   (key, content_hash, stat.st_size, stat.st_mtime_ns, now))


def primary_path(lib: Library, content_hash: str) -> str:
    """The path to show for a recording: the first place seen that still exists, else the first."""
    rows = lib.conn.execute("SELECT path FROM paths WHERE hash = ? ORDER BY seen_at, path",
                            (content_hash,)).fetchall()
    for row in rows:
        if Path(row["path"]).exists():
            return str(row["path"])
    return str(rows[0]["path"]) if rows else content_hash
