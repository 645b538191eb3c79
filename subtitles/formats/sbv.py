"""YouTube SubViewer (.sbv), read and written by hand: pysubs2 does not know it.

A cue is a timing line ``0:00:01.000,0:00:03.500`` followed by its text lines; a blank line
ends it. There is no escaping and no markup, so a text line that itself looks like a timing
line would start a new cue on reading. The writer puts a zero-width space (U+200B) before such a
line and the reader takes exactly one away again, so write-then-read round trips hold; YouTube
shows the line unchanged (the space is invisible) and never takes it for a timing line.
"""
from __future__ import annotations

import re

from subtitles.formats import Parsed
from subtitles.formats._report import Diagnostics, unify_line_ends
from subtitles.model import Cue, Track
from subtitles.timing import format_sbv

_STAMP = r"(\d+):(\d{1,2}):(\d{1,2})[.,](\d{1,3})"
_TIMING = re.compile(_STAMP + r"\s*,\s*" + _STAMP)
_LOOSE = re.compile(r"\d+:\d+:\d+")
_HINT = "expected H:MM:SS.mmm,H:MM:SS.mmm"
_ZWSP = "\u200b"


def _looks_timed(line: str) -> bool:
    """A text line that would read as a timing line once its zero-width spaces are gone."""
    return _TIMING.fullmatch(line.lstrip(_ZWSP)) is not None


def _unescape(line: str) -> str:
    return line[1:] if line.startswith(_ZWSP) and _looks_timed(line) else line


def read(text: str, path: str = "<text>", *, lenient: bool = False) -> Parsed:
    """SBV text -> Parsed track; ParseError lists every error unless ``lenient``."""
    rep = Diagnostics(path, lenient=lenient)
    if text.startswith("\ufeff"):
        text = text[1:]
    text = unify_line_ends(text, rep)
    lines = text.split("\n")
    cues: list[Cue] = []
    blocks = 0
    i, n = 0, len(lines)
    while i < n:
        if not lines[i].strip():
            i += 1
            continue
        start, blocks = i, blocks + 1
        i += 1
        while i < n and lines[i].strip():
            if _TIMING.fullmatch(lines[i].strip()):
                rep.warn(i + 1, "no blank line before this cue", None, "no-blank")
                break
            i += 1
        body = [_unescape(t.strip()) for t in lines[start + 1:i]]
        cue = _cue(lines[start].strip(), body, start + 1, rep)
        if cue is not None:
            cues.append(cue)
    if not blocks:  # every block is a cue or an error, so only an empty file lacks both
        rep.no_cues()
    return rep.finish(cues)


def _cue(timing: str, text_lines: list[str], lineno: int, rep: Diagnostics) -> Cue | None:
    m = _TIMING.fullmatch(timing)
    if m is None:
        what = "unparseable timing line" if _LOOSE.match(timing) else "text without a timing line"
        rep.error(lineno, f"{what} {timing!r}", _HINT, "bad-timing",
                  lenient_message=f"cue skipped: {what} {timing!r}")
        return None
    times = rep.times(m.groups(), lineno, timing, _HINT)
    if times is None:
        return None
    start, end = rep.in_order(*times, lineno, format_sbv, between=",")
    return Cue(start, end, "\n".join(text_lines), line=lineno)


def write(track: Track) -> str:
    """Track -> SBV; blank lines inside a text would end the cue, so they are dropped.

    A text line that looks like a timing line gets a zero-width space in front (see above).
    """
    blocks = []
    for cue in track.cues:
        text = "\n".join(_ZWSP + part.strip() if _looks_timed(part.strip()) else part
                         for part in cue.text.split("\n") if part.strip())
        timing = f"{format_sbv(cue.start_ms)},{format_sbv(cue.end_ms)}"
        blocks.append(f"{timing}\n{text}\n" if text else f"{timing}\n")
    return "\n".join(blocks)
