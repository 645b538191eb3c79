"""Issue 16: what the field trials of the footage library found, one regression test per item.

The runs use real transcription (``tiny.en``) on real files; a killed or interrupted run is a
real process, watched through observable states (the database, its child processes).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from subs.cli import cli
from subs.library import claims
from subs.library.db import DB_NAME, Library, open_library
from subs.library.scan import add_paths
from subs.library.worker import Outcome
from tests.speech import silence, write_wav
from tests.subs.library.conftest import TEXTS, _outcome

ROOT = Path(__file__).resolve().parents[3]
DAMAGED = "decoded 17.2 s of a 34.4 s file; the file may be damaged"


def _cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _add_done(lib: Library, path: Path, cues: list[tuple[int, str]],
              warnings: tuple[str, ...] = ()) -> str:
    """Register ``path`` and store a transcript for it, as a run records a worker's outcome."""
    from dataclasses import replace

    add_paths(lib, [path])
    key = lib.conn.execute("SELECT hash FROM paths WHERE path = ?",
                           (str(path.resolve()),)).fetchone()[0]
    owner = claims.new_owner()
    assert claims.claim_next(lib, owner) == key
    claims.record(lib, replace(_outcome(key, cues), warnings=warnings), owner)
    return str(key)


# 8 ----------------------------------------------------------------------------------------
def test_16_8_stored_warnings_are_shown_by_status_and_exports(lib: Library,
                                                              tmp_path: Path) -> None:
    damaged = tmp_path / "media" / "damaged.wav"
    damaged.write_bytes(b"\x07" * 64)
    _add_done(lib, damaged, [(1000, "The road was closed.")], (DAMAGED,))
    result = _cli("library", "status", "-L", str(lib.folder))
    assert f"warning: {damaged}: {DAMAGED}" in result.output.splitlines()
    data = json.loads(_cli("library", "status", "-L", str(lib.folder), "--format",
                           "json").output)
    assert data["warnings"] == [{"file": str(damaged), "warning": DAMAGED}]
    out = tmp_path / "out"
    for fmt in ("txt", "json", "docx", "srt"):
        result = _cli("library", "export", "-L", str(lib.folder), "--format", fmt, "-o",
                      str(out))
        assert result.exit_code == 0, result.output
        assert f"{damaged}: warning: {DAMAGED}" in result.stderr.splitlines()
    assert (out / "damaged.txt").read_text().splitlines()[:3] == [
        "damaged.wav", "", f"Warning: {DAMAGED}"]
    assert json.loads((out / "damaged.json").read_text())["warnings"] == [DAMAGED]
    from docx import Document

    assert f"Warning: {DAMAGED}" in [p.text for p in Document(str(out / "damaged.docx"))
                                     .paragraphs]
    assert "Warning" not in (out / "a.txt").read_text()


# 10 ---------------------------------------------------------------------------------------
def test_16_10_a_file_given_up_on_is_a_failure_of_the_run(lib: Library, tmp_path: Path) -> None:
    media = tmp_path / "media" / "crashes.wav"
    media.write_bytes(b"\x09" * 64)
    add_paths(lib, [media])
    owner = claims.new_owner()
    key = claims.claim_next(lib, owner)
    for _ in range(claims.MAX_ATTEMPTS - 1):  # its worker died each time
        claims.release(lib, [key], owner, count_attempt=True)  # type: ignore[list-item]
        assert claims.claim_next(lib, owner) == key
    claims.release(lib, [key], owner, count_attempt=True)  # type: ignore[list-item]
    result = _cli("library", "run", "-L", str(lib.folder), "-j", "1")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert (f"failed  {media}: gave up after 3 attempts (its worker process died each time)"
            in lines)
    assert lines[-2].startswith("0 done, 1 failed in ")
    assert lines[-1] == "1 file failed (see above, or subs library status -L ...); exit status 1"


# 12 ---------------------------------------------------------------------------------------
def _export(lib: Library, out: Path, fmt: str, *extra: str) -> Result:
    return _cli("library", "export", "-L", str(lib.folder), "--format", fmt, "-o", str(out),
                *extra)


def test_16_12_export_into_a_folder_with_earlier_exports(lib: Library, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _export(lib, out, "txt").exit_code == 0
    (out / "a.txt").write_text("editor's notes")
    later = tmp_path / "media" / "c.wav"
    later.write_bytes(b"\x05" * 64)
    _add_done(lib, later, [(1000, "A new recording arrived.")])
    result = _export(lib, out, "txt")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out / 'c.txt'}\n"
    assert result.stderr.splitlines() == [
        f"{out / 'a.txt'}: exists and differs (edited, or an older export); kept it (pass "
        "--force to replace it)",
        f"1 txt files written to {out}, 1 already up to date, 1 kept"]
    assert (out / "a.txt").read_text() == "editor's notes"
    for fmt in ("docx", "json"):  # a second export of the same transcripts writes nothing
        assert _export(lib, out, fmt).exit_code == 0
        again = _export(lib, out, fmt)
        assert again.stdout == "" and "3 already up to date" in again.stderr


def test_16_12_names_do_not_change_when_a_namesake_arrives(lib: Library, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _export(lib, out, "txt").exit_code == 0
    first = (out / "a.txt").read_text()
    namesake = tmp_path / "day2" / "a.wav"
    namesake.parent.mkdir()
    namesake.write_bytes(b"\x06" * 64)
    key = _add_done(lib, namesake, [(1000, "Another interview, same file name.")])
    result = _export(lib, out, "txt")
    assert result.exit_code == 0, result.output
    assert (out / "a.txt").read_text() == first
    assert "same file name" in (out / f"a-{key[:8]}.txt").read_text()


def test_16_12_a_timecode_at_least_every_ten_seconds(lib: Library, tmp_path: Path) -> None:
    talk = tmp_path / "media" / "talk.wav"
    talk.write_bytes(b"\x08" * 64)
    words = "and then we drove on to the next junction where the police were waiting"
    _add_done(lib, talk, [(1000 + k * 3000, f"{words} {k}") for k in range(40)])
    for fmt in ("txt", "docx"):
        assert _export(lib, tmp_path / "out", fmt).exit_code == 0
    stamps = re.findall(r"\[(\d\d):(\d\d):(\d\d)\.(\d{3})\]",
                        (tmp_path / "out" / "talk.txt").read_text())
    ms = [((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(f) for h, m, s, f in stamps]
    assert len(ms) >= 12 and max(b - a for a, b in zip(ms, ms[1:])) <= 10_000
    from docx import Document

    doc = Document(str(tmp_path / "out" / "talk.docx"))
    assert sum(p.text.startswith("[00:") for p in doc.paragraphs) == len(ms)


def test_16_12_docx_promises_bold_names_only_with_a_glossary(lib: Library, tmp_path: Path,
                                                             glossary_file: Path) -> None:
    from docx import Document

    assert _export(lib, tmp_path / "plain", "docx").exit_code == 0
    facts = Document(str(tmp_path / "plain" / "a.docx")).paragraphs[1].text
    assert facts.startswith("Duration ") and "bold" not in facts
    assert _export(lib, tmp_path / "named", "docx", "-g", str(glossary_file)).exit_code == 0
    facts = Document(str(tmp_path / "named" / "a.docx")).paragraphs[1].text
    assert facts.endswith("Names from the glossary are in bold.")


def test_16_12_a_query_may_start_with_a_dash(lib: Library) -> None:
    result = _cli("library", "search", "-L", str(lib.folder), "-Sderot")
    assert result.exit_code == 0, result.output
    assert "Sderot too" in result.stdout
    result = _cli("library", "search", "-Sderot", "-L", str(lib.folder), "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["time"] == "01:02:07.920"


def test_16_12_a_moved_file_is_reported_as_moved(tmp_path: Path) -> None:
    footage = tmp_path / "footage"
    (footage / "day1").mkdir(parents=True)
    (footage / "day1" / "int01.wav").write_bytes(b"\x01" * 64)
    (footage / "day1" / "int02.wav").write_bytes(b"\x02" * 64)
    lib = tmp_path / "lib"
    assert _cli("library", "add", str(footage), "-L", str(lib)).exit_code == 0
    (footage / "archive").mkdir()
    (footage / "day1" / "int01.wav").rename(footage / "archive" / "int01.wav")
    shutil.copy(footage / "day1" / "int02.wav", footage / "archive" / "int02-copy.wav")
    result = _cli("library", "add", str(footage), "-L", str(lib))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"{footage / 'archive' / 'int02-copy.wav'}: same content as "
        f"{footage / 'day1' / 'int02.wav'}; not transcribed again",
        f"{footage / 'archive' / 'int01.wav'}: moved from {footage / 'day1' / 'int01.wav'}; "
        "not transcribed again",
        "0 new, 1 copies of known files, 1 moved, 1 already registered, 0 unreadable"]


# 8 and 11, on a real run -------------------------------------------------------------------
@pytest.mark.e2e
@pytest.mark.slow
def test_16_8_11_a_run_shows_warnings_progress_and_exits_1_on_failures(
        footage_master: Path, tmp_path: Path) -> None:
    footage = tmp_path / "footage"
    footage.mkdir()
    shutil.copy(footage_master / "day1" / "int01.wav", footage / "int01.wav")
    shutil.copy(footage_master / "day2" / "broken.mp4", footage / "broken.mp4")
    write_wav(footage / "quiet.wav", silence(3.0))
    lib = tmp_path / "lib"
    assert _cli("library", "add", str(footage), "-L", str(lib)).exit_code == 0
    result = _cli("library", "run", "-L", str(lib), "-j", "1", "--model", "tiny.en",
                  "--language", "en")
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    warned = [line for line in lines if line.startswith(f"warning {footage / 'quiet.wav'}: ")]
    assert warned and "no speech found" in warned[0]
    overall = [line.strip() for line in lines if line.startswith("        [")]
    assert [o.split(" files")[0] for o in overall] == ["[1/3", "[2/3", "[3/3"]
    assert lines[-1].startswith("1 file failed")
    status = _cli("library", "status", "-L", str(lib)).output.splitlines()
    assert any(line.startswith(f"warning: {footage / 'quiet.wav'}: no speech found")
               for line in status)


# 9 and 11: workers never outlive their run -----------------------------------------------
def _start_run(lib: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "subs", "library", "run", "-L", str(lib),
                             "-j", "1", "--model", "tiny.en", "--language", "en"],
                            cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _running_with_worker(lib: Path, proc: subprocess.Popen[bytes],
                         timeout_s: float = 180) -> list[int]:
    """Wait until a file is claimed and the run has its worker process; the workers' PIDs."""
    import psutil

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        with sqlite3.connect(lib / DB_NAME) as db:
            running = db.execute("SELECT COUNT(*) FROM media WHERE status = 'running'"
                                 ).fetchone()[0]
        workers = [p.pid for p in psutil.Process(proc.pid).children()
                   if "spawn_main" in " ".join(p.cmdline())]
        if running and workers:
            return workers
        time.sleep(0.1)
    raise AssertionError(f"no file running with a worker after {timeout_s} s")


def _gone(pids: list[int], timeout_s: float = 60) -> bool:
    import psutil

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        alive = [p for p in pids if psutil.pid_exists(p)
                 and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]
        if not alive:
            return True
        time.sleep(0.1)
    return False


def _library(footage_master: Path, root: Path) -> Path:
    lib = root / "lib"
    result = _cli("library", "add", str(footage_master / "day1"), str(footage_master / "day2"),
                  "-L", str(lib))
    assert result.exit_code == 0, result.output
    return lib


@pytest.mark.e2e
@pytest.mark.slow
def test_16_9_killing_the_run_stops_its_workers_and_frees_its_pipe(
        footage_master: Path, tmp_path: Path) -> None:
    lib = _library(footage_master, tmp_path)
    proc = _start_run(lib)
    try:
        workers = _running_with_worker(lib, proc)
        proc.kill()  # SIGKILL of the run alone: no handler runs, as with the OOM killer
        proc.communicate(timeout=120)  # returns only once no worker holds the pipe (`| tee`)
        assert _gone(workers), "a worker outlived its run"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.mark.e2e
@pytest.mark.slow
def test_16_11_ctrl_c_says_what_happens_and_stops_the_workers(
        footage_master: Path, tmp_path: Path) -> None:
    lib = _library(footage_master, tmp_path)
    proc = _start_run(lib)
    try:
        workers = _running_with_worker(lib, proc)
        os.kill(proc.pid, signal.SIGINT)
        output = proc.communicate(timeout=120)[0].decode()
        assert proc.returncode != 0
        assert re.search(r"^stopping: 1 file in progress given back to the queue: \S+\.(wav|mp4)"
                         r"; stopping the workers", output, re.M), output
        assert _gone(workers), "a worker outlived its run"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    with sqlite3.connect(lib / DB_NAME) as db:
        assert db.execute("SELECT COUNT(*) FROM media WHERE status = 'running'"
                          ).fetchone()[0] == 0
        assert db.execute("SELECT MAX(attempts) FROM media").fetchone()[0] == 0


# 13: the documented Dask commands ----------------------------------------------------------
DOCS = ROOT / "docs" / "library.md"


def _documented(prefix: str) -> list[str]:
    """Each documented ``$ dask ...`` command starting with ``prefix``, continuations joined."""
    text = DOCS.read_text(encoding="utf-8").replace("\\\n", " ")
    return [" ".join(line[2:].split()) for line in text.splitlines()
            if line.startswith(f"$ {prefix}")]


def test_16_13_every_documented_dask_command_binds_an_address() -> None:
    commands = _documented("dask scheduler") + _documented("dask worker")
    assert len(commands) >= 4
    for command in commands:
        assert "--host " in command, command
        assert "--dashboard-address 127.0.0.1:" in command, command
        assert "0.0.0.0" not in command
    for command in _documented("dask scheduler") + _documented("dask worker"):
        if "127.0.0.1" not in command.split("--host ")[1].split()[0]:
            assert "--tls-ca-file" in command and "--tls-cert" in command, command


@pytest.mark.slow
def test_16_13_the_documented_local_cluster_listens_on_loopback_only(tmp_path: Path) -> None:
    import socket

    import psutil

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (scheduler,) = [c for c in _documented("dask scheduler") if "--host 127.0.0.1" in c]
    (worker,) = [c for c in _documented("dask worker") if "--host 127.0.0.1" in c]
    bin_dir = Path(sys.executable).parent
    procs = []
    try:
        for command in (scheduler, worker):
            argv = command.replace("8786", str(port)).replace("127.0.0.1:8787",
                                                              "127.0.0.1:0").split()
            argv[0] = str(bin_dir / "dask")
            procs.append(subprocess.Popen(argv, cwd=tmp_path, start_new_session=True,
                                          stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            tree = [psutil.Process(p.pid) for p in procs]
            tree += [c for p in list(tree) for c in p.children(recursive=True)]
            listening = [c.laddr for p in tree for c in p.net_connections("inet")
                         if c.status == psutil.CONN_LISTEN]
            linked = [c for p in tree[1:] for c in p.net_connections("inet")
                      if c.status == psutil.CONN_ESTABLISHED and c.raddr
                      and c.raddr.port == port]
            if len(listening) >= 4 and linked:  # scheduler, its HTTP, worker, nanny (+ HTTP)
                break
            time.sleep(0.2)
        else:
            raise AssertionError(f"the cluster did not come up: {listening}")
        assert all(addr.ip == "127.0.0.1" for addr in listening), listening
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
