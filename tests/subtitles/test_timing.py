"""Timing maths as properties: every formatter round-trips through the one clock reader."""
from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from subtitles.timing import (ClockRange, clock_ms, format_clock, format_sbv, format_srt,
                              format_vtt, split_ms)

_STAMP = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})")


def parse_clock(stamp: str) -> int:
    """What a reader does with a timestamp: match its shape, then the one clock_ms."""
    m = _STAMP.fullmatch(stamp)
    if m is None:
        raise ValueError(f"not a timestamp: {stamp!r}")
    return clock_ms(*m.groups())

MS = st.integers(0, 1000 * 3_600_000)


@given(MS)
def test_split_and_join_are_inverse(ms: int) -> None:
    h, m, s, f = split_ms(ms)
    assert 0 <= m < 60 and 0 <= s < 60 and 0 <= f < 1000
    assert clock_ms(str(h), str(m), str(s), f"{f:03d}") == ms


@given(MS, st.sampled_from([format_srt, format_vtt, format_sbv]))
def test_every_formatter_parses_back(ms: int, fmt: object) -> None:
    assert parse_clock(fmt(ms)) == ms  # type: ignore[operator]


@given(MS, MS, st.sampled_from([format_srt, format_vtt, format_sbv]))
@example(359_999_999, 360_000_000, format_srt)  # 99:59:59,999 before 100:00:00,000
@example(360_000_000, 359_999_999, format_vtt)
@example(35_999_999, 36_000_000, format_sbv)  # 9:59:59.999 before 10:00:00.000
def test_formatted_times_sort_like_the_times(a: int, b: int, fmt: object) -> None:
    """Every field is zero-padded to a fixed width except the hours, which grow a digit rather
    than wrap: stamps of one width sort as strings, a shorter one always comes first."""
    sa, sb = fmt(a), fmt(b)  # type: ignore[operator]
    assert ((len(sa), sa) < (len(sb), sb)) == (a < b)
    assert (sa == sb) == (a == b)


@given(st.integers(0, 100 * 3_600_000 - 1), st.integers(0, 100 * 3_600_000 - 1),
       st.sampled_from([format_srt, format_vtt]))
def test_srt_and_vtt_stamps_under_100_hours_sort_as_plain_strings(a: int, b: int,
                                                                   fmt: object) -> None:
    sa, sb = fmt(a), fmt(b)  # type: ignore[operator]
    assert len(sa) == len(sb) == 12
    assert (sa < sb) == (a < b)


def test_hours_past_99_grow_a_digit() -> None:
    assert format_srt(100 * 3_600_000 + 1) == "100:00:00,001"
    assert format_vtt(359_999_999) == "99:59:59.999"
    assert parse_clock("100:00:00,001") == 360_000_001


@given(st.integers(-10**9, -1))
def test_negative_times_clamp_to_zero(ms: int) -> None:
    assert format_srt(ms) == "00:00:00,000"


def test_fractions_are_fractions_of_a_second() -> None:
    assert [clock_ms(None, "0", "0", d) for d in ("5", "05", "005", "50", "500")] == [
        500, 50, 5, 500, 500]


@pytest.mark.parametrize("minutes, seconds", [("60", "0"), ("0", "60"), ("99", "99")])
def test_17_one_reader_refuses_minutes_or_seconds_over_59(minutes: str, seconds: str) -> None:
    with pytest.raises(ClockRange):
        clock_ms("0", minutes, seconds, "0")


def test_17_hours_always_shown_when_asked() -> None:
    assert format_clock(123_000, hours=True) == "0:02:03"
    assert format_clock(3_723_999.9, hours=True) == "1:02:03"


def test_examples() -> None:
    assert format_srt(3_723_456) == "01:02:03,456"
    assert format_vtt(3_723_456) == "01:02:03.456"
    assert format_sbv(3_723_456) == "1:02:03.456"
    assert format_clock(123_000) == "2:03" and format_clock(3_723_000) == "1:02:03"
    assert parse_clock("02:03.4") == 123_400


@pytest.mark.parametrize("bad", ["00:00:0x,000", "00:61:00,000", "1:2:3", "", "00:00:01,0000"])
def test_parse_clock_refuses(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_clock(bad)
