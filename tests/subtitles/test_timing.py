"""Timing maths as properties: every formatter round-trips through parse_clock and join_ms."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subtitles.timing import (format_clock, format_sbv, format_srt, format_vtt, fraction_ms,
                              frames_to_ms, join_ms, parse_clock, split_ms)

MS = st.integers(0, 1000 * 3_600_000)


@given(MS)
def test_split_and_join_are_inverse(ms: int) -> None:
    h, m, s, f = split_ms(ms)
    assert 0 <= m < 60 and 0 <= s < 60 and 0 <= f < 1000
    assert join_ms(h, m, s, f) == ms


@given(MS, st.sampled_from([format_srt, format_vtt, format_sbv]))
def test_every_formatter_parses_back(ms: int, fmt: object) -> None:
    assert parse_clock(fmt(ms)) == ms  # type: ignore[operator]


@given(MS, MS)
def test_formatting_keeps_order(a: int, b: int) -> None:
    if a < b:
        assert parse_clock(format_srt(a)) < parse_clock(format_srt(b))


@given(st.integers(-10**9, -1))
def test_negative_times_clamp_to_zero(ms: int) -> None:
    assert format_srt(ms) == "00:00:00,000"


@given(st.integers(0, 10**6), st.sampled_from([23.976, 24.0, 25.0, 29.97, 30.0]))
def test_frames_to_ms_is_monotonic_and_close(frames: int, fps: float) -> None:
    ms = frames_to_ms(frames, fps)
    assert abs(ms - frames * 1000 / fps) <= 0.5
    assert frames_to_ms(frames + 1, fps) >= ms


def test_fractions_are_fractions_of_a_second() -> None:
    assert [fraction_ms(d) for d in ("5", "05", "005", "50", "500")] == [500, 50, 5, 500, 500]


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
