"""WebVTT reading (line numbers, blocks, tags, entities) and writing (escaping, header)."""
from __future__ import annotations

import pytest

from subtitles.errors import ParseError
from subtitles.formats import get_format
from subtitles.model import Cue, Track

VTT = get_format("vtt")

SAMPLE = """WEBVTT - interview 2
Kind: captions

NOTE recorded in Haifa
spanning two lines

STYLE
::cue { color: yellow }

intro
00:00:01.000 --> 00:00:02.500 align:start position:10%
<v Miriam>We lived <i>near</i> the sea</v>
&amp; the port &lt;Haifa&gt;

00:01.000 --> 00:03.000
<c.yellow>short</c> hours<00:00:02.000>!
"""


def test_reads_cues_with_timing_lines_skipping_note_and_style() -> None:
    parsed = VTT.read(SAMPLE, "t.vtt")
    assert list(parsed.track) == [
        Cue(1000, 2500, "We lived <i>near</i> the sea\n& the port <Haifa>", speaker="Miriam",
            line=11),
        Cue(1000, 3000, "short hours!", line=15)]
    assert [str(p) for p in parsed.problems] == [
        "t.vtt:15: warning: tag <c.yellow> dropped (WebVTT classes and ruby are not kept)",
        "t.vtt:15: warning: tag </c> dropped (WebVTT classes and ruby are not kept)",
        "t.vtt:15: warning: tag <00:00:02.000> dropped (WebVTT classes and ruby are not kept)"]


def test_writer_escapes_text_but_keeps_our_tags() -> None:
    track = Track((Cue(0, 1500, "<i>a</i> < b & c > d\n<font color=red>x</font>"),
                   Cue(3_600_000, 3_601_000, "שלום", speaker="מרים")))
    assert VTT.write(track) == (
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\n<i>a</i> &lt; b &amp; c &gt; d\nx\n\n"
        "01:00:00.000 --> 01:00:01.000\n<v מרים>שלום\n")


def test_errors_are_listed_with_lines() -> None:
    text = ("WEBVTT\n\n00:00:0x.000 --> 00:00:01.000\na\n\n"
            "00:00:05.000 --> 00:00:04.000\nb\n\nstray words\n")
    with pytest.raises(ParseError) as info:
        VTT.read(text, "t.vtt")
    assert [str(p) for p in info.value.problems] == [
        "t.vtt:3: error: unparseable timing line '00:00:0x.000 --> 00:00:01.000' "
        "(expected HH:MM:SS.mmm --> HH:MM:SS.mmm)",
        "t.vtt:6: error: end is before start (00:00:05.000 --> 00:00:04.000) "
        "(fix the cue or pass --lenient)",
        "t.vtt:9: error: block without a timing line: 'stray words' (fix it or pass --lenient)"]


def test_missing_header_is_an_error_unless_lenient() -> None:
    text = "00:00:01.000 --> 00:00:02.000\nhi\n"
    with pytest.raises(ParseError, match="missing WEBVTT header"):
        VTT.read(text, "t.vtt")
    parsed = VTT.read(text, "t.vtt", lenient=True)
    assert [c.text for c in parsed.track] == ["hi"]
    assert [str(p) for p in parsed.problems] == [
        "t.vtt:1: warning: missing WEBVTT header; read anyway"]


def test_pysubs2_reads_what_we_write() -> None:
    import pysubs2

    track = Track((Cue(1000, 2500, "one\nשתיים"), Cue(3000, 4000, "a & b")))
    theirs = pysubs2.SSAFile.from_string(VTT.write(track), format_="vtt")
    assert [(e.start, e.end) for e in theirs] == [(1000, 2500), (3000, 4000)]
    assert theirs[0].plaintext == "one\nשתיים"


def test_cues_without_blank_lines_are_split() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\na\n00:03.000 --> 00:04.000\nb\n"
    parsed = VTT.read(text, "t.vtt")
    assert [(c.text, c.line) for c in parsed.track] == [("a", 3), ("b", 5)]
    assert [str(p) for p in parsed.problems] == ["t.vtt:5: warning: no blank line before this cue"]


def test_no_cues_warning_only_when_nothing_explains_it() -> None:
    assert [str(p) for p in VTT.read("WEBVTT\n\nNOTE only a note\n", "t.vtt").problems] == [
        "t.vtt: warning: file has no cues"]
    with pytest.raises(ParseError) as info:
        VTT.read("WEBVTT\n\n00:00:0x.000 --> 00:00:01.000\na\n", "t.vtt")
    assert [str(p) for p in info.value.problems] == [
        "t.vtt:3: error: unparseable timing line '00:00:0x.000 --> 00:00:01.000' "
        "(expected HH:MM:SS.mmm --> HH:MM:SS.mmm)"]
