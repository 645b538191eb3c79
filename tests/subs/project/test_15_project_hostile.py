"""Issue 15 items 4, 5, 13 and 15 in a film project: names, races, damaged state, advice."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from subs.cli import cli
from subs.project.actions import import_language
from subs.project.folder import open_project
from subtitles.io import load_track

from tests.subs.project.common import edit_cue, make_project, read_cues, source_cues, write_srt

ROOT = Path(__file__).parents[3]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.mark.parametrize("key, value", [("title", "../../escaped"), ("title", "a\\nb"),
                                        ("languages.es.file", "../../escaped.es.srt"),
                                        ("languages.es.file", "/tmp/abs.es.srt")])
def test_15_a_name_in_subs_toml_never_becomes_a_path_outside(tmp_path: Path, key: str,
                                                             value: str) -> None:
    folder = make_project(tmp_path, ("es", "none"))
    toml = folder / "subs.toml"
    text = toml.read_text()
    if key == "title":
        text = text.replace('title = "film"', f'title = "{value}"')
    else:
        text = text.replace('file = "languages/film.es.srt"', f'file = "{value}"')
    toml.write_text(text)
    before = sorted(p for p in tmp_path.rglob("*"))
    code, out = run("lang", "add", "ca", "--engine", "none", "-C", str(folder))
    assert code == 1 and "Traceback" not in out
    assert out.startswith(f"{toml}: error: ")
    assert sorted(p for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("title", ["a\nb", "../../escaped", ".hidden", "x" * 300])
def test_15_init_refuses_a_title_that_cannot_be_a_file_name(tmp_path: Path, title: str) -> None:
    src = write_srt(tmp_path / "film.en.srt", source_cues())
    code, out = run("init", str(tmp_path / "p"), "--source", str(src), "--title", title)
    assert code == 1 and "error: film name" in out and "--title" in out
    assert not (tmp_path / "p").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["film.en.srt"]


def test_15_two_imports_at_once_take_turns_and_lose_nothing(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("es", "none"))
    mine = write_srt(tmp_path / "a.es.srt", [c.replace(text=f"A {i}")
                                             for i, c in enumerate(source_cues())])
    theirs = write_srt(tmp_path / "b.es.srt", [c.replace(text=f"B {i}")
                                               for i, c in enumerate(source_cues())])
    first = open_project(folder)  # holds the project, as a running import does
    second = subprocess.Popen([sys.executable, "-m", "subs", "lang", "import", "es", str(theirs),
                               "-C", str(folder)], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert second.stderr is not None
        line = second.stderr.readline()  # the observable state: it says it waits
        assert "another subs command is working on this project; waiting" in line, line
        import_language(first, "es", load_track(mine).track.cues, str(mine))
    finally:
        first.close()
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    final = [c.text for c in read_cues(folder / "languages" / "film.es.srt")]
    assert final == [f"B {i}" for i in range(10)]
    conflicts = (folder / "conflicts" / "film.es.txt").read_text()
    assert all(f"A {i}" in conflicts for i in range(10))  # the first person's text is kept
    reopened = open_project(folder)  # the database agrees with the file
    assert [s.text for s in reopened.state.slots('es')] == final
    reopened.close()


def test_15_a_damaged_state_page_is_one_line_and_rebuild_recovers(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("es", "none"))
    edit_cue(folder / "languages" / "film.es.srt", 2, "Mi padre era sastre.")
    db = folder / ".subs" / "state.sqlite"
    data = bytearray(db.read_bytes())
    page = 4096
    for offset in range(page, len(data), page):  # every page but the header's
        data[offset:offset + 100] = b"\xff" * 100
    db.write_bytes(bytes(data))
    code, out = run("status", "-C", str(folder))
    assert code == 1 and "Traceback" not in out
    assert out.startswith(f"{db}: error: ") and "subs status --rebuild" in out
    code, out = run("status", "--rebuild", "-C", str(folder))
    assert code == 0, out
    assert "moved aside" in out and "es " in out
    assert list((folder / ".subs").glob("state.sqlite.damaged-*"))
    code, out = run("lang", "import", "es", str(folder / "languages" / "film.es.srt"),
                    "-C", str(folder))
    assert code == 0, out


def test_15_a_state_without_its_cues_table_is_damaged_not_empty(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("es", "none"))
    db = folder / ".subs" / "state.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE cues")
    for args in (["status"], ["update"]):
        code, out = run(*args, "-C", str(folder))
        assert code == 1 and "Traceback" not in out
        assert out.startswith(f"{db}: error: damaged state database: table cues is missing")


def test_15_a_journal_row_that_is_not_json(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("es", "none"))
    db = folder / ".subs" / "state.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO journal VALUES (1, 'not json{')")
    code, out = run("status", "-C", str(folder))
    assert code == 1 and "Traceback" not in out
    assert "journal of an unfinished command is damaged" in out and "--rebuild" in out


def test_15_the_advised_import_works_after_the_file_was_deleted(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("es", "none"))
    lang = folder / "languages" / "film.es.srt"
    copy = write_srt(tmp_path / "copy.es.srt", [c.replace(text=f"C {i}")
                                                for i, c in enumerate(source_cues())])
    lang.unlink()
    code, out = run("update", "-C", str(folder))
    assert code == 1 and "subs lang import es FILE" in out
    code, out = run("lang", "import", "es", str(copy), "-C", str(folder))
    assert code == 0, out
    assert [c.text for c in read_cues(lang)] == [f"C {i}" for i in range(10)]
