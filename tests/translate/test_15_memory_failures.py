"""Issue 15 items 6 and 12: a memory that is not SQLite, a full disk, a kill mid-write."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from subs.cli import cli
from subtitles.errors import SubsError
from translate.errors import MemoryUnusable
from translate.memory import is_edited, open_memory, output_target, write_output

DATA = Path(__file__).parents[1] / "data"


def test_15_a_memory_that_is_not_sqlite_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("hello\n")
    with pytest.raises(MemoryUnusable) as err:
        open_memory(bad)
    assert str(err.value).startswith(f"cannot use {bad} as the translation memory (file is not")
    assert bad.read_text() == "hello\n"  # never touched


def test_15_translate_with_a_memory_that_is_not_sqlite(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(DATA.parent / "data" / "srt" / "clean.srt", tmp_path / "e.en.srt")
    (tmp_path / "bad.db").write_text("hello\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["translate", "e.en.srt", "--to", "es", "--memory",
                                      "bad.db", "-o", "out"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot use bad.db as the translation memory")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_15_a_full_disk_is_one_line_naming_the_memory(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    with open_memory(path) as memory:
        pages = memory._db.execute("PRAGMA page_count").fetchone()[0]
        # SQLite's own limit: past it, every write fails with SQLITE_FULL, as on a full disk
        memory._db.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(SubsError) as err:
            memory.store("e", "1", "en", "es", [(f"text {i}" * 50, "x") for i in range(500)])
    assert str(err.value) == (f"{path}: error: the disk is full (free some disk space and run "
                              "the command again)")


def test_15_a_kill_between_record_and_write_is_not_an_edit(tmp_path: Path) -> None:
    out = tmp_path / "film.es.srt"
    with open_memory(tmp_path / "m.sqlite") as memory:
        write_output(memory, out, "first\n")
        # the first step of the next write, then a kill: the file still holds the old bytes
        memory.record_output(out, b"second\n",
                             hashlib.sha256(out.read_bytes()).hexdigest())
        assert not is_edited(memory, out)
        assert output_target(memory, out) == out  # no stray .machine.srt
        write_output(memory, out, "second\n")
        assert memory.written_hash(out) == hashlib.sha256(b"second\n").hexdigest()
