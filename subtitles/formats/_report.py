"""Collects a reader's findings, then returns them or raises one ParseError listing them all.

Shared by the hand-written readers (SRT, WebVTT, SBV) and the pysubs2 adapters so every format
reports the same way: warnings ride along with the track; errors, unless ``lenient``, end in a
``ParseError`` whose ``problems`` hold every error first, then the warnings. A file with 100,000
renumbered cues would print 100,000 identical warnings, so each warning code is shown at most
``cap`` times, followed by one line counting the rest.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from subtitles.errors import ParseError, Problem
from subtitles.model import Cue, Track
from subtitles.timing import ClockRange, clock_ms

if TYPE_CHECKING:
    from subtitles.formats import Parsed


class Diagnostics:
    def __init__(self, path: str, *, lenient: bool = False, cap: int = 10) -> None:
        self.path = path
        self.lenient = lenient
        self.cap = cap
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self._counts: dict[str, int] = {}

    def warn(self, line: int | None, message: str, hint: str | None = None,
             code: str | None = None) -> None:
        key = code or message
        seen = self._counts.get(key, 0) + 1
        self._counts[key] = seen
        if seen <= self.cap:
            self.warnings.append(Problem(self.path, line, "warning", message, hint, code))

    def error(self, line: int | None, message: str, hint: str | None = None,
              code: str | None = None, *, lenient_message: str | None = None) -> None:
        """An error, or under ``lenient`` a warning saying how it was repaired or skipped."""
        if self.lenient:
            self.warn(line, lenient_message or message, None, code)
        else:
            self.errors.append(Problem(self.path, line, "error", message, hint, code))

    def times(self, fields: tuple[str | None, ...], line: int, timing: str,
              hint: str) -> tuple[int, int] | None:
        """A timing line's eight fields (hours, minutes, seconds, fraction; twice) -> ms.

        None, with the error reported, when minutes or seconds are over 59: one check and
        one message for every reader.
        """
        try:
            return clock_ms(*fields[:4]), clock_ms(*fields[4:])  # type: ignore[arg-type]
        except ClockRange:
            self.error(line, f"minutes or seconds over 59 in {timing!r}", hint, "bad-timing",
                       lenient_message=f"cue skipped: minutes or seconds over 59 in {timing!r}")
            return None

    def in_order(self, start: int, end: int, line: int | None, shown: Callable[[int], str],
                 between: str = " --> ") -> tuple[int, int]:
        """(start, end), swapped with an error (a warning under ``lenient``) if end is first.

        ``shown`` writes a time the way the file does, so the message quotes the file's format.
        """
        if end >= start:
            return start, end
        self.error(line, f"end is before start ({shown(start)}{between}{shown(end)})",
                   "fix the cue or pass --lenient", "end-before-start",
                   lenient_message="end is before start; start and end swapped (check this cue)")
        return end, start

    def no_cues(self) -> None:
        """The one warning for a file without cues, when no other finding explains it."""
        self.warn(None, "file has no cues", None, "no-cues")

    def finish(self, cues: list[Cue], language: str | None = None) -> "Parsed":
        from subtitles.formats import Parsed

        warnings = sorted(self.warnings, key=lambda p: p.line or 0)
        for key, seen in self._counts.items():
            if seen > self.cap:
                warnings.append(Problem(self.path, None, "warning",
                                        f"{seen - self.cap} more {key!r} warnings not shown",
                                        None, key))
        if self.errors:
            first = self.errors[0]
            raise ParseError(self.path, first.line, first.message, first.hint,
                             tuple(self.errors) + tuple(warnings))
        return Parsed(Track(tuple(cues), language), tuple(warnings))


def unify_line_ends(text: str, rep: Diagnostics) -> str:
    """CRLF (Windows) or CR (old Mac) line ends -> LF, with one warning at the first line that
    had them, naming which: "CRLF line ends" or "CR line ends", the same for every format."""
    if "\r" not in text:
        return text
    ends = "CRLF" if "\r\n" in text else "CR"
    rep.warn(text.count("\n", 0, text.index("\r")) + 1, f"{ends} line ends",
             "output uses LF unless --crlf", "crlf")
    return text.replace("\r\n", "\n").replace("\r", "\n")
