"""Timestamps in integer milliseconds: the one clock reader, and a writer for each format.

Every reader (SRT, WebVTT, SBV) matches its own timing-line shape, then hands the fields to
``clock_ms``, which holds the rules they share: a fraction of one or two digits is tenths or
hundredths of a second, and minutes or seconds over 59 are refused. Every displayed time
(reports, progress, search hits) comes from the formatters here.
"""
from __future__ import annotations


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
    """``01:02:03.456``; WebVTT allows dropping the hours but every player reads them.

    Also the timecode of library search hits and exports."""
    h, m, s, f = split_ms(ms)
    return f"{h:02d}:{m:02d}:{s:02d}.{f:03d}"


def format_sbv(ms: int) -> str:
    """``1:02:03.456``, YouTube's SubViewer flavour (hours without padding)."""
    h, m, s, f = split_ms(ms)
    return f"{h:d}:{m:02d}:{s:02d}.{f:03d}"


def format_clock(ms: float, *, hours: bool = False) -> str:
    """``1:02:03`` or ``2:03`` for progress displays and reports; ``0:02:03`` with ``hours``."""
    h, m, s, _ = split_ms(int(ms))
    return f"{h:d}:{m:02d}:{s:02d}" if h or hours else f"{m:d}:{s:02d}"


class ClockRange(ValueError):
    """Minutes or seconds over 59: the reader reports it with the line and its own hint."""


def clock_ms(hours: str | None, minutes: str, seconds: str, fraction: str) -> int:
    """The fields of a timestamp as read -> ms.

    The fraction is a fraction of a second: ``5`` is 500 ms, ``05`` 50, ``005`` 5. Files written
    with one or two digits (``00:00:01,5``) mean tenths and hundredths; reading ``,5`` as 5 ms
    (pysrt's choice) shifts cues. Raises ``ClockRange`` when minutes or seconds are over 59.
    """
    m, s = int(minutes), int(seconds)
    if m > 59 or s > 59:
        raise ClockRange("minutes or seconds over 59")
    return ((int(hours or 0) * 60 + m) * 60 + s) * 1000 + int(fraction.ljust(3, "0")[:3])
