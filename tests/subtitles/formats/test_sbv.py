"""YouTube SBV: the hand-written reader and writer."""
from __future__ import annotations

import pytest

from subtitles.errors import ParseError
from subtitles.formats import get_format
from subtitles.model import Cue, Track

SBV = get_format("sbv")


def test_reads_youtube_export() -> None:
    text = ("0:00:01.000,0:00:03.500\nWe came by train\nfrom Łódź.\n\n"
            "0:00:04.000,0:00:06.2\nמרים\n")
    parsed = SBV.read(text, "t.sbv")
    assert list(parsed.track) == [Cue(1000, 3500, "We came by train\nfrom Łódź.", line=1),
                                  Cue(4000, 6200, "מרים", line=5)]
    assert parsed.problems == ()


def test_writes_unpadded_hours() -> None:
    track = Track((Cue(0, 1500, "a\nb"), Cue(36_000_000, 36_001_000, "c")))
    assert SBV.write(track) == ("0:00:00.000,0:00:01.500\na\nb\n\n"
                                "10:00:00.000,10:00:01.000\nc\n")


def test_errors_name_their_lines() -> None:
    text = "0:00:01.000,0:00:0x.500\na\n\n0:00:05.000,0:00:04.000\nb\n\njust words\n"
    with pytest.raises(ParseError) as info:
        SBV.read(text, "t.sbv")
    assert [str(p) for p in info.value.problems] == [
        "t.sbv:1: error: unparseable timing line '0:00:01.000,0:00:0x.500' "
        "(expected H:MM:SS.mmm,H:MM:SS.mmm)",
        "t.sbv:4: error: end is before start (0:00:05.000,0:00:04.000) "
        "(fix the cue or pass --lenient)",
        "t.sbv:7: error: text without a timing line 'just words' "
        "(expected H:MM:SS.mmm,H:MM:SS.mmm)"]


def test_cues_without_blank_lines_are_split() -> None:
    parsed = SBV.read("0:00:01.000,0:00:02.000\na\n0:00:03.000,0:00:04.000\nb\n", "t.sbv")
    assert [(c.text, c.line) for c in parsed.track] == [("a", 1), ("b", 3)]
    assert [str(p) for p in parsed.problems] == ["t.sbv:3: warning: no blank line before this cue"]


def test_text_that_looks_like_a_timing_line_round_trips() -> None:
    track = Track((Cue(0, 1000, "0:00:01.000,0:00:02.000\nsaid\n\u200b0:00:03.000,0:00:04.000"),))
    out = SBV.write(track)
    assert out == ("0:00:00.000,0:00:01.000\n\u200b0:00:01.000,0:00:02.000\nsaid\n"
                   "\u200b\u200b0:00:03.000,0:00:04.000\n")
    parsed = SBV.read(out, "t.sbv")
    assert [c.text for c in parsed.track] == [track[0].text]
    assert parsed.problems == ()


def test_empty_file_has_no_cues_but_an_unread_block_explains_itself() -> None:
    assert [str(p) for p in SBV.read("\n", "t.sbv").problems] == [
        "t.sbv: warning: file has no cues"]
    with pytest.raises(ParseError) as info:
        SBV.read("0:00:0x.000,0:00:01.000\na\n", "t.sbv")
    assert len(info.value.problems) == 1
