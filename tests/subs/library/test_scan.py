"""Registering footage by content hash: copies and renames are one recording."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from subs.cli import cli
from subs.library.db import DB_NAME, open_library
from subs.library.scan import AddReport, add_paths, primary_path
from tests.subs.library.conftest import BROKEN, COPY, VIDEO_ONLY


def test_add_registers_each_recording_once(footage: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["library", "add", str(footage), "-L", str(tmp_path / "lib")])
    assert result.exit_code == 0, result.output
    copy = footage / COPY
    original = footage / "day1/int01.wav"
    lines = result.output.splitlines()
    assert f"{copy}: same content as {original}; not transcribed again" in lines
    assert lines[-1] == "5 new, 1 copies of known files, 0 already registered, 0 unreadable"
    with open_library(tmp_path / "lib") as lib:
        assert lib.conn.execute("SELECT COUNT(*) FROM media").fetchone()[0] == 5
        assert lib.conn.execute("SELECT COUNT(*) FROM paths").fetchone()[0] == 6
        durations = dict(lib.conn.execute(
            "SELECT p.path, m.duration_ms FROM paths p JOIN media m USING (hash)").fetchall())
    assert 4000 < durations[str(original)] < 8000  # probed from the WAV header
    assert durations[str(footage / BROKEN)] is None


def test_readding_is_quick_and_a_rename_is_not_new(footage: Path, tmp_path: Path) -> None:
    with open_library(tmp_path / "lib", create=True) as lib:
        add_paths(lib, [footage])
        again = add_paths(lib, [footage])
        assert (again.new, again.duplicates, again.unchanged) == ([], [], 6)
        moved = footage / "day3" / "int02-final.wav"
        moved.parent.mkdir()
        (footage / "day1/int02.wav").rename(moved)
        report = add_paths(lib, [footage])
        assert report.new == []
        assert report.duplicates == []  # issue 16: moved, not a copy
        assert report.moved == [(str(moved), str(footage / "day1/int02.wav"))]
        key = lib.conn.execute("SELECT hash FROM paths WHERE path = ?", (str(moved),)).fetchone()[0]
        assert primary_path(lib, key) == str(moved)  # the old path no longer exists


def test_a_changed_file_is_a_new_recording(footage: Path, tmp_path: Path) -> None:
    with open_library(tmp_path / "lib", create=True) as lib:
        add_paths(lib, [footage / "day1"])
        with open(footage / "day1/int02.wav", "ab") as f:
            f.write(b"\x00\x01" * 100)
        report = add_paths(lib, [footage / "day1"])
        assert report.new == [str(footage / "day1/int02.wav")]


def test_non_media_and_hidden_files_are_skipped(tmp_path: Path, footage: Path) -> None:
    (footage / "notes.txt").write_text("call list")
    (footage / "day1" / "int01.wav.txt").write_text("transcript draft")
    (footage / ".hidden.wav").write_bytes(b"x")
    (footage / ".thumbs").mkdir()
    (footage / ".thumbs" / "clip.mp4").write_bytes(b"y")
    with open_library(tmp_path / "lib", create=True) as lib:
        report = add_paths(lib, [footage])
    root = footage.resolve()
    assert report == AddReport(
        new=[str(root / "day1/int01.wav"), str(root / "day1/int02.wav"), str(root / BROKEN),
             str(root / "day2/int03.wav"), str(root / VIDEO_ONLY)],
        duplicates=[(str(root / COPY), str(root / "day1/int01.wav"))])


def test_commands_on_a_folder_without_library_say_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["library", "status", "-L", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == (f"Error: {tmp_path}: no footage library here (run `subs library add "
                             f"FOOTAGE_DIR --library {tmp_path}` first)\n")


def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    open_library(tmp_path, create=True).close()
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    result = CliRunner().invoke(cli, ["library", "status", "-L", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == (f"Error: {tmp_path / DB_NAME}: written by a newer subs (schema 99, "
                             "this one knows 1); upgrade subs\n")


def test_missing_footage_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["library", "add", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "does not exist" in result.output
