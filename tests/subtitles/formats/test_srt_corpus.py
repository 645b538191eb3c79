"""The malformed-SRT corpus: every file in tests/data/srt/ with the exact verdict expected.

Each file imitates something found in the wild (editors that write '.', Windows line ends,
legacy Hebrew code pages, hand-edited numbering). ``None`` as cue count means the file must be
refused with exactly the error lines listed; otherwise it is read, with exactly these warnings.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from subtitles.errors import ParseError
from subtitles.io import load_track

DATA = Path(__file__).parents[2] / "data" / "srt"
HINT = "(expected HH:MM:SS,mmm --> HH:MM:SS,mmm)"
NOT_UTF8 = "(pass --encoding if that is wrong; output is written as UTF-8)"
NO_BOM = "(output is written as UTF-8 without BOM)"
SHORT_MS = ("warning: fewer than 3 millisecond digits; read as a fraction of a second "
            "(',5' is 500 ms)")

# file -> (cues read, or None when refused; exact diagnostic lines)
CORPUS: dict[str, tuple[int | None, list[str]]] = {
    "clean.srt": (3, []),
    "cp1255_hebrew.srt": (3, [
        f"cp1255_hebrew.srt: warning: not UTF-8; decoded as cp1255 {NOT_UTF8}",
        "cp1255_hebrew.srt:1: warning: CRLF line ends (output uses LF unless --crlf)"]),
    "utf16_bom.srt": (3, [f"utf16_bom.srt:1: warning: UTF-16 encoding found {NO_BOM}"]),
    "utf8_bom.srt": (3, [f"utf8_bom.srt:1: warning: UTF-8 byte order mark found {NO_BOM}"]),
    "crlf.srt": (3, ["crlf.srt:1: warning: CRLF line ends (output uses LF unless --crlf)"]),
    "mac_cr_only.srt": (3, [
        "mac_cr_only.srt:1: warning: CR line ends (output uses LF unless --crlf)"]),
    "bad_timestamp_0x.srt": (None, [
        f"bad_timestamp_0x.srt:6: error: unparseable timing line "
        f"'00:00:0x,000 --> 00:00:06,200' {HINT}"]),
    "end_before_start.srt": (None, [
        "end_before_start.srt:11: error: end is before start (00:00:09,000 --> 00:00:07,000) "
        "(fix the cue or pass --lenient)"]),
    "minutes_over_59.srt": (None, [
        f"minutes_over_59.srt:11: error: minutes or seconds over 59 in "
        f"'00:75:07,000 --> 00:00:09,000' {HINT}"]),
    # audit #1: the dash line still opens cue 2, so its number and text are not stray
    "missing_arrow.srt": (None, [
        "missing_arrow.srt:6: error: timing line without '-->': '00:00:04,000 - 00:00:06,200' "
        "(fix it or pass --lenient)"]),
    "not_subtitles.srt": (None, [
        f"not_subtitles.srt:1: error: no subtitle cues found (is this an SRT file?) {HINT}"]),
    "binary.srt": (None, ["binary.srt: error: binary file, not subtitles: it contains NUL bytes "
                          "(if it is a subtitle file, pass its --encoding, e.g. "
                          "--encoding utf-16-le)"]),
    "no_blank_lines.srt": (3, [
        "no_blank_lines.srt:4: warning: no blank line before this cue",
        "no_blank_lines.srt:8: warning: no blank line before this cue"]),
    "empty.srt": (0, ["empty.srt: warning: file has no cues"]),
    "whitespace_only.srt": (0, ["whitespace_only.srt: warning: file has no cues"]),
    "dot_ms.srt": (3, [
        "dot_ms.srt:2: warning: '.' used as millisecond separator (SRT uses ',')",
        f"dot_ms.srt:2: {SHORT_MS}",
        "dot_ms.srt:6: warning: '.' used as millisecond separator (SRT uses ',')",
        f"dot_ms.srt:6: {SHORT_MS}"]),
    "missing_numbers.srt": (3, [
        "missing_numbers.srt:1: warning: cue has no number",
        "missing_numbers.srt:4: warning: cue has no number",
        "missing_numbers.srt:8: warning: cue has no number"]),
    "wrong_numbers.srt": (3, [
        "wrong_numbers.srt:1: warning: cue number 0, expected 1",
        "wrong_numbers.srt:5: warning: cue number 2, expected 1",
        "wrong_numbers.srt:10: warning: cue number 7, expected 3"]),
    "extra_blank_lines.srt": (3, [
        "extra_blank_lines.srt:1: warning: 2 blank line(s) at the start of the file",
        "extra_blank_lines.srt:7: warning: 2 extra blank line(s)"]),
    "no_trailing_newline.srt": (3, [
        "no_trailing_newline.srt:13: warning: no newline at end of file"]),
    "position_coords.srt": (3, [
        "position_coords.srt:2: warning: position coordinates after the end time ignored"]),
    "font_tags.srt": (3, [
        "font_tags.srt:3: warning: formatting tags kept in the text: <b>, <font>, <i>, <u>"]),
    "ass_override_tags.srt": (3, [
        "ass_override_tags.srt:3: warning: formatting tags kept in the text: {\\an8}"]),
}


def test_corpus_is_complete() -> None:
    on_disk = {p.name for p in DATA.glob("*.srt")}
    assert on_disk == set(CORPUS) | {"cp1252_french.srt"}
    assert len(on_disk) >= 15


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_verdict(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA)
    count, expected = CORPUS[name]
    if count is None:
        with pytest.raises(ParseError) as info:
            load_track(name)
        assert [str(p) for p in info.value.problems] == expected
    else:
        parsed = load_track(name)
        assert len(parsed.track) == count
        assert [str(p) for p in parsed.problems] == expected


@pytest.mark.parametrize("name", ["cp1255_hebrew.srt", "utf16_bom.srt"])
def test_hebrew_text_survives_decoding(name: str) -> None:
    track = load_track(DATA / name).track
    assert track[0].text == "נולדתי בלודז' בשנת 1931."
    assert track[1].text == "לאבי הייתה מאפייה\nברחוב פיוטרקובסקה."


@pytest.mark.parametrize("name", ["crlf.srt", "utf8_bom.srt", "dot_ms.srt", "mac_cr_only.srt",
                                  "no_blank_lines.srt", "missing_numbers.srt",
                                  "extra_blank_lines.srt", "position_coords.srt"])
def test_tolerated_files_keep_every_cue(name: str) -> None:
    clean = load_track(DATA / "clean.srt").track
    track = load_track(DATA / name).track
    if name == "dot_ms.srt":  # '03.5' and '06.20' are fractions: 500 ms and 200 ms
        assert [(c.start_ms, c.end_ms) for c in track][:2] == [(1000, 3500), (4000, 6200)]
    assert [(c.start_ms, c.end_ms, c.text) for c in track] == \
        [(c.start_ms, c.end_ms, c.text) for c in clean]


def test_lenient_repairs_and_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA)
    swapped = load_track("end_before_start.srt", lenient=True)
    assert (swapped.track[2].start_ms, swapped.track[2].end_ms) == (7000, 9000)
    assert "end_before_start.srt:11: warning: end is before start; start and end swapped " \
           "(check this cue)" in [str(p) for p in swapped.problems]
    skipped = load_track("bad_timestamp_0x.srt", lenient=True)
    assert len(skipped.track) == 2
    assert [str(p) for p in skipped.problems] == [
        "bad_timestamp_0x.srt:6: warning: cue skipped: unparseable timing line "
        "'00:00:0x,000 --> 00:00:06,200'"]


def test_explicit_encoding_reads_cp1252() -> None:
    track = load_track(DATA / "cp1252_french.srt", encoding="cp1252").track
    assert track[0].text == "Nous sommes arrivés à Drancy en été 1942."


def test_detects_cp1252_without_help() -> None:
    track = load_track(DATA / "cp1252_french.srt").track
    assert track[0].text == "Nous sommes arrivés à Drancy en été 1942."
