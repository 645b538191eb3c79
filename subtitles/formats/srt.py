"""SubRip (.srt): a line scanner of our own, because pysrt lets broken files through.

pysrt 1.1.2 reads ``00:00:0x,000`` as 0, accepts an end before its start and merges cues that
have no blank line between them (three cues become one). This scanner walks the lines once with
precompiled regexes, keeps what real files get wrong but mean clearly (each reported as a
warning), and refuses what it cannot read without guessing (each reported as an error with its
1-based line). pysrt is not used at all: writing SRT is one f-string per cue.

A new cue starts at a timing line (anything holding ``-->``, or two timestamps with spaces or
an arrow-like separator between them); a line of digits right before a timing line is that
cue's number. So a timing line with a typo (``->`` is read with a warning, ``-`` refused) still
opens its cue: the number above it and the text below are not reported as stray, and later
numbers do not cascade. A cue's text ending in a bare number followed directly by the next
timing line, with no blank line, loses that number to the next cue: rare, and the missing blank
line is reported.
"""
from __future__ import annotations

import re

from subtitles.formats import Parsed
from subtitles.formats._report import Diagnostics, unify_line_ends
from subtitles.model import Cue, Track
from subtitles.timing import format_srt

_STAMP = r"(\d+):(\d{1,2}):(\d{1,2})([,.])(\d{1,3})"
_TIMING = re.compile(_STAMP + r"([ \t]+|[ \t]*[-\u2013\u2014=>]+[ \t]*)" + _STAMP + r"(.*)")
_ARROW_TYPO = re.compile(r"[-\u2013\u2014=]+>")  # '->', '--->', '=>', a long dash: meant as '-->'
_POSITION = re.compile(r"\s*X1:", re.IGNORECASE)
_CLOCKISH = re.compile(r"\d+:\d+:\d+")
# Only what SRT players honour counts as a tag; 'a < b & c -> d' holds none (audit #4).
_TAG = re.compile(r"</?(?:([ibu])|(font)(?:\s[^<>]*)?)>", re.IGNORECASE)
_ASS_TAG = re.compile(r"\{\\[^}]*\}")
_TIMING_HINT = "expected HH:MM:SS,mmm --> HH:MM:SS,mmm"


def _timing(line: str, lineno: int, rep: Diagnostics) -> tuple[int, int] | None:
    """A timing line -> (start, end) ms, reporting tolerated quirks; None if unreadable."""
    m = _TIMING.match(line)
    if m is None:
        rep.error(lineno, f"unparseable timing line {line!r}", _TIMING_HINT, "bad-timing",
                  lenient_message=f"cue skipped: unparseable timing line {line!r}")
        return None
    h1, m1, s1, sep1, f1, arrow, h2, m2, s2, sep2, f2, rest = m.groups()
    arrow = arrow.strip()
    if arrow != "-->":
        if not _ARROW_TYPO.fullmatch(arrow):
            rep.error(lineno, f"timing line without '-->': {line!r}", "fix it or pass --lenient",
                      "bad-timing",
                      lenient_message=f"cue skipped: timing line without '-->': {line!r}")
            return None
        rep.warn(lineno, f"{arrow!r} read as '-->'", "SRT uses '-->'", "arrow")
    times = rep.times((h1, m1, s1, f1, h2, m2, s2, f2), lineno, line, _TIMING_HINT)
    if times is None:
        return None
    if sep1 == "." or sep2 == ".":
        rep.warn(lineno, "'.' used as millisecond separator", "SRT uses ','", "ms-dot")
    if len(f1) < 3 or len(f2) < 3:
        rep.warn(lineno, "fewer than 3 millisecond digits; read as a fraction of a second",
                 "',5' is 500 ms", "ms-digits")
    if rest.strip():
        if _POSITION.match(rest):
            rep.warn(lineno, "position coordinates after the end time ignored", None, "position")
        else:
            rep.warn(lineno, f"text after the end time ignored: {rest.strip()!r}", None,
                     "timing-trailing")
    return times


def _is_timing(line: str) -> bool:
    return "-->" in line or _TIMING.match(line.strip()) is not None


def _normalise(text: str, rep: Diagnostics) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
        rep.warn(1, "UTF-8 byte order mark found", "output is written without BOM", "bom")
    text = unify_line_ends(text, rep)
    if text.strip() and not text.endswith("\n"):
        rep.warn(text.count("\n") + 1, "no newline at end of file", None, "no-final-newline")
    return text


def read(text: str, path: str = "<text>", *, lenient: bool = False) -> Parsed:
    """SRT text -> Parsed track; ParseError lists every error unless ``lenient``."""
    rep = Diagnostics(path, lenient=lenient)
    lines = _normalise(text, rep).split("\n")
    n_lines = len(lines)
    cues: list[Cue] = []
    cur: list[str] | None = None  # text lines of the open cue
    cur_times: tuple[int, int] | None = None
    cur_line = 0
    in_text = False  # True from a timing line to the next blank line
    blanks = 0  # blank lines since the last non-blank one
    number: int | None = None  # the number line just before a timing line
    expected = 1
    tags: set[str] = set()
    tag_line = 0
    stray: list[int] = []
    gap = 0

    for i in range(n_lines):
        line = lines[i].strip()
        if not line:
            blanks += 1
            in_text = False
            continue
        if not _is_timing(line):
            if line.isdecimal() and i + 1 < n_lines and _is_timing(lines[i + 1]):
                number = int(line)
                gap = blanks
                blanks = 0
                continue
            if in_text and cur is not None:
                cur.append(line)
                if "<" in line or "{\\" in line:
                    found = [f"<{(t or f).lower()}>" for t, f in _TAG.findall(line)]
                    found += _ASS_TAG.findall(line)
                    if found and not tag_line:
                        tag_line = i + 1
                    tags.update(found)
            elif cur is not None and rep.lenient and not _CLOCKISH.match(line) \
                    and not line.isdecimal():
                cur.append(line)
                rep.warn(i + 1, "text after a blank line joined to the cue above", None,
                         "stray-text")
            else:
                stray.append(i + 1)
            blanks = 0
            continue
        # a timing line: close the open cue, check what lies between it and this one
        if cur is not None and cur_times is not None:
            cues.append(Cue(cur_times[0], cur_times[1], "\n".join(cur), line=cur_line))
        if number is None:
            gap = blanks
        expected = _check_start(i, number, expected, gap, cur is not None, rep)
        number = None
        blanks = 0
        times = _timing(line, i + 1, rep)
        cur_times = rep.in_order(times[0], times[1], i + 1, format_srt) if times else None
        cur, cur_line, in_text = [], i + 1, True
    if cur is not None and cur_times is not None:
        cues.append(Cue(cur_times[0], cur_times[1], "\n".join(cur), line=cur_line))
    # A cue with no text is kept and left to the readability check, which calls it an error:
    # reporting it here too printed it twice in ``subs check`` (audit #3).
    _report_leftovers(cues, stray, lines, tags, tag_line, cur is not None, rep)
    return rep.finish(cues)


def _check_start(i: int, number: int | None, expected: int, gap: int, after_cue: bool,
                 rep: Diagnostics) -> int:
    """Diagnostics the cue number and blank lines before the timing line at index ``i``.

    ``gap`` counts the blank lines before the cue's first line (its number, else its timing
    line). Returns the number the next cue should have.
    """
    if number is None:
        rep.warn(i + 1, "cue has no number", None, "number-missing")
    elif number != expected:
        rep.warn(i, f"cue number {number}, expected {expected}", None, "number-wrong")
    start_line = i if number is not None else i + 1
    if after_cue:
        if gap == 0:
            rep.warn(start_line, "no blank line before this cue", None, "no-blank")
        elif gap > 1:
            rep.warn(start_line - gap + 1, f"{gap - 1} extra blank line(s)", None,
                     "extra-blank")
    elif gap:
        rep.warn(1, f"{gap} blank line(s) at the start of the file", None, "extra-blank")
    return (number if number is not None else expected) + 1


def _report_leftovers(cues: list[Cue], stray: list[int], lines: list[str], tags: set[str],
                      tag_line: int, timed: bool, rep: Diagnostics) -> None:
    """Tags, stray lines and a file without cues; ``timed`` when any timing line was seen.

    A file whose every timing line was refused already has an error (or, lenient, a warning)
    per cue, so "no cues" would only repeat it (audit #2).
    """
    if tags:
        names = ", ".join(sorted(tags))
        rep.warn(tag_line, f"formatting tags kept in the text: {names}", None, "tags")
    if not cues and stray and not timed:
        rep.error(stray[0], "no subtitle cues found (is this an SRT file?)",
                  _TIMING_HINT, "no-cues")
        return
    if not cues and not timed:
        rep.no_cues()
        return
    for lineno in stray:
        text = lines[lineno - 1].strip()
        what = ("timing line without '-->'" if _CLOCKISH.match(text)
                else "text outside any cue (a missing timing line?)")
        rep.error(lineno, f"{what}: {text!r}", "fix it or pass --lenient", "stray-text",
                  lenient_message=f"{what} dropped: {text!r}")


def write(track: Track) -> str:
    """Track -> SRT, numbered from 1. Blank lines inside a text would end the cue: dropped."""
    blocks = []
    for n, cue in enumerate(track.cues, 1):
        text = cue.text
        if "\n\n" in text or text != text.strip():
            text = "\n".join(part for part in text.split("\n") if part.strip())
        timing = f"{format_srt(cue.start_ms)} --> {format_srt(cue.end_ms)}"
        blocks.append(f"{n}\n{timing}\n{text}\n" if text else f"{n}\n{timing}\n")
    return "\n".join(blocks)
