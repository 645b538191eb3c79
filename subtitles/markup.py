"""What a viewer sees of a cue's text: the one rule for tags and invisible characters.

A tag is something shaped like one: ``<`` then a letter (``<i>``, ``</font>``,
``<font color="red">``) up to the next ``>``, or an ASS override block (``{\\an8}``). A ``<``
followed by anything else is text, so ``3 < 4 and 5 > 2`` stays whole (a ``<[^>]*>`` pattern
deleted it, #17). Zero-width and bidi control characters (RTL exports add U+200F) take no room
either. Line breaking, readability checks, cue alignment, platform output and the reading speed
that ``subs translate`` warns about all count with these functions, so they agree.

Which tags survive MT is a different question, answered by ``translate/markup.py``.
"""
from __future__ import annotations

import re

TAG = re.compile(r"</?[A-Za-z][^<>]*>|\{\\[^{}]*\}")
INVISIBLE = re.compile(r"</?[A-Za-z][^<>]*>|\{\\[^{}]*\}"
                        r"|[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def visible_text(text: str) -> str:
    """What a viewer reads: tags removed, line breaks kept."""
    if "<" in text or "{" in text:
        return TAG.sub("", text)
    return text


def visible_length(text: str) -> int:
    """Characters a viewer sees on a line: tags (``<i>``, ``{\\an8}``) and zero-width or bidi
    control characters (``U+200F``) do not count."""
    if text.isascii() and "<" not in text and "{" not in text:
        return len(text)
    return len(INVISIBLE.sub("", text))


def visible_chars(text: str) -> int:
    """Characters counted for reading speed: visible text without line breaks."""
    return visible_length(text) - text.count("\n")


def chars_per_second(text: str, duration_ms: int) -> float:
    """Reading speed of ``text`` shown for ``duration_ms``; no duration reads infinitely fast."""
    chars = visible_chars(text)
    if duration_ms <= 0:
        return float("inf") if chars else 0.0
    return chars * 1000.0 / duration_ms
