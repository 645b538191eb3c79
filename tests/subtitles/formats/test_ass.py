"""ASS through pysubs2: markup mapping, Dialogue line numbers, errors."""
from __future__ import annotations

import pytest

from subtitles.errors import ParseError
from subtitles.formats import get_format
from subtitles.formats.ass import from_ass_text, to_ass_text
from subtitles.model import Cue, Track

ASS = get_format("ass")


def test_markup_maps_both_ways() -> None:
    assert from_ass_text(r"{\an8\i1}near{\i0} the\Nsea") == "<i>near</i> the\nsea"
    assert to_ass_text('<i>near</i> <font color="red">the</font>\nsea') == \
        r"{\i1}near{\i0} the\Nsea"


def test_reads_dialogue_lines_and_skips_comments() -> None:
    track = Track((Cue(1000, 2500, "<b>one</b>\ntwo", speaker="Miriam"), Cue(3000, 4000, "x")))
    text = ASS.write(track).replace("Dialogue: 0,0:00:03", "Comment: 0,0:00:02.00,0:00:02.50,"
                                    "Default,,0,0,0,,note\nDialogue: 0,0:00:03")
    cues = list(ASS.read(text, "t.ass").track)
    lines = text.split("\n")
    assert [(c.start_ms, c.end_ms, c.text, c.speaker) for c in cues] == [
        (1000, 2500, "<b>one</b>\ntwo", "Miriam"), (3000, 4000, "x", None)]
    assert all(lines[c.line - 1].startswith("Dialogue:") for c in cues if c.line)
    assert [c.line for c in cues] == [15, 17]


def test_end_before_start_is_an_error() -> None:
    text = ASS.write(Track((Cue(1000, 2000, "x"),))).replace("0:00:01.00,0:00:02.00",
                                                            "0:00:03.00,0:00:02.00")
    with pytest.raises(ParseError) as info:
        ASS.read(text, "t.ass")
    assert str(info.value) == ("t.ass:15: error: end is before start (00:00:03.000 --> "
                               "00:00:02.000) (fix the cue or pass --lenient)")
