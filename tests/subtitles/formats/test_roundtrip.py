"""Write-then-read round trips for SRT, WebVTT and SBV over arbitrary Unicode, times and breaks.

The generated text is what each format can represent: no blank lines inside a cue, no leading
or trailing whitespace on a line, no ``-->`` or SRT-like timing line, no control characters.
Everything else is fair game: Hebrew, Arabic, emoji, ``<``, ``&``, lines of bare digits, our own
``<i>`` tags, and lines that are SBV timing lines (the SBV writer must protect them).
"""
from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from subtitles.formats import get_format
from subtitles.model import Cue, Track
from subtitles.timing import format_sbv

HEBREW = st.sampled_from(["שלום", "נולדתי בלודז'", "אבא שלי", "1942", "-"])
ARABIC = st.sampled_from(["مرحبا", "وُلدتُ في حلب", "أبي", "٣"])
ANY = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
WORD = st.one_of(ANY, HEBREW, ARABIC, st.sampled_from(["<i>", "</i>", "a < b", "&amp;", "12"]))


# two timestamps joined by spaces or dashes: SRT reads such a line as a (broken) timing line
_SRT_TIMING = re.compile(r"\d+:\d{1,2}:\d{1,2}[,.]\d{1,3}"
                         r"([ \t]+|[ \t]*[-\u2013\u2014=>]+[ \t]*)\d")


def _line_ok(line: str) -> bool:
    return bool(line) and line == line.strip() and "-->" not in line \
        and "<font" not in line.lower() and "</font" not in line.lower() \
        and not _SRT_TIMING.match(line)


# audit #7: a text line that is itself an SBV timing line, as SBV's reader would take it
STAMP = st.builds(format_sbv, st.integers(0, 20 * 3_600_000))
SBV_TIMING = st.builds("{}{}{}".format, STAMP, st.sampled_from([",", " , ", ",\u200b"]), STAMP)
LINE = st.one_of(st.lists(WORD, min_size=1, max_size=4).map(" ".join),
                 SBV_TIMING, st.builds("\u200b{}".format, SBV_TIMING)).filter(_line_ok)
TEXT = st.lists(LINE, min_size=1, max_size=3).map("\n".join)


@st.composite
def cues(draw: st.DrawFn) -> list[Cue]:
    starts = draw(st.lists(st.integers(0, 100 * 3_600_000), max_size=8))
    result = []
    for start in sorted(starts):
        end = start + draw(st.integers(0, 60_000))
        result.append(Cue(start, end, draw(TEXT)))
    return result


def _same(fmt: str, written: list[Cue]) -> None:
    out = get_format(fmt).write(Track(tuple(written)))
    parsed = get_format(fmt).read(out, f"x.{fmt}")
    got = [(c.start_ms, c.end_ms, c.text, c.speaker) for c in parsed.track]
    assert got == [(c.start_ms, c.end_ms, c.text, c.speaker) for c in written]
    assert {p.code for p in parsed.problems} <= {"tags", "no-cues"}


@given(cues())
def test_srt_round_trip(written: list[Cue]) -> None:
    _same("srt", written)


@given(cues())
def test_sbv_round_trip(written: list[Cue]) -> None:
    _same("sbv", written)


SPEAKER = st.one_of(st.none(), st.sampled_from(["Miriam", "מרים", "مريم", "Dr. A & B"]))


@given(cues(), st.data())
def test_vtt_round_trip(written: list[Cue], data: st.DataObject) -> None:
    written = [c.replace(speaker=data.draw(SPEAKER)) for c in written]
    _same("vtt", written)


@given(cues())
def test_srt_line_numbers_point_at_timing_lines(written: list[Cue]) -> None:
    out = get_format("srt").write(Track(tuple(written)))
    lines = out.split("\n")
    for cue in get_format("srt").read(out, "x.srt").track:
        assert cue.line is not None and "-->" in lines[cue.line - 1]
