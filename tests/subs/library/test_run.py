"""``subs library run`` on real speech with the real ``base`` model, in local worker processes.

One module-scoped run (2 workers) feeds the status, search and export checks; a killed run and
two runs at once each get a fresh library. The bad files (corrupt, no audio) must be recorded
and must not stop the others.
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
from click.testing import CliRunner

from subs.cli import cli
from subs.library.db import CHECKPOINT_DIR, DB_NAME
from tests.subs.library.conftest import BROKEN, GLOSSARY, LINES, VIDEO_ONLY
from tests.speech import wer

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[3]


def _new_library(footage_master: Path, root: Path) -> tuple[Path, Path]:
    footage = Path(shutil.copytree(footage_master, root / "footage"))
    lib = root / "lib"
    lib.mkdir()
    (lib / "names.csv").write_text(GLOSSARY, encoding="utf-8")
    (lib / "subs.toml").write_text('glossary = "names.csv"\n[library]\nlanguage = "en"\n')
    result = CliRunner().invoke(cli, ["library", "add", str(footage), "-L", str(lib)])
    assert result.exit_code == 0, result.output
    return footage, lib


@pytest.fixture(scope="module")
def ran(footage_master: Path, tmp_path_factory: pytest.TempPathFactory
        ) -> tuple[Path, Path, str]:
    footage, lib = _new_library(footage_master, tmp_path_factory.mktemp("ran"))
    result = CliRunner().invoke(cli, ["library", "run", "-L", str(lib), "-j", "2"])
    assert result.exit_code == 1, result.output  # issue 16: two bad files failed
    return footage, lib, result.output


def _db(lib: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(lib / DB_NAME)
    conn.row_factory = sqlite3.Row
    return conn


def test_run_transcribes_speech_and_records_bad_files(ran: tuple[Path, Path, str]) -> None:
    footage, lib, output = ran
    lines = output.splitlines()
    assert f"failed  {footage / BROKEN}: cannot read media (Invalid data found when " \
           "processing input)" in lines
    assert f"failed  {footage / VIDEO_ONLY}: no audio track (streams: video)" in lines
    assert re.fullmatch(r"3 done, 2 failed in 0:\d\d:\d\d with 2 workers: 0:00:\d\d of audio, "
                        r"[\d.]+ h of audio per hour", lines[-2]), lines[-2]
    # issue 16: failures make exit status 1, and each finished file shows the whole run's state
    assert lines[-1] == "2 files failed (see above, or subs library status -L ...); exit status 1"
    overall = [line.strip() for line in lines if line.startswith("        [")]
    assert len(overall) == 5 and overall[-1].startswith("[5/5 files, 0:00:")
    with _db(lib) as db:
        for name, reference in LINES.items():
            row = db.execute("SELECT m.hash, m.status, m.language, m.attempts FROM media m "
                             "JOIN paths p USING (hash) WHERE p.path = ?",
                             (str(footage / name),)).fetchone()
            assert (row["status"], row["language"], row["attempts"]) == ("done", "en", 1)
            text = " ".join(r[0] for r in db.execute(
                "SELECT text FROM cues WHERE hash = ? ORDER BY idx", (row["hash"],)))
            assert wer(reference, text) <= 0.15, (reference, text)
        assert db.execute("SELECT COUNT(*) FROM cues").fetchone()[0] == \
            db.execute("SELECT COUNT(*) FROM cues_fts").fetchone()[0]
    assert not any((lib / CHECKPOINT_DIR).glob("*"))  # checkpoints go once results are stored


def test_status_shows_counts_hours_and_errors(ran: tuple[Path, Path, str]) -> None:
    footage, lib, _ = ran
    result = CliRunner().invoke(cli, ["library", "status", "-L", str(lib)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert re.fullmatch(r"done\s+3 files\s+0\.00 h", lines[0])
    assert re.fullmatch(r"pending\s+0 files\s+0\.00 h", lines[1])
    assert re.fullmatch(r"failed\s+2 files\s+0\.00 h", lines[3])
    assert lines[4] == "(1 files of unknown length not counted in hours)"
    assert re.fullmatch(r"throughput: [\d.]+ h of audio per hour of wall time "
                        r"\(0:00:\d\d of audio in 0:0\d:\d\d\)", lines[5])
    assert f"failed: {footage / VIDEO_ONLY}: no audio track (streams: video)" in lines
    as_json = CliRunner().invoke(cli, ["library", "status", "-L", str(lib), "--format", "json"])
    data = json.loads(as_json.output)
    assert data["files"] == {"done": 3, "pending": 0, "running": 0, "failed": 2}
    assert 0.002 < data["hours"]["done"] < 0.01 and data["throughput_audio_hours_per_hour"] > 0
    assert {"file": str(footage / BROKEN), "error": "cannot read media (Invalid data found "
            "when processing input)"} in data["failed"]


def test_search_finds_the_word_at_its_time(ran: tuple[Path, Path, str]) -> None:
    footage, lib, _ = ran
    result = CliRunner().invoke(cli, ["library", "search", "-L", str(lib), "Route 232"])
    assert result.exit_code == 0, result.output
    with _db(lib) as db:
        word = db.execute("SELECT w.start_ms FROM words w JOIN paths p USING (hash) "
                          "WHERE p.path = ? AND w.text LIKE '%Route%'",
                          (str(footage / "day1/int01.wav"),)).fetchone()[0]
    # "I drove south on" takes about a second after 0.6 s of silence
    assert 1000 < word < 2600
    stamp = f"00:00:{word // 1000:02d}.{word % 1000:03d}"
    assert result.output.splitlines() == [
        f"{footage / 'day1/int01.wav'} @ {stamp}  ...I drove south on Route 232 with two "
        "other medics...."]
    # subs.toml's glossary: any spelling of ZAKA finds it
    zaka = CliRunner().invoke(cli, ["library", "search", "-L", str(lib), "Zakah"])
    assert zaka.exit_code == 0, zaka.output
    assert zaka.output.startswith(f"{footage / 'day1/int02.wav'} @ 00:00:0")
    assert "ZAKA" in zaka.output


def test_docx_export_of_real_transcripts(ran: tuple[Path, Path, str], tmp_path: Path) -> None:
    from docx import Document

    footage, lib, _ = ran
    result = CliRunner().invoke(cli, ["library", "export", "-L", str(lib), "--format", "docx",
                                      "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["int01.docx", "int02.docx",
                                                          "int03.docx"]
    doc = Document(str(tmp_path / "int02.docx"))
    assert doc.paragraphs[0].text == "int02.wav"
    assert re.fullmatch(r"\[00:00:00\.\d{3}\]  In the afternoon,? the volunteers from ZAKA "
                        r"arrived\.", doc.paragraphs[2].text), doc.paragraphs[2].text
    assert [r.text for r in doc.paragraphs[2].runs if r.bold] == ["ZAKA"]


def test_a_second_run_has_nothing_to_do(ran: tuple[Path, Path, str]) -> None:
    _, lib, _ = ran
    result = CliRunner().invoke(cli, ["library", "run", "-L", str(lib), "-q"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("0 done, 0 failed in 0:00:0")


def _run_process(lib: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "subs", "library", "run", "-L", str(lib),
                             "-j", "1", "-q", *extra], cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _wait_for(lib: Path, done: int, running: int, timeout_s: float = 180) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with _db(lib) as db:
            counts = dict(db.execute("SELECT status, COUNT(*) FROM media GROUP BY status"
                                     ).fetchall())
        if counts.get("done", 0) >= done and counts.get("running", 0) >= running:
            return
        time.sleep(0.1)
    raise AssertionError(f"not {done} done and {running} running after {timeout_s} s")


def test_a_killed_run_resumes_without_losing_or_repeating(footage_master: Path,
                                                         tmp_path: Path) -> None:
    _, lib = _new_library(footage_master, tmp_path)
    proc = _run_process(lib)
    try:
        _wait_for(lib, done=1, running=1)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the run and its worker, mid-file
        proc.wait()
    with _db(lib) as db:
        before = {r["hash"]: r["finished_at"] for r in db.execute(
            "SELECT hash, finished_at FROM media WHERE status = 'done'")}
        states = [r[0] for r in db.execute("SELECT status FROM media ORDER BY added_at")]
    assert len(before) == 1 and states[0] == "done" and states[1] == "running", states
    result = CliRunner().invoke(cli, ["library", "run", "-L", str(lib), "-j", "1"])
    assert result.exit_code == 1, result.output  # the two bad files
    assert result.output.splitlines()[-2].startswith("2 done, 2 failed")
    with _db(lib) as db:
        after = {r["hash"]: r["finished_at"] for r in db.execute(
            "SELECT hash, finished_at FROM media WHERE status = 'done'")}
        assert len(after) == 3
        assert all(after[h] == t for h, t in before.items())  # kept, not transcribed again
        assert db.execute("SELECT COUNT(*) FROM cues").fetchone()[0] == \
            db.execute("SELECT COUNT(*) FROM cues_fts").fetchone()[0]
        # issue 16: the file the killed run held was taken over without counting an attempt
        assert db.execute("SELECT MAX(attempts) FROM media").fetchone()[0] == 1
    assert not any((lib / CHECKPOINT_DIR).glob("*"))


def test_two_runs_at_once_share_the_work(footage_master: Path, tmp_path: Path) -> None:
    _, lib = _new_library(footage_master, tmp_path)
    procs = [_run_process(lib) for _ in range(2)]
    outputs = [p.communicate(timeout=300)[0].decode() for p in procs]
    # exit 1 for the run that met a bad file (issue 16), 0 for one that met none
    assert sorted(p.returncode for p in procs) in ([0, 1], [1, 1]), outputs
    with _db(lib) as db:
        assert [tuple(r) for r in db.execute(
            "SELECT status, COUNT(*) FROM media GROUP BY status ORDER BY status")] == [
            ("done", 3), ("failed", 2)]
        assert db.execute("SELECT MAX(attempts) FROM media").fetchone()[0] == 1
        assert db.execute("SELECT SUM(files_done) FROM runs").fetchone()[0] == 3
        assert db.execute("SELECT COUNT(*) FROM cues").fetchone()[0] == \
            db.execute("SELECT COUNT(*) FROM cues_fts").fetchone()[0]


def test_a_killed_local_worker_is_replaced(footage_master: Path, tmp_path: Path) -> None:
    """The worker is killed inside int03.wav, which is certain, not guessed (issue 12: the
    busiest-looking of two workers after a fixed sleep was sometimes idle, or done with the
    file): one worker, frozen with SIGSTOP once the file's checkpoint holds its plan and no
    finished block (so it is mid-file and cannot finish), then SIGKILLed."""
    import psutil

    from subs.library.db import open_library
    from subs.library.runner import RunOptions, run_library

    _, folder = _new_library(footage_master, tmp_path)
    killed: list[int] = []
    int03: list[str] = []

    def on_event(kind: str, path: str, outcome: object) -> None:
        if kind != "start" or not path.endswith("int03.wav") or killed:
            return
        with _db(folder) as db:
            (content_hash,) = db.execute("SELECT hash FROM paths WHERE path LIKE ?",
                                         ("%int03.wav",)).fetchone()
        int03.append(content_hash)
        workers = [p for p in psutil.Process().children()
                   if "spawn_main" in " ".join(p.cmdline())]  # not the resource tracker
        assert len(workers) == 1, workers
        checkpoint = folder / CHECKPOINT_DIR / f"{content_hash[:32]}.partial"
        deadline = time.monotonic() + 180
        while True:
            assert time.monotonic() < deadline, "the worker never planned int03.wav"
            if _partial_done(checkpoint) == 0:  # planned, no block finished: mid-file
                workers[0].suspend()
                if _partial_done(checkpoint) == 0:
                    break
                workers[0].resume()  # it had just finished: cannot happen on one block
                raise AssertionError("int03.wav finished before the worker was frozen")
            time.sleep(0.01)
        workers[0].kill()
        killed.append(workers[0].pid)

    with open_library(folder) as lib:
        report = run_library(lib, RunOptions(workers=1, language="en"), on_event=on_event)
        assert killed
        rows = dict(lib.conn.execute("SELECT status, COUNT(*) FROM media GROUP BY status")
                    .fetchall())
        assert rows == {"done": 3, "failed": 2}
        assert len(report.done) == 3
        attempts = dict(lib.conn.execute("SELECT hash, attempts FROM media").fetchall())
        assert {h: n for h, n in attempts.items() if n != 1} == {int03[0]: 2}


def _partial_done(path: Path) -> int:
    """Blocks done in a checkpoint; -1 while there is none (or it is being replaced)."""
    try:
        return int(json.loads(path.read_text())["done"])
    except (OSError, ValueError, KeyError):
        return -1


def test_a_long_file_resumes_from_its_chunk_checkpoint(tmp_path: Path) -> None:
    """Killed after its first chunk, a file continues from the checkpoint instead of restarting.

    The checkpointed words are marked before the rerun: a resumed run keeps them, a restarted
    one would transcribe them again and lose the mark.
    """

    from tests.speech import TESTIMONY, testimony

    footage, lib = tmp_path / "footage", tmp_path / "lib"
    footage.mkdir()
    testimony(TESTIMONY[:5]).save(footage / "long.wav")
    assert CliRunner().invoke(cli, ["library", "add", str(footage), "-L", str(lib)]
                              ).exit_code == 0
    proc = _run_process(lib, "--chunk-s", "10", "--language", "en")
    partial = None
    try:
        deadline = time.monotonic() + 180
        while partial is None and time.monotonic() < deadline:
            for candidate in (lib / CHECKPOINT_DIR).glob("*.partial"):
                try:
                    state = json.loads(candidate.read_text())
                except (OSError, ValueError):
                    continue
                if 1 <= state["done"] < len(state["blocks"]):
                    partial = candidate
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert partial is not None, "no checkpoint with a finished chunk appeared"
    state = json.loads(partial.read_text())
    state["words"][0]["text"] = " Checkpointed"
    partial.write_text(json.dumps(state))
    result = CliRunner().invoke(cli, ["library", "run", "-L", str(lib), "-j", "1",
                                      "--chunk-s", "10", "--language", "en"])
    assert result.exit_code == 0, result.output
    with _db(lib) as db:
        texts = [r[0] for r in db.execute("SELECT text FROM cues ORDER BY idx")]
    assert texts[0].startswith("Checkpointed"), texts[0]
    assert "her brother in" in " ".join(texts).replace("\n", " ")  # the last paragraph too
    assert not partial.exists()
