"""Issue 15: fuzz the readers and writers with hostile bytes, encodings and tags.

Whatever the input, a reader either gives a track or raises ``SubsError`` (never another
exception), in bounded time and memory; and what it read, written back in the same format and
read again, is the same track. Inputs are small (a few KB), so each example is quick; the
default 100 examples run in CI (``HYPOTHESIS_PROFILE=release`` runs more).
"""
from __future__ import annotations

import time
import tracemalloc

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from subtitles.encodings import decode
from subtitles.errors import SubsError
from subtitles.formats import FORMATS, get_format
from subtitles.model import Track

TIME_S = 5.0  # per example, a bound far above what a few KB take (milliseconds)
MEMORY = 64 * 1024 * 1024  # peak Python allocation per example

TAGS = ["<i>", "</i>", "<b>", "</b>", "<u>", "</u>", '<font color="red">', "</font>", "<i><i>",
        "</i></i>", "{\\i1}", "{\\i0}", "<c.yellow>", "</c>", "<v Anna>", "<", ">", "&", "&amp;"]
ODD = ["\x1b[31m", "\x00", "\x07", "\u200f", "\u202b", "\ufeff", "\r", "\t", "-->", " --> ",
       "WEBVTT", "NOTE", "[Events]", "<?xml", "<tt>", "1", "00:00:01,000", "\u2028"]
WORDS = ["Céline", "François", "שלום", "مرحبا", "Łódź", "привет", "😀", "a", "word", " "]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "cp1255", "cp1251",
             "latin-1"]

piece = st.sampled_from(TAGS + ODD + WORDS) | st.text(max_size=8)


@st.composite
def subtitle_text(draw: st.DrawFn) -> str:
    """Something shaped like one of our formats, with hostile text inside the cues."""
    fmt = draw(st.sampled_from(["srt", "vtt", "sbv", "raw"]))
    cues = []
    for number in range(draw(st.integers(0, 5))):
        start = draw(st.integers(0, 3_000_000))
        end = start + draw(st.integers(-1000, 60_000))
        text = "".join(draw(st.lists(piece, min_size=1, max_size=12)))
        s, e = (_stamp(start, fmt), _stamp(end, fmt))
        if fmt == "srt":
            cues.append(f"{number + 1}\n{s} --> {e}\n{text}\n")
        elif fmt == "vtt":
            cues.append(f"{s} --> {e}\n{text}\n")
        elif fmt == "sbv":
            cues.append(f"{s},{e}\n{text}\n")
        else:
            cues.append(text)
    head = "WEBVTT\n\n" if fmt == "vtt" else ""
    return head + "\n".join(cues)


def _stamp(ms: int, fmt: str) -> str:
    ms = max(ms, 0)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, milli = divmod(rest, 1000)
    if fmt == "sbv":
        return f"{h}:{m:02}:{s:02}.{milli:03}"
    sep = "," if fmt == "srt" else "."
    return f"{h:02}:{m:02}:{s:02}{sep}{milli:03}"


@st.composite
def encoded(draw: st.DrawFn) -> bytes:
    """The text in one encoding, or two encodings cue by cue, or raw bytes."""
    choice = draw(st.sampled_from(["one", "mixed", "bytes"]))
    if choice == "bytes":
        return draw(st.binary(max_size=2048))
    text = draw(subtitle_text())
    if choice == "one":
        return text.encode(draw(st.sampled_from(ENCODINGS)), "replace")
    halves = text.split("\n\n")
    return b"\n\n".join(half.encode(draw(st.sampled_from(["utf-8", "cp1252", "cp1255"])),
                                    "replace") for half in halves)


def bounded(work):  # type: ignore[no-untyped-def]
    """Run ``work()``; assert it took bounded time and memory; return its result."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        return work()
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert elapsed < TIME_S, f"took {elapsed:.1f} s"
        assert peak < MEMORY, f"peaked at {peak >> 20} MB"


def _read(data: bytes, fmt: str) -> Track | None:
    try:
        text = decode(data, f"fuzz.{fmt}").text
        return get_format(fmt).read(text, f"fuzz.{fmt}", lenient=True).track
    except SubsError:
        return None  # one clear error: the promise kept


def _key(track: Track) -> list[tuple[int, int, str]]:
    return [(c.start_ms, c.end_ms, c.text) for c in track.cues]


FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(encoded(), st.sampled_from(sorted(FORMATS)))
def test_15_readers_raise_nothing_but_subs_error(data: bytes, fmt: str) -> None:
    bounded(lambda: _read(data, fmt))


@FUZZ
@given(encoded(), st.sampled_from(["srt", "vtt", "sbv"]))
def test_15_what_was_read_survives_a_write_and_a_read(data: bytes, fmt: str) -> None:
    track = bounded(lambda: _read(data, fmt))
    if track is None:
        return
    form = get_format(fmt)
    try:
        written = bounded(lambda: form.write(track))
    except SubsError:
        return  # a track the format cannot hold is refused in one line
    again = form.read(written, f"again.{fmt}", lenient=True).track
    assert _key(again) == _key(track)


@FUZZ
@given(encoded(), st.sampled_from(["ttml", "ass"]))
def test_15_pysubs2_writers_raise_nothing_but_subs_error(data: bytes, fmt: str) -> None:
    track = _read(data, "srt")
    if track is None:
        return
    try:
        written = bounded(lambda: get_format(fmt).write(track))
    except SubsError:
        return
    again = get_format(fmt).read(written, f"again.{fmt}", lenient=True).track  # readable
    for cue in again.cues:  # every cue read back is one written, to ASS's centisecond
        assert any(abs(cue.start_ms - c.start_ms) <= 10 and abs(cue.end_ms - c.end_ms) <= 10
                   for c in track.cues), cue
