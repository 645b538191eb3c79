"""Claiming files and recording results: the only writes a run makes, each one transaction.

Why claims rather than a lock file: two ``subs library run`` on one library (two terminals, or
a laptop and a Dask client) should share the work, not refuse each other. A run claims one
file at a time (``pending`` -> ``running`` with its owner id) inside ``BEGIN IMMEDIATE``, so no
two runs ever get the same file. A claim whose owner died is taken over: at once when the owner
was a process on this host that no longer exists, else after ``LEASE_S`` without a heartbeat.

Recording is idempotent: a result for a file that is already ``done`` (another run finished it
after this one's claim went stale) is dropped, so a transcript is never stored twice.
"""
from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid

from subs.library.db import Library
from subs.library.worker import Outcome

log = logging.getLogger(__name__)

LEASE_S = 600.0
MAX_ATTEMPTS = 3


def new_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _owner_dead(owner: str | None) -> bool:
    if not owner:
        return True
    host, _, rest = owner.partition(":")
    pid_text = rest.split(":", 1)[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def claim_next(lib: Library, owner: str, *, lease_s: float = LEASE_S,
               max_attempts: int = MAX_ATTEMPTS,
               gave_up: list[str] | None = None) -> str | None:
    """Claim the oldest pending (or abandoned) file; its content hash, or None when none left.

    A file whose worker died on it ``max_attempts`` times is marked failed instead of being
    tried forever (its hash is appended to ``gave_up``, so the run can say so). Issue 16: a
    claim taken over from a run that died (killed client, lost heartbeat) does not count as
    another attempt: the client's death says nothing about the file, and three killed runs
    had given up on a healthy one.
    """
    now = time.time()
    with lib.transaction() as db:
        rows = db.execute(
            "SELECT hash, status, attempts, claimed_by, claimed_at FROM media "
            "WHERE status IN ('pending', 'running') ORDER BY added_at, hash").fetchall()
        for row in rows:
            if row["status"] == "running":
                stale = (row["claimed_at"] or 0) < now - lease_s or _owner_dead(row["claimed_by"])
                if not stale:
                    continue
                log.info("taking over %s from %s", row["hash"][:12], row["claimed_by"])
            if row["attempts"] >= max_attempts:
                db.execute("UPDATE media SET status = 'failed', claimed_by = NULL, error = ? "
                           "WHERE hash = ?",
                           (f"gave up after {row['attempts']} attempts (its worker process "
                            "died each time)", row["hash"]))
                if gave_up is not None:
                    gave_up.append(str(row["hash"]))
                continue
            taken_over = row["status"] == "running"  # its run died: that try does not count
            db.execute("UPDATE media SET status = 'running', claimed_by = ?, claimed_at = ?, "
                       "attempts = attempts + ?, error = NULL WHERE hash = ?",
                       (owner, now, 0 if taken_over else 1, row["hash"]))
            return str(row["hash"])
    return None


def heartbeat(lib: Library, owner: str) -> None:
    with lib.transaction() as db:
        db.execute("UPDATE media SET claimed_at = ? WHERE claimed_by = ? AND status = 'running'",
                   (time.time(), owner))


def release(lib: Library, hashes: list[str], owner: str, *, count_attempt: bool) -> None:
    """Give claimed files back as pending (a stop, a lost worker, a lost scheduler).

    ``count_attempt=False`` (the user stopped the run, the scheduler went away) undoes the
    attempt, so stopping a run never uses up a file's tries.
    """
    with lib.transaction() as db:
        for content_hash in hashes:
            db.execute("UPDATE media SET status = 'pending', claimed_by = NULL, "
                       "attempts = attempts - ? WHERE hash = ? AND claimed_by = ? "
                       "AND status = 'running'",
                       (0 if count_attempt else 1, content_hash, owner))


def release_owned(lib: Library, owner: str) -> None:
    """Give back every file ``owner`` still holds, without counting an attempt."""
    with lib.transaction() as db:
        db.execute("UPDATE media SET status = 'pending', claimed_by = NULL, "
                   "attempts = MAX(attempts - 1, 0) WHERE claimed_by = ? AND status = 'running'",
                   (owner,))


def record(lib: Library, outcome: Outcome, owner: str) -> bool:
    """Store one outcome in one transaction; False when it was dropped as a duplicate."""
    with lib.transaction() as db:
        row = db.execute("SELECT status, claimed_by FROM media WHERE hash = ?",
                         (outcome.content_hash,)).fetchone()
        if row is None or row["status"] == "done":
            log.info("dropping duplicate result for %s", outcome.content_hash[:12])
            return False
        if row["status"] == "running" and row["claimed_by"] not in (owner, None):
            log.info("%s now belongs to %s; keeping our result anyway", outcome.content_hash[:12],
                     row["claimed_by"])
        if not outcome.ok:
            db.execute("UPDATE media SET status = 'failed', error = ?, claimed_by = NULL, "
                       "elapsed_s = ?, finished_at = ? WHERE hash = ?",
                       (outcome.error, outcome.elapsed_s, time.time(), outcome.content_hash))
            return True
        _store_transcript(db, outcome)
        return True


def _store_transcript(db: object, outcome: Outcome) -> None:
    import sqlite3

    assert isinstance(db, sqlite3.Connection)
    key = outcome.content_hash
    old = [r[0] for r in db.execute("SELECT id FROM cues WHERE hash = ?", (key,))]
    for cue_id in old:  # a transcript is replaced whole, never appended to
        db.execute("DELETE FROM cues_fts WHERE cue_id = ?", (cue_id,))
    db.execute("DELETE FROM cues WHERE hash = ?", (key,))
    db.execute("DELETE FROM words WHERE hash = ?", (key,))
    for idx, (start, end, text, speaker) in enumerate(outcome.cues):
        cur = db.execute("INSERT INTO cues (hash, idx, start_ms, end_ms, text, speaker) "
                         "VALUES (?,?,?,?,?,?)", (key, idx, start, end, text, speaker))
        db.execute("INSERT INTO cues_fts (text, cue_id) VALUES (?, ?)", (text, cur.lastrowid))
    db.executemany("INSERT INTO words (hash, idx, start_ms, end_ms, text, probability) "
                   "VALUES (?,?,?,?,?,?)",
                   [(key, i, *w) for i, w in enumerate(outcome.words)])
    db.execute("UPDATE media SET status = 'done', error = NULL, claimed_by = NULL, "
               "language = ?, language_probability = ?, warnings = ?, elapsed_s = ?, "
               "finished_at = ?, duration_ms = COALESCE(?, duration_ms) WHERE hash = ?",
               (outcome.language, outcome.language_probability,
                json.dumps(list(outcome.warnings)), outcome.elapsed_s, time.time(),
                outcome.duration_ms, key))


def reset_failed(lib: Library) -> int:
    """Put failed files back in the queue (``library run --retry-failed``)."""
    with lib.transaction() as db:
        cur = db.execute("UPDATE media SET status = 'pending', attempts = 0, error = NULL "
                         "WHERE status = 'failed'")
        return int(cur.rowcount)
