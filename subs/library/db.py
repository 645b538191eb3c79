"""The library database: one SQLite file per library folder, WAL mode, FTS5 over every cue.

Why SQLite: it is embedded (no server for an editor's laptop), transactional (a kill mid-write
leaves the last committed state) and ships FTS5, so "every time someone says Route 232" is one
indexed query. Every change goes through ``transaction()`` (``BEGIN IMMEDIATE``), so two
``subs library run`` processes on one library serialise their writes instead of interleaving
them; ``busy_timeout`` makes the second one wait rather than fail.

Tables: ``media`` (one row per distinct content hash, with status and claim), ``paths`` (every
place a file with that content was seen), ``cues``/``words`` (the transcript), ``cues_fts``
(FTS5 index of cue text), ``runs`` (wall time and audio done, for throughput).
"""
from __future__ import annotations

import logging
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from subs.library.errors import LibraryError
from subtitles import failures

log = logging.getLogger(__name__)

DB_NAME = "library.db"
CHECKPOINT_DIR = ".library-checkpoints"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS media (
    hash TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    duration_ms INTEGER,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'running', 'done', 'failed')),
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT,
    claimed_at REAL,
    language TEXT,
    language_probability REAL,
    warnings TEXT,
    elapsed_s REAL,
    added_at REAL NOT NULL,
    finished_at REAL
);
CREATE TABLE IF NOT EXISTS paths (
    path TEXT PRIMARY KEY,
    hash TEXT NOT NULL REFERENCES media(hash),
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    seen_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS paths_hash ON paths(hash);
CREATE TABLE IF NOT EXISTS cues (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL REFERENCES media(hash),
    idx INTEGER NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL,
    text TEXT NOT NULL,
    speaker TEXT,
    UNIQUE (hash, idx)
);
CREATE TABLE IF NOT EXISTS words (
    hash TEXT NOT NULL REFERENCES media(hash),
    idx INTEGER NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL,
    text TEXT NOT NULL,
    probability REAL,
    PRIMARY KEY (hash, idx)
);
CREATE INDEX IF NOT EXISTS words_time ON words(hash, start_ms);
CREATE VIRTUAL TABLE IF NOT EXISTS cues_fts USING fts5(
    text, cue_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at REAL NOT NULL,
    ended_at REAL NOT NULL,
    workers INTEGER NOT NULL,
    engine TEXT NOT NULL,
    files_done INTEGER NOT NULL DEFAULT 0,
    audio_ms_done INTEGER NOT NULL DEFAULT 0
);
"""


@dataclass
class Library:
    """An open library: its folder, its database connection and where checkpoints go."""

    folder: Path
    conn: sqlite3.Connection

    @property
    def checkpoint_dir(self) -> Path:
        return self.folder / CHECKPOINT_DIR

    def checkpoint_for(self, content_hash: str) -> Path:
        return self.checkpoint_dir / f"{content_hash[:32]}.partial"

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; any exception rolls the whole change back."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


ADVICE = ("restore library.db from a backup, or move it aside and run subs library add "
          "FOOTAGE_DIR again to rebuild it; every file is then transcribed again")


def connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a transaction is exactly the
    # block written in transaction(), never an implicit one opened by the sqlite3 module.
    # #15: through subtitles.failures, so a damaged page anywhere (status, search, export,
    # add) is one line naming library.db and what to do.
    conn = failures.connect(str(path), ADVICE, timeout=60.0, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 60000")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_library(folder: str | Path, *, create: bool = False) -> Library:
    """Open the library in ``folder``; with ``create`` make it (and the folder) if missing.

    A database written by a newer subs (higher ``user_version``) is refused rather than
    silently misread.
    """
    root = Path(folder)
    db = root / DB_NAME
    if not db.exists():
        if not create:
            raise LibraryError(f"{root}: no footage library here "
                               "(run `subs library add FOOTAGE_DIR --library "
                               f"{root}` first)")
        root.mkdir(parents=True, exist_ok=True)
    conn = connect(db)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise LibraryError(f"{db}: written by a newer subs (schema {version}, this one "
                               f"knows {SCHEMA_VERSION}); upgrade subs")
        if version < SCHEMA_VERSION:
            conn.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
    except BaseException:
        conn.close()
        raise
    return Library(root, conn)
