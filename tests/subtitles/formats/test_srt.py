"""The SRT scanner on small hand-made inputs: what it keeps, reports, refuses and writes."""
from __future__ import annotations

from pathlib import Path

import pytest

from subtitles.errors import ParseError
from subtitles.formats import get_format
from subtitles.model import Cue, Track

SRT = get_format("srt")


def _read(text: str, **kw: bool) -> tuple[list[Cue], list[str]]:
    parsed = SRT.read(text, "t.srt", **kw)
    return list(parsed.track), [str(p) for p in parsed.problems]


def test_reads_cues_with_their_timing_line() -> None:
    cues, problems = _read("1\n00:00:01,000 --> 00:00:02,500\n- Who?\n- Me.\n\n"
                           "2\n01:00:00,005 --> 01:00:01,000\n<i>Yes</i>\n")
    assert cues == [Cue(1000, 2500, "- Who?\n- Me.", line=2),
                    Cue(3_600_005, 3_601_000, "<i>Yes</i>", line=7)]
    assert cues[0].speaker is None  # dashes stay in the text
    assert problems == ["t.srt:8: warning: formatting tags kept in the text: <i>"]


def test_three_cues_without_blank_lines_stay_three() -> None:
    # pysrt 1.1.2 merges these into one cue
    text = ("1\n00:00:01,000 --> 00:00:02,000\na\n2\n00:00:03,000 --> 00:00:04,000\nb\n"
            "00:00:05,000 --> 00:00:06,000\nc\n")
    cues, problems = _read(text)
    assert [c.text for c in cues] == ["a", "b", "c"]
    assert problems == ["t.srt:4: warning: no blank line before this cue",
                        "t.srt:7: warning: cue has no number",
                        "t.srt:7: warning: no blank line before this cue"]


def test_every_error_is_listed_with_its_line() -> None:
    text = ("1\n00:00:0x,000 --> 00:00:02,000\na\n\n2\n00:00:05,000 --> 00:00:04,000\nb\n\n"
            "3\n00:00:06,000 - 00:00:07,000\nc\n\n4\n00:00:08,000 --> 00:00:09,000\nd\n")
    with pytest.raises(ParseError) as info:
        SRT.read(text, "t.srt")
    # the dash line still opens its cue: its number and text are not stray, '4' is expected
    assert [str(p) for p in info.value.problems] == [
        "t.srt:2: error: unparseable timing line '00:00:0x,000 --> 00:00:02,000' "
        "(expected HH:MM:SS,mmm --> HH:MM:SS,mmm)",
        "t.srt:6: error: end is before start (00:00:05,000 --> 00:00:04,000) "
        "(fix the cue or pass --lenient)",
        "t.srt:10: error: timing line without '-->': '00:00:06,000 - 00:00:07,000' "
        "(fix it or pass --lenient)"]
    assert str(info.value) == str(info.value.problems[0])


def test_short_arrow_is_read_with_one_warning() -> None:
    cues, problems = _read("1\n00:00:01,000 -> 00:00:03,000\nHello\n\n"
                           "2\n00:00:04,000 --> 00:00:06,000\nBye\n")
    assert [(c.start_ms, c.end_ms, c.text, c.line) for c in cues] == [
        (1000, 3000, "Hello", 2), (4000, 6000, "Bye", 6)]
    assert problems == ["t.srt:2: warning: '->' read as '-->' (SRT uses '-->')"]


def test_refused_timing_line_skips_only_its_cue_when_lenient() -> None:
    cues, problems = _read("1\n00:00:01,000 - 00:00:03,000\nHello\n\n"
                           "2\n00:00:04,000 --> 00:00:06,000\nBye\n", lenient=True)
    assert [c.text for c in cues] == ["Bye"]
    assert problems == ["t.srt:2: warning: cue skipped: timing line without '-->': "
                        "'00:00:01,000 - 00:00:03,000'"]


def test_no_cues_warning_only_when_nothing_explains_it() -> None:
    with pytest.raises(ParseError) as info:
        SRT.read("1\n00:00:0x,000 --> 00:00:03,000\nHello\n", "t.srt")
    assert [str(p) for p in info.value.problems] == [
        "t.srt:2: error: unparseable timing line '00:00:0x,000 --> 00:00:03,000' "
        "(expected HH:MM:SS,mmm --> HH:MM:SS,mmm)"]
    assert _read("\n\n") == ([], ["t.srt: warning: file has no cues"])


def test_only_real_tags_are_reported() -> None:
    _, problems = _read("1\n00:00:01,000 --> 00:00:02,000\na < b & c -> d\n<bad> x\n")
    assert problems == []
    _, problems = _read("1\n00:00:01,000 --> 00:00:02,000\n<B>a</b> <font color=red>c</font>\n")
    assert problems == ["t.srt:3: warning: formatting tags kept in the text: <b>, <font>"]


def test_bare_number_text_line_is_kept_when_a_blank_line_follows() -> None:
    cues, _ = _read("1\n00:00:01,000 --> 00:00:02,000\nIn\n1944\n\n"
                    "2\n00:00:03,000 --> 00:00:04,000\nwe left\n")
    assert [c.text for c in cues] == ["In\n1944", "we left"]


def test_empty_cue_and_zero_duration_are_kept() -> None:
    cues, problems = _read("1\n00:00:01,000 --> 00:00:01,000\n\n"
                           "2\n00:00:03,000 --> 00:00:04,000\nx\n")
    assert [(c.duration_ms, c.text) for c in cues] == [(0, ""), (1000, "x")]
    assert problems == []  # audit #3: the readability check reports it, once, as an error


def test_repeated_warnings_are_capped() -> None:
    text = "".join(f"00:00:{n:02d},000 --> 00:00:{n:02d},500\nx\n\n" for n in range(30))
    _, problems = _read(text)
    assert len(problems) == 11
    assert problems[-1] == "t.srt: warning: 20 more 'number-missing' warnings not shown"


def test_writer_numbers_cues_and_drops_blank_lines_in_text() -> None:
    track = Track((Cue(0, 1500, "a\n\nb"), Cue(61_000, 3_723_004, "c")))
    assert SRT.write(track) == ("1\n00:00:00,000 --> 00:00:01,500\na\nb\n\n"
                                "2\n00:01:01,000 --> 01:02:03,004\nc\n")


def test_agrees_with_pysrt_on_a_well_formed_file() -> None:
    import pysrt

    track = Track(tuple(Cue(i * 2100, i * 2100 + 1999, f"cue {i}\nשורה {i}") for i in range(50)))
    text = SRT.write(track)
    ours = [(c.start_ms, c.end_ms, c.text) for c in SRT.read(text).track]
    theirs = [(s.start.ordinal, s.end.ordinal, s.text) for s in pysrt.from_string(text)]
    assert ours == theirs


def test_plain_formats_load_no_heavy_library() -> None:
    import subprocess
    import sys

    code = ("import sys, subtitles.formats.srt, subtitles.formats.vtt, subtitles.formats.sbv; "
            "print(sorted({'pysrt', 'pysubs2', 'click'} & set(sys.modules)))")
    root = Path(__file__).parents[3]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=root).stdout
    assert out == "[]\n"
