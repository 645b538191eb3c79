"""A SQLite translation memory, and the record of every file subs wrote.

Sentences are keyed by engine, model version, source, target and the exact (glossary-masked)
source text, so a re-run sends only new or changed sentences to the engine, and a new model
version never reuses an old model's output. Each batch is committed as it finishes: an engine
that dies mid-film loses nothing already translated.

The same database keeps a SHA-256 of each output subs wrote: it is the ``WriteRecord`` of
``subs translate`` for the edit guard (``subtitles/guard.py``). A file whose bytes no longer
match was edited by a person, and a person's work is never overwritten: the new machine version
goes beside it (``film.es.srt.new``) unless the user says ``--force``. The ``.new`` file is
protected the same way (audit: an edit to it vanished on the next run): when a person edited it
too, or it is not subs's, subs stops and says so. One rule, no ``.new.new`` chains.

The hash is recorded before the file is written, together with the hash the file had (#15: a
kill between the write and the record made subs's own file look edited). The connection names
its file in every SQLite failure after opening too (a full disk, a damaged page).
"""
from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Iterable, Sequence

from subtitles import guard
from subtitles.errors import OutputExists
from subtitles.failures import FileFailure, connect
from subtitles.hashing import sha256_bytes
from subtitles.io import atomic_write
from translate.errors import MemoryUnusable

_ADVICE = ("it is only a cache: move it aside and subs starts a new one; past translations "
           "are then made again, and files it wrote need --force once")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sentences (
    engine TEXT NOT NULL, version TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    text TEXT NOT NULL, translation TEXT NOT NULL, created REAL NOT NULL,
    PRIMARY KEY (engine, version, source, target, text));
CREATE TABLE IF NOT EXISTS outputs (
    path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, written REAL NOT NULL);
"""


def default_memory_path() -> Path:
    """``$SUBS_MEMORY``, else ``$XDG_CACHE_HOME/subs/translation-memory.sqlite``."""
    explicit = os.environ.get("SUBS_MEMORY")
    if explicit:
        return Path(explicit)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "subs" / "translation-memory.sqlite"


class Memory:
    """One open memory database (use as a context manager, or call ``close``)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = connect(self.path, _ADVICE, timeout=30)
            self._db.executescript(_SCHEMA)
        except FileFailure as err:  # opened through subtitles.failures (#15)
            reason = err.reason.removeprefix("damaged or not a SQLite database: ")
            raise MemoryUnusable(self.path, reason) from None
        except OSError as err:  # the folder cannot be made or written
            where = f": {err.filename}" if err.filename else ""
            raise MemoryUnusable(self.path, f"{err.strerror or err}{where}") from None
        except sqlite3.DatabaseError as err:  # not SQLite, read-only, damaged
            raise MemoryUnusable(self.path, str(err)) from None

    def __enter__(self) -> "Memory":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def lookup(self, engine: str, version: str, source: str, target: str,
               texts: Iterable[str]) -> dict[str, str]:
        """The stored translation of each of ``texts`` that has one."""
        found: dict[str, str] = {}
        wanted = list(dict.fromkeys(texts))
        for start in range(0, len(wanted), 500):  # SQLite's bound-parameter limit
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT text, translation FROM sentences WHERE engine=? AND version=? AND "
                f"source=? AND target=? AND text IN ({marks})",
                (engine, version, source, target, *chunk))
            found.update(dict(rows.fetchall()))
        return found

    def store(self, engine: str, version: str, source: str, target: str,
              pairs: Iterable[tuple[str, str]]) -> None:
        now = time.time()
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO sentences VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(engine, version, source, target, text, out, now) for text, out in pairs])

    def record_output(self, path: str | os.PathLike[str], data: bytes,
                      earlier: str | None = None) -> None:
        """Remember ``data``'s hash; ``earlier`` (space-separated) also counts as subs's."""
        sha = sha256_bytes(data)
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?)",
                             (_key(path), f"{sha} {earlier}" if earlier else sha, time.time()))

    def written_hash(self, path: str | os.PathLike[str]) -> str | None:
        """The recorded hash(es) of ``path``, space-separated (two while a write is under way)."""
        row = self._db.execute("SELECT sha256 FROM outputs WHERE path=?",
                               (_key(path),)).fetchone()
        return row[0] if row else None


def _key(path: str | os.PathLike[str]) -> str:
    return str(Path(path).resolve())


def open_memory(path: str | os.PathLike[str] | None = None) -> Memory:
    """Open (creating if needed) the memory at ``path`` or the default location."""
    return Memory(path if path is not None else default_memory_path())


def is_edited(memory: Memory, path: str | os.PathLike[str]) -> bool:
    """Was ``path`` written by subs and changed since? (False when missing or never ours.)"""
    recorded = memory.written_hash(path)
    if recorded is None:
        return False
    return all(guard.is_edited(path, sha) for sha in recorded.split())


def output_target(memory: Memory, path: str | os.PathLike[str], *, force: bool = False,
                  inputs: Sequence[str | os.PathLike[str]] = ()) -> Path:
    """Where to write the output meant for ``path``.

    The rules of ``subtitles.guard``: a new file, or one subs wrote and nobody changed:
    ``path`` itself. One a person edited: ``FILE.new`` beside it (``--force`` overwrites
    ``path`` instead), unless that one was edited too or is not subs's: OutputExists naming
    both. A file subs never wrote: OutputExists unless ``force``; an input is never a target.
    """
    target = Path(path)
    if guard.is_input(target, tuple(inputs)):
        raise OutputExists(str(path), "it is the input; choose another output folder")
    if not target.exists() or force:
        return target
    if is_edited(memory, target):
        machine = guard.beside_path(target)
        if machine.exists() and (is_edited(memory, machine)
                                 or memory.written_hash(machine) is None):
            raise OutputExists(str(machine), f"it and {target} both hold edits subs did not "
                               "make; keep the edits you want in one of them and delete the "
                               f"other, or pass --force to overwrite {target}")
        return machine
    if memory.written_hash(target) is not None:
        return target
    raise OutputExists(str(path), "it was not written by subs; pass --force to replace it")


def write_output(memory: Memory, path: str | os.PathLike[str], text: str) -> None:
    """Remember the bytes, write atomically, then forget the old bytes (#15 item 6).

    A kill after the first step leaves the file as it was, whose hash is still recorded as
    subs's; a kill after the second leaves the new file, recorded too.
    """
    data = text.encode("utf-8")
    old = Path(path)
    earlier = (sha256_bytes(old.read_bytes())
               if old.is_file() and memory.written_hash(old) is not None
               and not is_edited(memory, old) else None)
    memory.record_output(path, data, earlier)
    atomic_write(path, data)
    if earlier:
        memory.record_output(path, data)
