"""Readability checks: can a viewer read every cue in the time it is shown?

Each violation becomes a ``Problem`` pointing at the cue's line in its file, with a short
``code`` machines can filter on. Severities (docs/readability.md explains them):

- error: the file is broken for a viewer whatever the profile: two cues on screen at once
  (``overlap``), a cue with no text (``empty``).
- warning: the cue breaks the profile's limits and a viewer will struggle: ``cpl`` (a line too
  long), ``lines`` (too many lines), ``cps`` (too fast to read), ``min-duration``,
  ``max-duration``, ``gap`` (cues closer than the minimum gap: the eye misses the change),
  ``order`` (a cue starts before the one above it in the file), ``balance`` (two lines far
  more uneven than they need to be), ``tags`` (an ``<i>``, ``<b>`` or ``<u>`` nested in itself,
  closed without opening or never closed: players and ASS conversion then style part of the cue
  wrongly; issue 13), ``control`` (a control character or terminal escape in the text:
  invisible or garbage on screen; WebVTT forbids U+0000).

Characters per second count what a viewer reads: tags removed, line breaks not counted, spaces
and punctuation counted (as the Netflix and BBC guides do). The check is one pass over the
cues and allocates only for violations (100,000 cues: see docs/readability.md for the time).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from subtitles.errors import Problem
from subtitles.linebreak import break_cost, break_lines, is_dialogue
from subtitles.markup import chars_per_second, visible_chars, visible_length, visible_text
from subtitles.model import Cue, Track
from subtitles.profiles import Limits, Profile

CODES = ("cpl", "lines", "cps", "min-duration", "max-duration", "gap", "overlap", "empty",
         "order", "balance", "tags", "control")
_HINT_FIX = "subs fix"
UNBALANCED_MARGIN = 15  # characters of imbalance, after sense bonuses and penalties


def cps(cue: Cue) -> float:
    """Characters per second of a cue; a cue of no duration reads infinitely fast."""
    return chars_per_second(cue.text, cue.duration_ms)


@dataclass(frozen=True)
class Summary:
    """One file's verdict: the numbers ``subs check`` prints after the problems."""

    cues: int
    errors: int
    warnings: int
    clean: int

    @property
    def clean_percent(self) -> float:
        return 100.0 * self.clean / self.cues if self.cues else 100.0

    def as_dict(self) -> dict[str, object]:
        return {"cues": self.cues, "errors": self.errors, "warnings": self.warnings,
                "within_profile_percent": round(self.clean_percent, 1)}


def _seconds(ms: int) -> str:
    return f"{ms / 1000:.1f} s".replace(".0 s", " s")


def _limit(value: float) -> str:
    return f"{value:g}"


def is_unbalanced(lines: list[str], max_chars: int, language: str | None = None) -> bool:
    """Two lines far more uneven than they need to be: a re-break scores at least
    ``UNBALANCED_MARGIN`` better on break_lines' own scale, so a break at a comma or full stop
    that costs a little balance is left alone. Cheap test first; break_lines only for suspects.
    """
    if len(lines) != 2:
        return False
    a, b = visible_length(lines[0]), visible_length(lines[1])
    if abs(a - b) < 12 or 2 * min(a, b) > max(a, b) or is_dialogue(lines):
        return False  # two speakers: one line each, however uneven
    better = break_lines("\n".join(lines), max_chars, 2, language).split("\n")
    if len(better) != 2:
        return False  # it fits on one line: two uneven lines there are a choice, not a fault
    return (break_cost(lines, max_chars, language)
            - break_cost(better, max_chars, language)) >= UNBALANCED_MARGIN


def _text_problems(cue: Cue, limits: Limits, where: str, language: str | None
                   ) -> Iterable[Problem]:
    lines = cue.lines
    if len(lines) > limits.max_lines:
        yield Problem(where, cue.line, "warning",
                      f"{len(lines)} lines; limit {limits.max_lines}",
                      f"split the cue or shorten it; {_HINT_FIX} splits it", "lines")
    for number, line in enumerate(lines, 1):
        width = visible_length(line.strip())  # trailing spaces take no room on screen
        if width > limits.max_chars_per_line:
            hint = ("shorten it; each speaker keeps a line of their own" if is_dialogue(lines)
                    else f"break it differently or shorten it; {_HINT_FIX} rebalances lines")
            yield Problem(where, cue.line, "warning",
                          f"line {number} has {width} characters; limit "
                          f"{limits.max_chars_per_line}", hint, "cpl")
    if is_unbalanced(lines, limits.max_chars_per_line, language):
        widths = " and ".join(str(visible_length(x)) for x in lines)
        yield Problem(where, cue.line, "warning",
                      f"unbalanced line break ({widths} characters)",
                      f"{_HINT_FIX} rebalances lines", "balance")


# C0 controls but tab and line ends, DEL and the C1 block: invisible on screen, and an ESC
# starts a terminal escape sequence that can rewrite what a person sees in a console (#15).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _control_problems(cue: Cue, where: str) -> Iterable[Problem]:
    found = _CONTROL.search(cue.text)
    if found is None:
        return
    char = found[0]
    if char == "\x1b":
        what = "a terminal escape sequence (ESC, U+001B)"
    elif char == "\x00":
        what = "a NUL character (U+0000), which WebVTT forbids"
    else:
        what = f"a control character (U+{ord(char):04X})"
    yield Problem(where, cue.line, "warning", f"cue text holds {what}",
                  "delete it: players show nothing or garbage there", "control")


def _time_problems(cue: Cue, chars: int, limits: Limits, where: str) -> Iterable[Problem]:
    duration = cue.duration_ms
    if duration < limits.min_duration_ms:
        yield Problem(where, cue.line, "warning",
                      f"shown for {duration} ms; minimum {limits.min_duration_ms} ms",
                      f"extend it into free time or merge it; {_HINT_FIX} does both",
                      "min-duration")
    elif duration > limits.max_duration_ms:
        yield Problem(where, cue.line, "warning",
                      f"shown for {_seconds(duration)}; maximum "
                      f"{_seconds(limits.max_duration_ms)}",
                      f"split it; {_HINT_FIX} splits it at a sentence or clause", "max-duration")
    if duration > 0 and chars * 1000 > limits.max_cps * duration:
        speed = f"{chars * 1000 / duration:.1f}"
        if float(speed) <= limits.max_cps:  # 17.04 must not read "17.0; limit 17"
            speed = f"{chars * 1000 / duration:.2f}"
        yield Problem(where, cue.line, "warning",
                      f"{speed} characters per second; limit "
                      f"{_limit(limits.max_cps)}",
                      "shorten the text or show it longer; "
                      f"{_HINT_FIX} extends it into free time", "cps")


def _tag_problems(cue: Cue, where: str) -> Iterable[Problem]:
    from subtitles.styletags import style_tag_faults

    for fault in dict.fromkeys(style_tag_faults(cue.text)):
        yield Problem(where, cue.line, "warning", f"style tags: {fault}",
                      "one <i>...</i> per line, never one inside another", "tags")


def check_track(track: Track, profile: Profile, *, path: str | None = None,
                language: str | None = None) -> list[Problem]:
    """Every readability violation of ``track`` under ``profile``, in file order.

    ``language`` (else the track's) picks the profile's limits for that language.
    """
    where = path or track.path or "<track>"
    lang = language or track.language
    limits = profile.for_language(lang)
    problems: list[Problem] = []
    add = problems.extend
    latest: Cue | None = None  # the cue that ends last so far: what the next one may overlap
    previous: Cue | None = None
    max_chars = limits.max_chars_per_line
    for cue in track.cues:
        text = cue.text
        chars = visible_chars(text)
        add(_control_problems(cue, where))
        if not text.strip() or ("<" in text or "{" in text) and not visible_text(text).strip():
            problems.append(Problem(where, cue.line, "error", "cue has no text",
                                    "delete the cue or add its text", "empty"))
        else:
            if "\n" in text or len(text) > max_chars:
                add(_text_problems(cue, limits, where, lang))
            add(_time_problems(cue, chars, limits, where))
            if "<" in text:
                add(_tag_problems(cue, where))
        if previous is not None and cue.start_ms < previous.start_ms:
            problems.append(Problem(
                where, cue.line, "warning",
                f"starts before the cue above it (line {previous.line})"
                if previous.line is not None else "starts before the cue above it",
                f"sort the cues by time; {_HINT_FIX} sorts them", "order"))
        elif latest is not None:
            add(_neighbour_problems(latest, cue, limits, where))
        if latest is None or cue.end_ms > latest.end_ms:
            latest = cue
        previous = cue
    return problems


def _neighbour_problems(before: Cue, cue: Cue, limits: Limits, where: str
                        ) -> Iterable[Problem]:
    gap = cue.start_ms - before.end_ms
    ref = f" (line {before.line})" if before.line is not None else ""
    if gap < 0:
        yield Problem(where, cue.line, "error",
                      f"overlaps the cue before it{ref} by {-gap} ms",
                      f"end the earlier cue sooner; {_HINT_FIX} trims overlaps", "overlap")
    elif gap < limits.min_gap_ms:
        yield Problem(where, cue.line, "warning",
                      f"starts {gap} ms after the cue before it{ref}; minimum gap "
                      f"{limits.min_gap_ms} ms",
                      f"{_HINT_FIX} makes room", "gap")


def summarize(track: Track, problems: Iterable[Problem]) -> Summary:
    """Counts for one file. A cue is within profile when no readability problem names its line.

    Cues made in memory have no line; problems without a line are then spread over them, one
    cue each, which is exact when each such cue has at most one problem and an upper bound on
    the damage otherwise.
    """
    errors = warnings = 0
    flagged_lines: set[int] = set()
    unlined = 0
    for problem in problems:
        if problem.severity == "error":
            errors += 1
        elif problem.severity == "warning":
            warnings += 1
        if problem.code in CODES:
            if problem.line is None:
                unlined += 1
            else:
                flagged_lines.add(problem.line)
    lineless = 0
    clean = 0
    for cue in track.cues:
        if cue.line is None:
            lineless += 1
        elif cue.line not in flagged_lines:
            clean += 1
    clean += max(0, lineless - unlined)
    return Summary(len(track.cues), errors, warnings, clean)


def format_summary(name: str, summary: Summary) -> str:
    """``film.srt: 120 cues, 2 errors, 5 warnings, 94.2% within profile``."""
    def plural(count: int, word: str) -> str:
        return f"{count} {word}" + ("" if count == 1 else "s")

    return (f"{name}: {plural(summary.cues, 'cue')}, {plural(summary.errors, 'error')}, "
            f"{plural(summary.warnings, 'warning')}, {summary.clean_percent:.1f}% within profile")
