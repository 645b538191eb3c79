"""ASS through pysubs2: markup mapping, Dialogue line numbers, errors."""
from __future__ import annotations

import warnings

import pytest

from subtitles.errors import ParseError
from subtitles.formats import Unrepresentable, get_format
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


def test_times_of_ten_hours_or_more_are_refused() -> None:
    late = Track((Cue(0, 1000, "a"), Cue(36_004_005, 36_005_005, "b", line=6),
                  Cue(36_006_000, 36_007_000, "c")), path="esc.srt")
    with pytest.raises(Unrepresentable) as info:
        ASS.write(late)
    assert str(info.value) == ("esc.srt:6: error: cue 2 starts at 10:00:04.005 (and 1 later "
                               "cue); ASS cannot hold times of 10 hours or more "
                               "(use SRT or WebVTT)")
    with pytest.raises(Unrepresentable, match=r"^<track>: error: cue 1 ends at 09:59:59\.995;"):
        ASS.write(Track((Cue(0, 35_999_995, "x"),)))


def test_last_representable_time_is_written_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = ASS.write(Track((Cue(35_999_000, 35_999_994, "x"),)))
    assert "Dialogue: 0,9:59:59.00,9:59:59.99," in out


def test_garbage_is_an_error_and_no_events_a_warning() -> None:
    with pytest.raises(ParseError) as info:
        ASS.read("\ngarbage\n", "g.ass")
    assert [str(p) for p in info.value.problems] == [
        "g.ass:2: error: cannot read as ASS: no [Script Info] or [Events] section "
        "(check the file, or pass --from)"]
    for text in ("", "\ufeff\n", "[Script Info]\nScriptType: v4.00+\n"):
        assert [str(p) for p in ASS.read(text, "e.ass").problems] == [
            "e.ass: warning: file has no cues"]
