"""OS and SQLite failures -> one ``SubsError`` naming the file and what to do (issue 15).

A full disk, a name over 255 bytes, a folder nobody may enter or a database with a damaged page
used to end in a traceback wherever it struck. Every such failure is turned into the same shape
here, ``PATH: error: WHAT (what to do)``, and nowhere else: ``from_os_error`` for ``OSError``
(the CLI applies it to any ``OSError`` a command lets through), and ``connect`` for SQLite,
whose connections remember their file and the advice for it, since ``sqlite3.DatabaseError``
itself never says which database failed.

Also here, because every reader needs it: ``check_regular_file``, which refuses a FIFO, a device
or a folder before it is opened (opening a FIFO blocks until someone writes to it).
"""
from __future__ import annotations

import errno
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

from subtitles.errors import SubsError

OS_HINTS = {
    errno.ENOSPC: "free some disk space and run the command again; nothing was replaced",
    errno.EDQUOT: "free some disk space (you are over quota) and run the command again",
    errno.ENAMETOOLONG: "use a shorter name: at most 255 bytes per file or folder name",
    errno.EACCES: "check the permissions of the file and of its folders, or choose another path",
    errno.EPERM: "check the permissions of the file and of its folders, or choose another path",
    errno.EROFS: "the disk is read-only; choose another folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder; check the path",
    errno.ENOENT: "check the path",
    errno.EISDIR: "it is a folder; name a file",
    errno.ELOOP: "the path runs in a loop of symbolic links; check the links",
    errno.EIO: "the disk reported an error; copy the file to a healthy disk and try again",
}


class FileFailure(SubsError):
    """A file the OS or SQLite refused: ``PATH: error: REASON (HINT)``."""

    def __init__(self, path: str, reason: str, hint: str) -> None:
        super().__init__(path, reason, hint)
        self.path = path
        self.reason = reason
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.path}: error: {self.reason} ({self.hint})"


def from_os_error(err: OSError, path: str | os.PathLike[str] | None = None) -> FileFailure:
    """``OSError`` -> ``FileFailure`` naming the file (``path``, else the error's own)."""
    where = str(path if path is not None else err.filename or "(unnamed file)")
    reason = (err.strerror or str(err)).lower()
    return FileFailure(where, reason, OS_HINTS.get(err.errno or 0, "check the path"))


def check_regular_file(path: str | os.PathLike[str]) -> None:
    """Refuse what is not a regular file (a FIFO, socket, device or folder) before opening it.

    ``os.stat`` follows links, so a link to a subtitle file is fine.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise FileFailure(str(path), "no such file", "check the path") from None
    except OSError as err:
        raise from_os_error(err, path) from None
    if stat.S_ISDIR(mode):
        raise FileFailure(str(path), "is a directory, not a file", "name a file inside it")
    if not stat.S_ISREG(mode):
        raise FileFailure(str(path), "not a regular file (a pipe, socket or device)",
                          "name a regular file")


# SQLite ----------------------------------------------------------------------------------------

_DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_FORMAT")


def database_failure(err: sqlite3.Error, path: str | os.PathLike[str],
                     advice: str) -> FileFailure | None:
    """A SQLite error on ``path`` -> one line (damaged, full, busy, read-only...), or None
    for an error of the statement itself (an FTS5 query's syntax), which the caller handles."""
    name = getattr(err, "sqlite_errorname", "") or ""
    text = str(err)
    if name == "SQLITE_FULL" or "disk is full" in text:
        return FileFailure(str(path), "the disk is full",
                           "free some disk space and run the command again")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return FileFailure(str(path), f"database is in use ({text})",
                           "wait for the other subs command to finish, then try again")
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM")):
        return FileFailure(str(path), "database is read-only",
                           "check the permissions of the file and its folder")
    if name.startswith("SQLITE_CANTOPEN"):
        return FileFailure(str(path), "cannot open the database",
                           "check that its folder exists and that you may write there")
    if name.startswith("SQLITE_IOERR"):
        return FileFailure(str(path), f"disk error ({text})",
                           "copy the file to a healthy disk and try again")
    if name.startswith(_DAMAGED) or text.startswith(("no such table", "no such column")):
        return FileFailure(str(path), f"damaged or not a SQLite database: {text}", advice)
    return None


class GuardedConnection(sqlite3.Connection):
    """A connection whose every SQLite error names its file (``database_failure``)."""

    db_path: str = ""
    advice: str = ""

    def _fail(self, err: sqlite3.Error) -> BaseException:
        return database_failure(err, self.db_path, self.advice) or err

    def cursor(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("factory", GuardedCursor)
        return super().cursor(*args, **kwargs)

    def execute(self, *args: Any) -> Any:
        return self.cursor().execute(*args)  # a GuardedCursor, so fetching is guarded too

    def executemany(self, *args: Any) -> Any:
        return self.cursor().executemany(*args)

    def executescript(self, *args: Any) -> Any:
        return self.cursor().executescript(*args)

    def commit(self) -> None:
        try:
            super().commit()
        except sqlite3.DatabaseError as err:
            raise self._fail(err) from None

    def __exit__(self, *exc: Any) -> Any:
        try:
            return super().__exit__(*exc)
        except sqlite3.DatabaseError as err:
            raise self._fail(err) from None


class GuardedCursor(sqlite3.Cursor):
    """Rows are read lazily, so a damaged page can surface while fetching: named there too."""

    def _fail(self, err: sqlite3.Error) -> BaseException:
        conn = self.connection
        return database_failure(err, getattr(conn, "db_path", "database"),
                                getattr(conn, "advice", "restore it from a backup")) or err

    def execute(self, *args: Any) -> Any:
        try:
            return super().execute(*args)
        except sqlite3.DatabaseError as err:
            raise self._fail(err) from None

    def executemany(self, *args: Any) -> Any:
        try:
            return super().executemany(*args)
        except sqlite3.DatabaseError as err:
            raise self._fail(err) from None

    def executescript(self, *args: Any) -> Any:
        try:
            return super().executescript(*args)
        except sqlite3.DatabaseError as err:
            raise self._fail(err) from None

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.DatabaseError as err:
            raise self._fail(err) from None

    def fetchmany(self, *args: Any) -> Any:
        try:
            return super().fetchmany(*args)
        except sqlite3.DatabaseError as err:
            raise self._fail(err) from None

    def fetchall(self) -> Any:
        try:
            return super().fetchall()
        except sqlite3.DatabaseError as err:
            raise self._fail(err) from None

    def __next__(self) -> Any:
        try:
            return super().__next__()
        except sqlite3.DatabaseError as err:
            raise self._fail(err) from None


def connect(path: str | os.PathLike[str], advice: str, **kwargs: Any) -> sqlite3.Connection:
    """``sqlite3.connect`` whose errors become ``FileFailure(path, ..., advice)``.

    ``advice`` says what to do with a damaged file: restore it, or how to rebuild it.
    """
    target = str(path)
    uri = kwargs.get("uri", False)
    shown = target.split("?", 1)[0].removeprefix("file:") if uri else target
    if shown != ":memory:" and not uri:
        try:
            if Path(target).exists():
                check_regular_file(target)
        except OSError as err:
            raise from_os_error(err, target) from None
    try:
        conn = sqlite3.connect(target, factory=GuardedConnection, **kwargs)
    except sqlite3.DatabaseError as err:
        raise (database_failure(err, shown, advice) or err) from None
    assert isinstance(conn, GuardedConnection)
    conn.db_path = shown
    conn.advice = advice
    return conn
