"""Exports of stored transcripts: SRT through the core, timecoded text, DOCX, JSON."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from subs.cli import cli
from subs.library import claims
from subs.library.db import Library, open_library
from subs.library.scan import add_paths
from subs.library.worker import Outcome
from subtitles.io import load_track
from tests.subs.library.conftest import TEXTS, _outcome


def _export(lib: Library, out: Path, fmt: str, *extra: str) -> Result:
    return CliRunner().invoke(cli, ["library", "export", "-L", str(lib.folder), "--format", fmt,
                                    "-o", str(out), *extra])


def test_srt_export_reads_back_with_the_core(lib: Library, tmp_path: Path) -> None:
    result = _export(lib, tmp_path / "out", "srt")
    assert result.exit_code == 0, result.output
    track = load_track(tmp_path / "out" / "a.en.srt").track
    assert [(c.start_ms, c.text) for c in track] == [
        (61_000, "We drove south on Route 232 at dawn."),
        (65_000, "The volunteers from Zaka came later."),
        (3_725_120, "Route 232 was closed, the route to Sderot too.")]
    assert track.language == "en"


def test_text_export_has_a_timecode_every_paragraph(lib: Library, tmp_path: Path) -> None:
    assert _export(lib, tmp_path / "out", "txt").exit_code == 0
    assert (tmp_path / "out" / "a.txt").read_text() == (
        "a.wav\n\n"
        "[00:01:01.000]\nWe drove south on Route 232 at dawn. The volunteers from Zaka came "
        "later.\n\n"
        "[01:02:05.120]\nRoute 232 was closed, the route to Sderot too.\n")


def test_json_export_has_words_and_times(lib: Library, tmp_path: Path) -> None:
    assert _export(lib, tmp_path / "out", "json").exit_code == 0
    data = json.loads((tmp_path / "out" / "b.json").read_text())
    assert data["language"] == "en"
    assert data["cues"][1] == {"start_ms": 9000, "end_ms": 12200,
                               "text": "We met near Kibbutz Rayim and drove on.", "speaker": None}
    assert data["words"][0] == {"start_ms": 2000, "end_ms": 2350, "text": " Nobody",
                                "probability": 0.9}
    assert len(data["words"]) == 19


def test_docx_export_reopens_with_names_in_bold(lib: Library, tmp_path: Path,
                                                glossary_file: Path) -> None:
    from docx import Document

    result = _export(lib, tmp_path / "out", "docx", "--glossary", str(glossary_file))
    assert result.exit_code == 0, result.output
    doc = Document(str(tmp_path / "out" / "a.docx"))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "a.wav"
    assert texts[2] == ("[00:01:01.000]  We drove south on Route 232 at dawn. The volunteers "
                        "from Zaka came later.")
    assert texts[3] == "[01:02:05.120]  Route 232 was closed, the route to Sderot too."
    bold = [r.text for p in doc.paragraphs[2:] for r in p.runs if r.bold]
    assert bold == ["Route 232", "Zaka", "Route 232"]
    assert doc.core_properties.title == "a.wav"


def test_export_never_overwrites_without_force(lib: Library, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _export(lib, out, "txt").exit_code == 0
    (out / "a.txt").write_text("editor's notes")
    result = _export(lib, out, "txt")  # issue 16: kept and said, the others left as they are
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (f"{out / 'a.txt'}: exists and differs (edited, or "
                                             "an older export); kept it (pass --force to "
                                             "replace it)")
    assert (out / "a.txt").read_text() == "editor's notes"
    assert _export(lib, out, "txt", "--force").exit_code == 0
    assert (out / "a.txt").read_text().startswith("a.wav\n")


def test_export_one_file_by_path(lib: Library, tmp_path: Path) -> None:
    media = lib.folder.parent / "media" / "b.wav"
    result = _export(lib, tmp_path / "out", "txt", str(media))
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["b.txt"]
    stray = tmp_path / "stray.wav"
    stray.write_bytes(b"other")
    result = _export(lib, tmp_path / "out", "txt", str(stray))
    assert result.exit_code == 1
    assert result.output == (f"Error: {stray}: not in the library (run `subs library add "
                             f"{stray}`)\n")


def test_export_says_failed_and_pending_apart(tmp_path: Path) -> None:
    """A failed recording is not "not transcribed yet": rerunning will not change it."""
    (tmp_path / "media").mkdir()
    with open_library(tmp_path / "lib", create=True) as lib:
        for number, name in enumerate(["a.wav", "broken.mp4", "c.wav", "d.wav"]):
            (tmp_path / "media" / name).write_bytes(bytes([number]) * 64)
        add_paths(lib, [tmp_path / "media"])
        owner = claims.new_owner()
        for name in ["a.wav", "broken.mp4"]:
            key = lib.conn.execute("SELECT hash FROM paths WHERE path = ?",
                                   (str(tmp_path / "media" / name),)).fetchone()[0]
            outcome = (_outcome(key, TEXTS["a.wav"]) if name == "a.wav" else
                       Outcome(key, error="cannot read media (Invalid data found when "
                               "processing input)"))
            claims.record(lib, outcome, owner)
        result = _export(lib, tmp_path / "out", "txt")
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"1 txt files written to {tmp_path / 'out'} (1 recording failed, "
                             "2 recordings not transcribed yet)\n")
