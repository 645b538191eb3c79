"""Timestamp maths in integer milliseconds: formatting for each format, and frame helpers."""
from __future__ import annotations

import re


def split_ms(ms: int) -> tuple[int, int, int, int]:
    """ms -> (hours, minutes, seconds, milliseconds); negative times are clamped to zero."""
    ms = max(0, int(ms))
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return hours, minutes, seconds, millis


def format_srt(ms: int) -> str:
    """``01:02:03,456`` (hours grow past two digits rather than wrap)."""
    h, m, s, f = split_ms(ms)
    return f"{h:02d}:{m:02d}:{s:02d},{f:03d}"


def format_vtt(ms: int) -> str:
    """``01:02:03.456``; WebVTT allows dropping the hours but every player reads them."""
    h, m, s, f = split_ms(ms)
    return f"{h:02d}:{m:02d}:{s:02d}.{f:03d}"


def format_sbv(ms: int) -> str:
    """``1:02:03.456``, YouTube's SubViewer flavour (hours without padding)."""
    h, m, s, f = split_ms(ms)
    return f"{h:d}:{m:02d}:{s:02d}.{f:03d}"


def format_clock(ms: int) -> str:
    """``1:02:03`` or ``2:03`` for progress displays and reports."""
    h, m, s, _ = split_ms(ms)
    return f"{h:d}:{m:02d}:{s:02d}" if h else f"{m:d}:{s:02d}"


def frames_to_ms(frames: int, fps: float = 24.0) -> int:
    return round(frames * 1000 / fps)


def join_ms(hours: int, minutes: int, seconds: int, millis: int) -> int:
    """(hours, minutes, seconds, milliseconds) -> ms; the inverse of ``split_ms``."""
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def fraction_ms(digits: str) -> int:
    """The digits after the decimal separator -> ms: ``5`` is 500, ``05`` is 50, ``005`` is 5.

    Files written with one or two fraction digits (``00:00:01,5``) mean tenths and hundredths
    of a second, not milliseconds; reading ``,5`` as 5 ms (pysrt's choice) shifts cues.
    """
    return int(digits.ljust(3, "0")[:3])


_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})")


def parse_clock(stamp: str) -> int:
    """``[h:]mm:ss.fff`` or ``,fff`` -> ms, strict; ValueError names what is wrong.

    Accepts what ``format_srt``, ``format_vtt`` and ``format_sbv`` write, so each of them
    round-trips through this one parser.
    """
    m = _CLOCK.fullmatch(stamp.strip())
    if m is None:
        raise ValueError(f"not a timestamp: {stamp!r}")
    hours = int(m.group(1) or 0)
    minutes, seconds = int(m.group(2)), int(m.group(3))
    if minutes > 59 or seconds > 59:
        raise ValueError(f"minutes or seconds over 59 in {stamp!r}")
    return join_ms(hours, minutes, seconds, fraction_ms(m.group(4)))
