"""Claims and results: two runs never get one file, a dead run's files are taken over, a
result is stored once, and a crash inside a transaction leaves the database as it was."""
from __future__ import annotations

import multiprocessing
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from subs.library import claims
from subs.library.db import open_library
from subs.library.scan import add_paths
from subs.library.worker import Outcome


def _library(tmp_path: Path, footage: Path) -> Path:
    with open_library(tmp_path / "lib", create=True) as lib:
        add_paths(lib, [footage])
    return tmp_path / "lib"


def _claim_all(folder: str, queue: "multiprocessing.Queue[list[str]]") -> None:
    with open_library(folder) as lib:
        owner = claims.new_owner()
        got = []
        while (key := claims.claim_next(lib, owner)) is not None:
            got.append(key)
            time.sleep(0.01)
        queue.put(got)


def test_two_processes_claim_disjoint_files(tmp_path: Path, footage: Path) -> None:
    folder = _library(tmp_path, footage)
    ctx = multiprocessing.get_context("spawn")
    queue: "multiprocessing.Queue[list[str]]" = ctx.Queue()
    procs = [ctx.Process(target=_claim_all, args=(str(folder), queue)) for _ in range(3)]
    for p in procs:
        p.start()
    got = [queue.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(30)
    claimed = [key for part in got for key in part]
    assert len(claimed) == len(set(claimed)) == 5


def test_a_dead_owners_claim_is_taken_over(tmp_path: Path, footage: Path) -> None:
    folder = _library(tmp_path, footage)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    with open_library(folder) as lib:
        first = claims.claim_next(lib, claims.new_owner())
        assert first is not None
        host = claims.new_owner().split(":")[0]
        lib.conn.execute("UPDATE media SET claimed_by = ? WHERE hash = ?",
                         (f"{host}:{dead}:gone", first))
        live = claims.new_owner()
        assert claims.claim_next(lib, live) == first  # the oldest file, whose owner is gone
        row = lib.conn.execute("SELECT attempts, claimed_by FROM media WHERE hash = ?",
                               (first,)).fetchone()
        assert (row["attempts"], row["claimed_by"]) == (1, live)  # issue 16: its run died
        # a live owner on another host keeps its claim until the lease runs out
        lib.conn.execute("UPDATE media SET claimed_by = 'elsewhere:1:x' WHERE hash = ?", (first,))
        assert claims.claim_next(lib, live) != first
        assert claims.claim_next(lib, live, lease_s=-1) == first


def test_a_file_whose_worker_always_dies_is_failed(tmp_path: Path, footage: Path) -> None:
    folder = _library(tmp_path, footage)
    with open_library(folder) as lib:
        owner = claims.new_owner()
        key = claims.claim_next(lib, owner)
        assert key is not None
        for _ in range(2):
            claims.release(lib, [key], owner, count_attempt=True)
            assert claims.claim_next(lib, owner) == key
        claims.release(lib, [key], owner, count_attempt=True)
        assert claims.claim_next(lib, owner) != key
        row = lib.conn.execute("SELECT status, error FROM media WHERE hash = ?", (key,)).fetchone()
        assert row["status"] == "failed"
        assert row["error"] == "gave up after 3 attempts (its worker process died each time)"


def test_16_killed_runs_never_use_up_a_files_attempts(tmp_path: Path, footage: Path) -> None:
    """Issue 16: three killed clients made a healthy file "gave up after 3 attempts"."""
    folder = _library(tmp_path, footage)
    host = claims.new_owner().split(":")[0]
    with open_library(folder) as lib:
        key = None
        for _ in range(claims.MAX_ATTEMPTS + 1):  # each run claims the file, then is killed
            dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                                  capture_output=True, text=True, check=True).stdout.strip()
            owner = f"{host}:{dead}:killed"
            got = claims.claim_next(lib, owner)
            assert got is not None and (key is None or got == key)
            key = got
        row = lib.conn.execute("SELECT status, attempts FROM media WHERE hash = ?",
                               (key,)).fetchone()
        assert (row["status"], row["attempts"]) == ("running", 1)


def test_stopping_a_run_does_not_use_up_attempts(tmp_path: Path, footage: Path) -> None:
    folder = _library(tmp_path, footage)
    with open_library(folder) as lib:
        owner = claims.new_owner()
        key = claims.claim_next(lib, owner)
        claims.release(lib, [key], owner, count_attempt=False)  # type: ignore[list-item]
        row = lib.conn.execute("SELECT status, attempts FROM media WHERE hash = ?",
                               (key,)).fetchone()
        assert (row["status"], row["attempts"]) == ("pending", 0)


def _outcome(key: str, text: str = "We drove on Route 232.") -> Outcome:
    return Outcome(key, cues=((0, 1500, text, None),),
                   words=tuple((i * 300, i * 300 + 250, f" {w}", 0.9)
                               for i, w in enumerate(text.split())),
                   language="en", language_probability=0.98, duration_ms=1500)


def test_a_result_is_stored_once(tmp_path: Path, footage: Path) -> None:
    folder = _library(tmp_path, footage)
    with open_library(folder) as lib:
        a, b = claims.new_owner(), claims.new_owner()
        key = claims.claim_next(lib, a)
        assert key is not None
        assert claims.record(lib, _outcome(key), a) is True
        assert claims.record(lib, _outcome(key, "A second copy."), b) is False
        assert lib.conn.execute("SELECT COUNT(*) FROM cues WHERE hash = ?", (key,)
                                ).fetchone()[0] == 1
        assert lib.conn.execute("SELECT COUNT(*) FROM cues_fts").fetchone()[0] == 1
        assert lib.conn.execute("SELECT text FROM cues").fetchone()[0] == "We drove on Route 232."


def test_a_failure_inside_a_transaction_changes_nothing(tmp_path: Path, footage: Path) -> None:
    folder = _library(tmp_path, footage)
    with open_library(folder) as lib:
        owner = claims.new_owner()
        key = claims.claim_next(lib, owner)
        assert key is not None
        broken_cue = (0, 1000, None, None)  # text NULL: the INSERT of the 2nd cue fails
        bad = Outcome(key, cues=((0, 1000, "fine", None), broken_cue),  # type: ignore[arg-type]
                      words=(), language="en", language_probability=1.0, duration_ms=1000)
        with pytest.raises(sqlite3.IntegrityError):
            claims.record(lib, bad, owner)
        assert lib.conn.execute("SELECT COUNT(*) FROM cues").fetchone()[0] == 0
        assert lib.conn.execute("SELECT COUNT(*) FROM cues_fts").fetchone()[0] == 0
        assert lib.conn.execute("SELECT status FROM media WHERE hash = ?", (key,)
                                ).fetchone()[0] == "running"
