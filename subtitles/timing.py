"""Timestamp maths in integer milliseconds: formatting for each format, and frame helpers."""
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
