"""``subs convert`` end to end through click: exact stderr lines, exit codes, files on disk."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from subs.cli import cli

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("clean.srt", "cp1255_hebrew.srt", "end_before_start.srt", "binary.srt"):
        shutil.copy(DATA / "srt" / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["convert", *args])
    return result.exit_code, result.stdout, result.stderr


def test_srt_to_vtt(work: Path) -> None:
    assert run("clean.srt", "clean.vtt") == (0, "", "clean.vtt: 3 cues written as vtt\n")
    assert (work / "clean.vtt").read_bytes().startswith(
        b"WEBVTT\n\n00:00:01.000 --> 00:00:03.500\nI was born in \xc5\x81\xc3\xb3d\xc5\xba")


def test_legacy_hebrew_to_utf8_srt_with_warnings(work: Path) -> None:
    code, out, err = run("cp1255_hebrew.srt", "he.srt", "--crlf")
    assert code == 0 and out == ""
    assert err.splitlines() == [
        "cp1255_hebrew.srt: warning: not UTF-8; decoded as cp1255 (pass --encoding if that is "
        "wrong; output is written as UTF-8)",
        "cp1255_hebrew.srt:1: warning: CRLF line ends (output uses LF unless --crlf)",
        "he.srt: 3 cues written as srt"]
    data = (work / "he.srt").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 12
    assert "נולדתי" in data.decode("utf-8")


def test_parse_errors_write_nothing(work: Path) -> None:
    assert run("end_before_start.srt", "out.vtt") == (1, "", (
        "end_before_start.srt:11: error: end is before start (00:00:09,000 --> 00:00:07,000) "
        "(fix the cue or pass --lenient)\n"))
    assert not (work / "out.vtt").exists()
    assert run("binary.srt", "out.vtt") == (
        1, "", "binary.srt: error: binary file, not subtitles: it contains NUL bytes (if it is a "
               "subtitle file, pass its --encoding, e.g. --encoding utf-16-le)\n")


def test_lenient_repairs_and_writes(work: Path) -> None:
    code, _, err = run("end_before_start.srt", "out.sbv", "--lenient")
    assert code == 0
    assert err.splitlines()[0] == ("end_before_start.srt:11: warning: end is before start; "
                                   "start and end swapped (check this cue)")
    assert "0:00:07.000,0:00:09.000\n" in (work / "out.sbv").read_text()


def test_never_overwrites_without_force(work: Path) -> None:
    (work / "old.vtt").write_text("keep me")
    assert run("clean.srt", "old.vtt") == (
        1, "", "Error: old.vtt already exists; pass --force to replace it\n")
    assert (work / "old.vtt").read_text() == "keep me"
    assert run("clean.srt", "old.vtt", "--force")[0] == 0
    assert (work / "old.vtt").read_text().startswith("WEBVTT")


def test_never_overwrites_the_input(work: Path) -> None:
    assert run("clean.srt", "clean.srt", "--force") == (
        1, "", "Error: clean.srt is the input file; write to another file\n")


def test_format_options_and_unknown_extension(work: Path) -> None:
    assert run("clean.srt", "clean.txt") == (
        1, "", "Error: unknown subtitle format '.txt'; known formats: srt, vtt, sbv, ttml, ass\n")
    assert run("clean.srt", "clean.txt", "--to", "ass")[0] == 0
    assert "[Events]" in (work / "clean.txt").read_text()
    assert run("clean.txt", "back.srt", "--from", "ass") == (
        0, "", "back.srt: 3 cues written as srt\n")


def test_missing_input(work: Path) -> None:
    assert run("nope.srt", "x.vtt") == (1, "", "nope.srt: error: no such file (check the path)\n")


def test_encoding_override(work: Path) -> None:
    assert run("cp1255_hebrew.srt", "x.vtt", "--encoding", "utf-8") == (
        1, "", "cp1255_hebrew.srt: error: cannot decode as utf-8: 'utf-8' codec can't decode "
               "byte 0xf0 in position 34: invalid continuation byte (check --encoding)\n")


def test_ass_refuses_times_past_ten_hours(work: Path) -> None:
    """Audit #6: pysubs2 clamped 101:40:04,005 to 9:59:59.99 without a word."""
    (work / "esc.srt").write_text("1\n101:40:04,005 --> 101:40:05,005\nHello\n", encoding="utf-8")
    assert run("esc.srt", "esc.ass") == (1, "", (
        "esc.srt:2: error: cue 1 starts at 101:40:04.005; ASS cannot hold times of "
        "10 hours or more (use SRT or WebVTT)\n"))
    assert not (work / "esc.ass").exists()


def test_output_folder_problems_are_one_line_and_write_nothing(
        work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Audit: FileExistsError and PermissionError tracebacks from the atomic write."""
    assert run("clean.srt", "clean.srt/x.vtt") == (1, "", (
        "Error: clean.srt/x.vtt: cannot write: clean.srt is a file, not a folder "
        "(choose another output path)\n"))

    def refuse(**kwargs: object) -> tuple[int, str]:  # root ignores mode 555, so simulate it
        raise PermissionError(13, "Permission denied", str(kwargs["dir"]))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    assert run("clean.srt", "ro/x.vtt") == (1, "", (
        "Error: ro/x.vtt: cannot write: Permission denied (choose a folder you can write to)\n"))
    assert not (work / "ro").exists()


def test_a_directory_as_input_is_an_error_line(work: Path) -> None:
    (work / "dir.srt").mkdir()
    assert run("dir.srt", "x.vtt") == (1, "", (
        "dir.srt: error: is a directory, not a subtitle file "
        "(pass the subtitle files inside it)\n"))
    assert not (work / "x.vtt").exists()


def test_utf16_without_bom_converts_with_a_warning(work: Path) -> None:
    (work / "le.srt").write_bytes((work / "clean.srt").read_text("utf-8").encode("utf-16-le"))
    assert run("le.srt", "x.vtt") == (0, "", (
        "le.srt: warning: decoded as UTF-16 without a byte order mark "
        "(output is written as UTF-8)\nx.vtt: 3 cues written as vtt\n"))
