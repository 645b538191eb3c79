"""The state database: schema version, and kills between the steps of a commit.

A commit journals its outcome, writes files atomically, then applies the rows in one
transaction. These tests stop it between every pair of steps, by an injected exception and by a
real SIGKILL of a child process, and check that the next command finds files and state agreeing
and a person's edits intact.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from subs.project import state as state_module
from subs.project.actions import update
from subs.project.folder import open_project
from tests.subs.project.common import edit_cue, make_project, read_cues, run, source_cues, write_srt

ROOT = Path(__file__).resolve().parents[3]


def consistent(folder: Path) -> None:
    """Every language file holds exactly what the state says subs wrote (no phantom edits)."""
    project = open_project(folder)
    try:
        for tag in project.config.languages:
            slots, _, changed, _ = project.observe(tag)
            assert changed == 0
            assert project.render_language(slots) == (folder / project.language_file(tag)
                                                      ).read_text(encoding="utf-8")
            assert [(s.start_ms, s.end_ms) for s in slots] == [
                (c.start_ms, c.end_ms) for c in project.state.source()]
    finally:
        project.close()


def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("ro", "none"))
    db = folder / ".subs" / "state.sqlite"
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    conn.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for args in (("status",), ("update",), ("review", "ro", "--all")):
        result = run(*args, "-C", str(folder))
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {db}: state database schema version 7 is newer than this subs understands "
            "(1); upgrade subs to use this project (the database was left untouched)\n")
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["lock", "state.sqlite"]  # #15 lock


def test_a_file_that_is_not_a_state_database_is_refused(tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    db = folder / ".subs" / "state.sqlite"
    db.write_bytes(b"not sqlite at all" * 100)
    result = run("status", "-C", str(folder))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{db}: error: damaged or not a SQLite database: ")
    assert result.stderr.endswith("subs status --rebuild)\n")  # #15: what to do


class Boom(Exception):
    pass


@pytest.mark.parametrize("step,files_before", [("journal", 0), ("file", 1), ("file", 2),
                                               ("state", 3)])
def test_exception_between_steps_then_recovery(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               step: str, files_before: int) -> None:
    folder = make_project(tmp_path, ("ro", "none"))
    ro = folder / "languages" / "film.ro.srt"
    edit_cue(ro, 3, "Tatăl meu era croitor.")
    seen = {"file": 0}

    def crash(at: str) -> None:
        if at == "file":
            seen["file"] += 1
        if at == step and (at != "file" or seen["file"] == files_before):
            raise Boom(at)

    monkeypatch.setattr(state_module, "_between_steps", crash)
    project = open_project(folder)
    with pytest.raises(Boom):
        update(project, new_source=source_cues(shift_ms=1500))
    project.close()
    monkeypatch.setattr(state_module, "_between_steps", lambda at: None)
    consistent(folder)  # opening finished the journaled update
    cues = read_cues(ro)
    assert cues[2].text == "Tatăl meu era croitor."
    assert cues[2].start_ms == source_cues(shift_ms=1500)[2].start_ms


KILLER = """
import os, signal, sys
from subs.project import state
from subs.project.actions import update
from subs.project.folder import open_project
from subtitles.io import load_track
count = {"n": 0}
def die(step):
    if step == "file":
        count["n"] += 1
    if step == sys.argv[2] and (step != "file" or count["n"] == 1):
        os.kill(os.getpid(), signal.SIGKILL)
state._between_steps = die
project = open_project(sys.argv[1])
update(project, new_source=load_track(sys.argv[3]).track.cues)
"""


@pytest.mark.parametrize("step", ["journal", "file", "state"])
def test_sigkill_during_update_leaves_files_and_state_agreeing(tmp_path: Path, step: str) -> None:
    folder = make_project(tmp_path, ("ro", "none"), ("ca", "none"))
    ro = folder / "languages" / "film.ro.srt"
    edit_cue(ro, 5, "Iarna totul s-a schimbat.")
    new = write_srt(tmp_path / "v2.en.srt", source_cues(shift_ms=-700))
    child = subprocess.run([sys.executable, "-c", KILLER, str(folder), step, str(new)],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert child.returncode == -9, child.stderr
    consistent(folder)
    assert read_cues(ro)[4].text == "Iarna totul s-a schimbat."
    assert read_cues(ro)[4].start_ms == source_cues(shift_ms=-700)[4].start_ms
    result = run("status", "--format", "json", "-C", str(folder))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["languages"] == [  # a shift keeps the text: none stale
        {"language": "ca", "file": "languages/film.ca.srt", "total": 10, "empty": 10,
         "machine": 0, "edited": 0, "reviewed": 0, "stale": 0, "problems": 10, "readable": True,
         "machine_translation": None},
        {"language": "ro", "file": "languages/film.ro.srt", "total": 10, "empty": 9,
         "machine": 0, "edited": 1, "reviewed": 0, "stale": 0, "problems": 9, "readable": True,
         "machine_translation": None}]


@pytest.mark.parametrize("step", ["journal", "file", "state"])
def test_exception_during_import_then_recovery(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               step: str) -> None:
    folder = make_project(tmp_path, ("ro", "none"))
    ro = folder / "languages" / "film.ro.srt"
    edit_cue(ro, 1, "scris de mână")
    sent = write_srt(tmp_path / "sent.ro.srt", [c.replace(text=f"voluntar {k}")
                                                for k, c in enumerate(source_cues())])

    def crash(at: str) -> None:
        if at == step:
            raise Boom(at)

    monkeypatch.setattr(state_module, "_between_steps", crash)
    with pytest.raises(Boom):
        run("lang", "import", "ro", str(sent), "-C", str(folder))
    monkeypatch.setattr(state_module, "_between_steps", lambda at: None)
    consistent(folder)
    assert [c.text for c in read_cues(ro)] == [f"voluntar {k}" for k in range(10)]
    assert "scris de mână" in (folder / "conflicts" / "film.ro.txt").read_text()


def test_import_of_a_file_with_another_cue_count_is_refused(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("ro", "none"))
    sent = write_srt(tmp_path / "sent.ro.srt", [c.replace(text="x") for c in source_cues()[:9]])
    result = run("lang", "import", "ro", str(sent), "-C", str(folder))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (f"{sent}: error: 9 cues, the source has 10 (keep "
                                             "one cue per source cue, with the source's times)")
    assert result.stderr.splitlines()[-1] == f"Error: {sent}: not imported; fix the errors above"
    assert read_cues(folder / "languages" / "film.ro.srt")[0].text == ""
