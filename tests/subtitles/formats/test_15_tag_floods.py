"""Issue 15 item 8: floods of formatting tags cost linear time, or are refused in one line."""
from __future__ import annotations

import pytest

from subtitles.errors import ParseError
from subtitles.formats import get_format
from subtitles.formats.ass import MAX_STYLE_SWITCHES, to_ass_text
from subtitles.model import Cue, Track


def test_15_nested_tags_collapse_to_one_switch() -> None:
    assert to_ass_text("<i>" * 10_000 + "hello" + "</i>" * 10_000) == "{\\i1}hello{\\i0}"
    assert to_ass_text("</i>a<i><b>b</b></i>") == "a{\\i1}{\\b1}b{\\b0}{\\i0}"


@pytest.mark.parametrize("fmt", ["ttml", "ass"])
def test_15_ten_thousand_nested_italics_are_written_at_once(fmt: str) -> None:
    track = Track((Cue(1000, 2000, "<i>" * 10_000 + "hello" + "</i>" * 10_000),))
    text = get_format(fmt).write(track)  # was minutes and gigabytes for ttml
    assert "hello" in text and text.count("hello") == 1
    reread = get_format(fmt).read(text).track
    assert [c.text.replace("<i>", "").replace("</i>", "") for c in reread.cues] == ["hello"]


@pytest.mark.parametrize("fmt", ["ttml", "ass"])
def test_15_too_many_switches_in_one_cue_are_refused_in_one_line(fmt: str) -> None:
    track = Track((Cue(1000, 2000, "<i>a</i> b " * (MAX_STYLE_SWITCHES + 1), line=3),),
                  path="flood.srt")
    with pytest.raises(ParseError) as err:
        get_format(fmt).write(track)
    assert str(err.value).startswith("flood.srt:3: error: cue 1 switches italics")
