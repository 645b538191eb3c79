"""Who may work on a project in the workspace: invites, their tokens, their rights, their work.

A token is 192 random bits (``secrets.token_urlsafe(24)``), shown once, when made, and stored
only as its SHA-256: a copy of ``.subs/`` (it is meant to go into git) gives nobody a link.
A plain hash is enough because the token is random and long, not a password a person chose.
Every check compares against every stored hash with ``hmac.compare_digest``, so the time taken
says nothing about how close a guess came.

Roles (issue 18): the **coordinator** (the link ``subs serve`` prints; a new one each start)
does everything; a **reviewer** edits and marks reviewed cues of one language; a
**translator** edits one language and cannot review. Anybody with a link may read every
language (the dashboard shows them all).

The same database keeps who saved or reviewed which cue last (``who_worked``), for the
dashboard and for the reviewer's view; it is kept apart from ``state.sqlite`` so the film's
state stays exactly what ``subs lang import`` would write.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, TypeVar

from subs.project.config import ProjectError

DB_NAME = ".subs/workspace.sqlite"
ROLES = ("translator", "reviewer")
COORDINATOR = "coordinator"
T = TypeVar("T")
TOKEN_BYTES = 24  # 192 bits; the issue asks for at least 128

_SCHEMA = """
CREATE TABLE IF NOT EXISTS invites (
    name TEXT PRIMARY KEY, role TEXT NOT NULL, language TEXT, token_sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS work (
    language TEXT NOT NULL, idx INTEGER NOT NULL, who TEXT NOT NULL, what TEXT NOT NULL,
    at TEXT NOT NULL, PRIMARY KEY (language, idx, what));
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Invite:
    name: str
    role: str  # "coordinator", "translator" or "reviewer"
    language: str | None  # None for the coordinator: every language
    created_at: str = ""

    def may_write(self, tag: str) -> bool:
        return self.role == COORDINATOR or self.language == tag

    def may_review(self, tag: str) -> bool:
        return self.role == COORDINATOR or (self.role == "reviewer" and self.language == tag)


@dataclass(frozen=True)
class Work:
    who: str
    what: str  # "edited" or "reviewed"
    at: str


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _locked(method: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(method)
    def run(self: "Invites", *args: Any, **kwargs: Any) -> T:
        with self.lock:
            return method(self, *args, **kwargs)
    return run


class Invites:
    """The invites database of the project in ``folder`` (created on first use)."""

    def __init__(self, folder: Path) -> None:
        path = folder / DB_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        # one connection for every thread of a server, used one at a time
        self.conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self.lock = threading.RLock()
        with self.lock, self.conn:
            self.conn.executescript(_SCHEMA)

    def close(self) -> None:
        self.conn.close()

    @_locked
    def _store(self, name: str, role: str, language: str | None) -> str:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO invites VALUES (?, ?, ?, ?, ?)",
                              (name, role, language, _hash(token), now()))
        return token

    @_locked
    def invite(self, name: str, language: str, role: str = "translator") -> str:
        """A new person's token (shown once); an existing name is refused, not replaced."""
        name = check_name(name)
        if role not in ROLES:
            raise ProjectError(f"--role {role}: use one of {', '.join(ROLES)}")
        if self.conn.execute("SELECT 1 FROM invites WHERE name = ?", (name,)).fetchone():
            raise ProjectError(f"{name} is already invited; end that link first with: "
                               f"subs invite --revoke {name!r}")
        return self._store(name, role, language)

    @_locked
    def coordinator(self) -> str:
        """A new coordinator token; the one from the previous ``subs serve`` stops working."""
        return self._store(COORDINATOR, COORDINATOR, None)

    @_locked
    def revoke(self, name: str) -> bool:
        with self.conn:
            cur = self.conn.execute("DELETE FROM invites WHERE name = ?", (name,))
        return cur.rowcount > 0

    @_locked
    def invited(self) -> list[Invite]:
        rows = self.conn.execute("SELECT name, role, language, created_at FROM invites "
                                 "WHERE role != ? ORDER BY name", (COORDINATOR,))
        return [Invite(*row) for row in rows]

    @_locked
    def check(self, token: str) -> Invite | None:
        """The invite holding ``token``, compared in constant time with every stored hash."""
        wanted = _hash(token)
        found = None
        for name, role, language, stored, created in self.conn.execute(
                "SELECT name, role, language, token_sha256, created_at FROM invites"):
            if hmac.compare_digest(wanted, stored):
                found = Invite(name, role, language, created)
        return found

    # who did what -----------------------------------------------------------------------
    def record(self, language: str, index: int, who: str, what: str) -> None:
        self.record_many([(language, index, who, what)])

    @_locked
    def record_many(self, rows: list[tuple[str, int, str, str]]) -> None:
        """(language, cue index, who, "edited" or "reviewed") rows, in one transaction."""
        when = now()
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO work VALUES (?, ?, ?, ?, ?)",
                                  [(*row, when) for row in rows])

    @_locked
    def who_worked(self, language: str) -> dict[int, dict[str, Work]]:
        """Cue index -> {"edited": Work, "reviewed": Work}, the last of each."""
        out: dict[int, dict[str, Work]] = {}
        for idx, who, what, at in self.conn.execute(
                "SELECT idx, who, what, at FROM work WHERE language = ?", (language,)):
            out.setdefault(idx, {})[what] = Work(who, what, at)
        return out

    @_locked
    def last_worked(self) -> dict[str, Work]:
        """Language -> the most recent save or review in it."""
        rows = self.conn.execute(
            "SELECT language, who, what, MAX(at) FROM work GROUP BY language")
        return {lang: Work(who, what, at) for lang, who, what, at in rows}

    @_locked
    def set_meta(self, key: str, value: str) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @_locked
    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None


def check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 80 or not name.isprintable():
        raise ProjectError(f"{name!r}: a name is 1 to 80 printable characters")
    if name == COORDINATOR:
        raise ProjectError(f"{name!r} is the name of the link subs serve prints; pick another")
    return name
