"""The project's memory: what subs last wrote, per file and per cue, in one SQLite file.

Why a database and not sidecar files: a command changes many cues of several languages at once,
and SQLite gives one transaction for all of it. The SRT files stay the human interface; this
file only remembers what subs put in them, so a person's edit is whatever differs.

Crash safety (a kill during ``update`` or ``import``): a command that writes files first stores
its whole outcome (new cue rows and the full text of every file) in the ``journal`` table, in one
transaction; then writes each file atomically; then, in one more transaction, applies the rows,
records the new file hashes and clears the journal. Opening a project with a journal left over
finishes that work (roll forward), rewriting only files still holding the old bytes, so a file a
person touched after the crash is never overwritten.

A database whose schema version is newer than ``SCHEMA_VERSION`` is refused before anything is
written to it. A damaged one (a bad page, a table missing, a journal row that is not JSON) is
one line naming the file and what to do, never a traceback or a silent empty answer (#15).

Two commands on one project take turns: the state is opened under an exclusive lock on
``.subs/lock`` held until it is closed, so a command's read of the files and its commit are
never interleaved with another's (#15: two imports at once lost one person's text).
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import sqlite3
import threading
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterator

from subs.project.config import ProjectError
from subtitles.failures import connect
from subtitles.hashing import sha256_file_or_none, sha256_text
from subtitles.io import atomic_write
from subtitles.model import Cue

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
STATE_NAME = ".subs/state.sqlite"
LOCK_NAME = ".subs/lock"
LOCK_TIMEOUT_S = 600.0
ADVICE = ("restore .subs/state.sqlite from a backup or git (git checkout -- .subs), "
          "or rebuild it from the project's files with: subs status --rebuild")
_TABLES = ("meta", "files", "source_cues", "cues", "journal")
STATUSES = ("empty", "machine", "edited", "reviewed")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS source_cues (
    idx INTEGER PRIMARY KEY, start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL,
    text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cues (
    language TEXT NOT NULL, idx INTEGER NOT NULL,
    start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL,
    source_text TEXT NOT NULL, text TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('empty', 'machine', 'edited', 'reviewed')),
    stale INTEGER NOT NULL DEFAULT 0, reviewed_by TEXT, reviewed_at TEXT,
    PRIMARY KEY (language, idx));
CREATE TABLE IF NOT EXISTS journal (id INTEGER PRIMARY KEY CHECK (id = 1), payload TEXT NOT NULL);
"""

# test hook: called between the steps of a commit ("journal", "file", "state")
_between_steps: Callable[[str], None] = lambda step: None


@dataclass(frozen=True)
class Slot:
    """One cue of one language: its times, the source text it was made from, its own text."""

    start_ms: int
    end_ms: int
    source_text: str
    text: str
    status: str  # one of STATUSES
    stale: bool = False
    reviewed_by: str | None = None
    reviewed_at: str | None = None

    def cue(self) -> Cue:
        return Cue(self.start_ms, self.end_ms, self.text)


@dataclass(frozen=True)
class Outcome:
    """What one command changes: source cues, whole languages, and files (relative path -> text)."""

    source: tuple[Cue, ...] | None = None
    languages: dict[str, tuple[Slot, ...]] | None = None
    files: dict[str, str] | None = None
    hashes: dict[str, str] | None = None  # files observed, not written: relative path -> sha
    # files to write: the hash they had when read (None: absent); a file that no longer has it
    # was touched by a person meanwhile and is left alone (its edits are seen next time)
    expect: dict[str, str | None] | None = None


class State:
    """An open state database of the project in ``folder``."""

    def __init__(self, folder: Path, conn: sqlite3.Connection, lock: Path | None = None) -> None:
        self.folder = folder
        self.conn = conn
        self.lock = lock

    # reading -------------------------------------------------------------------------------
    def written_hash(self, key: str, /) -> str | None:
        """The digest subs last wrote at ``key`` (relative to the project): a WriteRecord."""
        return self.file_hash(key)

    def file_hash(self, rel: str) -> str | None:
        row = self.conn.execute("SELECT sha256 FROM files WHERE path = ?", (rel,)).fetchone()
        return row[0] if row else None

    def source(self) -> tuple[Cue, ...]:
        rows = self.conn.execute("SELECT start_ms, end_ms, text FROM source_cues ORDER BY idx")
        return tuple(Cue(s, e, t) for s, e, t in rows)

    def slots(self, language: str) -> tuple[Slot, ...]:
        rows = self.conn.execute(
            "SELECT start_ms, end_ms, source_text, text, status, stale, reviewed_by, reviewed_at"
            " FROM cues WHERE language = ? ORDER BY idx", (language,))
        return tuple(Slot(s, e, src, t, st, bool(stale), by, at)
                     for s, e, src, t, st, stale, by, at in rows)

    # writing -------------------------------------------------------------------------------
    def commit(self, outcome: Outcome) -> None:
        """Journal, write files atomically, then apply rows and hashes in one transaction."""
        expect = {rel: self.file_hash(rel) for rel in outcome.files or {}}
        expect.update(outcome.expect or {})
        outcome = replace(outcome, expect=expect)
        payload = json.dumps(_encode(outcome))
        with self.conn:
            self.conn.execute("INSERT INTO journal (id, payload) VALUES (1, ?)", (payload,))
        _between_steps("journal")
        self._finish(outcome)

    def _finish(self, outcome: Outcome) -> None:
        expect = outcome.expect or {}
        for rel, text in (outcome.files or {}).items():
            target = self.folder / rel
            now = sha256_file_or_none(target)
            if now != sha256_text(text) and (now == expect.get(rel) or now is None):
                atomic_write(target, text)
                _between_steps("file")
        with self.conn:
            self._apply(outcome)
            self.conn.execute("DELETE FROM journal")
        _between_steps("state")

    def _apply(self, outcome: Outcome) -> None:
        c = self.conn
        if outcome.source is not None:
            c.execute("DELETE FROM source_cues")
            c.executemany("INSERT INTO source_cues VALUES (?, ?, ?, ?)",
                          [(i, q.start_ms, q.end_ms, q.text) for i, q in enumerate(outcome.source)])
        for lang, slots in (outcome.languages or {}).items():
            c.execute("DELETE FROM cues WHERE language = ?", (lang,))
            c.executemany(
                "INSERT INTO cues VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(lang, i, s.start_ms, s.end_ms, s.source_text, s.text, s.status, int(s.stale),
                  s.reviewed_by, s.reviewed_at) for i, s in enumerate(slots)])
        hashes = dict(outcome.hashes or {})
        hashes.update({rel: sha256_text(t) for rel, t in (outcome.files or {}).items()})
        c.executemany("INSERT OR REPLACE INTO files (path, sha256) VALUES (?, ?)",
                      list(hashes.items()))

    def recover(self) -> bool:
        """Finish a command that was killed after journaling; True when there was one."""
        row = self.conn.execute("SELECT payload FROM journal WHERE id = 1").fetchone()
        if not row:
            return False
        try:
            outcome = _decode(json.loads(row[0]))
        except (ValueError, TypeError, KeyError, AttributeError) as err:
            raise ProjectError(
                f"{self.folder / STATE_NAME}: error: the journal of an unfinished command is "
                f"damaged ({type(err).__name__}: {err}) ({ADVICE})") from None
        self._finish(outcome)
        return True

    def close(self) -> None:
        self.conn.close()
        if self.lock is not None:
            _unlock(self.lock)
            self.lock = None


def _encode(outcome: Outcome) -> dict[str, object]:
    return {
        "source": None if outcome.source is None else
        [[c.start_ms, c.end_ms, c.text] for c in outcome.source],
        "languages": {k: [asdict(s) for s in v] for k, v in (outcome.languages or {}).items()},
        "files": outcome.files or {},
        "hashes": outcome.hashes or {},
        "expect": outcome.expect or {},
    }


def _decode(data: dict[str, Any]) -> Outcome:
    src = data["source"]
    return Outcome(
        None if src is None else tuple(Cue(s, e, t) for s, e, t in src),
        {k: tuple(Slot(**s) for s in v) for k, v in data["languages"].items()},
        data["files"], data["hashes"], data["expect"])


def _check_version(conn: sqlite3.Connection, path: Path) -> bool:
    """True when the schema exists and is ours; raise when it is newer; False when empty."""
    has_meta = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
    if not has_meta:
        return False
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    version = int(row[0]) if row and str(row[0]).isdigit() else None
    if version is None:
        raise ProjectError(f"{path}: not a subs state database (no schema version)")
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"{path}: state database schema version {version} is newer than this subs "
            f"understands ({SCHEMA_VERSION}); upgrade subs to use this project "
            "(the database was left untouched)")
    have = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    missing = [name for name in _TABLES if name not in have]
    if missing:  # #15: a missing cues table read as "0 cues", then IndexError in update
        raise ProjectError(f"{path}: error: damaged state database: table "
                           f"{', '.join(missing)} is missing ({ADVICE})")
    conn.execute("PRAGMA quick_check(1)").fetchall()  # a damaged page raises here
    return True


# The lock is per process and re-entrant within it: the workspace server opens the project
# from several threads while one is open (``subs.project.lock`` orders its threads' writes
# inside the process); taking the flock again through another descriptor would wait
# for itself. Between processes it is exclusive.
_held: dict[Path, list[int]] = {}  # folder -> [descriptor, opens]
_held_guard = threading.Lock()


def _lock(folder: Path) -> Path:
    """Take the project's lock (once per process), waiting while another process holds it."""
    key = folder.resolve()
    with _held_guard:
        if key in _held:
            _held[key][1] += 1
            return key
    fd = _flock(folder)
    with _held_guard:
        if key in _held:  # another thread of this process took it meanwhile
            _held[key][1] += 1
            os.close(fd)
        else:
            _held[key] = [fd, 1]
    return key


def _unlock(key: Path) -> None:
    with _held_guard:
        entry = _held.get(key)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] == 0:
            del _held[key]
            os.close(entry[0])  # releases the flock


def _flock(folder: Path) -> int:
    """Take the project's flock, waiting (and saying so) while another command holds it."""
    path = folder / LOCK_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + LOCK_TIMEOUT_S
    waited = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if not waited:
                waited = True
                _on_wait(folder)
            if time.monotonic() > deadline:
                os.close(fd)
                raise ProjectError(f"{folder}: another subs command has held this project for "
                                   f"{LOCK_TIMEOUT_S:.0f} s; wait for it to finish, then run "
                                   "this command again") from None
            time.sleep(0.05)


def _waiting(folder: Path) -> None:
    log.warning("%s: another subs command is working on this project; waiting for it", folder)


_on_wait: Callable[[Path], None] = _waiting  # test hook: called once when a command waits


def open_state(folder: Path, *, create: bool = False) -> State:
    """Open (or with ``create``, make) the state database; finish any journaled command."""
    path = folder / STATE_NAME
    if not path.exists() and not create:
        raise ProjectError(f"{folder}: project state {STATE_NAME} is missing; "
                           "re-create the project with subs init")
    lock = _lock(folder)
    try:
        return _open_locked(folder, path, create, lock)
    except BaseException:
        _unlock(lock)
        raise


def _open_locked(folder: Path, path: Path, create: bool, lock: Path) -> State:
    if path.exists():
        # read-only first, so a database from a newer subs is never touched
        ro = connect(f"file:{path}?mode=ro", ADVICE, uri=True)
        try:
            ours = _check_version(ro, path)
        finally:
            ro.close()
        if not ours and not create:
            raise ProjectError(f"{path}: not a subs state database (no schema version)")
    conn = connect(path, ADVICE, isolation_level="DEFERRED")
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
        with conn:
            conn.executescript(_SCHEMA)
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                         (str(SCHEMA_VERSION),))
        state = State(folder, conn, lock)
        state.recover()
    except BaseException:
        conn.close()
        raise
    return state


def iter_ranges(spec: str, total: int) -> Iterator[int]:
    """``1-40,52`` -> 0-based indexes; raise ProjectError on anything out of 1..total."""
    for part in spec.split(","):
        part = part.strip()
        lo, _, hi = part.partition("-")
        try:
            a, b = int(lo), int(hi or lo)
        except ValueError:
            raise ProjectError(f"--cues {spec!r}: use numbers and ranges such as 1-40,52") from None
        if not 1 <= a <= b <= total:
            raise ProjectError(f"--cues {part}: cues are numbered 1 to {total}")
        yield from range(a - 1, b)


def replace_slot(slot: Slot, **changes: object) -> Slot:
    return replace(slot, **changes)  # type: ignore[arg-type]
