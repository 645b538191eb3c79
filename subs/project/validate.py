"""Is a translation fit to go in? Timing against the source, text, profile, glossary.

Errors (the file cannot be taken cue by cue): a different cue count, each merged, split or
shifted cue (times must stay within ``tolerance_ms`` of the source, since the source's timing is
the film's). Warnings (a person should look): untranslated cues (identical to the source), empty
cues, glossary placeholders left by a failed machine run (``XNE0X``), readability and glossary
findings, and a file that was not UTF-8.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

from subtitles.align import normalize_text
from subtitles.errors import Problem
from subtitles.model import Cue, Track
from subtitles.timing import format_srt

if TYPE_CHECKING:
    from subs.project.folder import Project

TOLERANCE_MS = 250
# glossary.protect's placeholders: a stem (XNE, XQZ, ...), a number, a closing X
_LOCK_TOKEN = re.compile(r"\bX(?:NE|[QZKVJW]{2})\s*\d+\s*X\b", re.IGNORECASE)


def _overlap(a: Cue, b: Cue) -> int:
    return min(a.end_ms, b.end_ms) - max(a.start_ms, b.start_ms)


def timing_problems(source: Sequence[Cue], cues: Sequence[Cue], path: str,
                    tolerance_ms: int = TOLERANCE_MS) -> list[Problem]:
    """Each cue whose timing does not follow the source, with its ``file:line``."""
    problems: list[Problem] = []
    if len(cues) != len(source):
        problems.append(Problem(path, None, "error",
                                f"{len(cues)} cues, the source has {len(source)}",
                                "keep one cue per source cue, with the source's times", "count"))
        for k, cue in enumerate(cues):
            over = [i for i, s in enumerate(source) if _overlap(cue, s) > 0.3 * s.duration_ms]
            if len(over) > 1:
                problems.append(Problem(path, cue.line, "error",
                                        f"cue {k + 1} merges source cues {over[0] + 1}-{over[-1] + 1}",
                                        "split it back along the source cues", "merged"))
        for i, src in enumerate(source):
            parts = [k for k, c in enumerate(cues) if _overlap(c, src) > 0.3 * c.duration_ms]
            if len(parts) > 1:
                problems.append(Problem(path, cues[parts[0]].line, "error",
                                        f"cues {parts[0] + 1}-{parts[-1] + 1} split source cue "
                                        f"{i + 1}", "join them into one cue", "split"))
        return problems
    for k, (src, cue) in enumerate(zip(source, cues)):
        shift = max(abs(cue.start_ms - src.start_ms), abs(cue.end_ms - src.end_ms))
        if shift > tolerance_ms:
            problems.append(Problem(
                path, cue.line, "error",
                f"cue {k + 1} is shifted: {format_srt(cue.start_ms)} --> {format_srt(cue.end_ms)}"
                f", source {format_srt(src.start_ms)} --> {format_srt(src.end_ms)}",
                "keep the source's times", "shifted"))
    return problems


def text_problems(source: Sequence[Cue], cues: Sequence[Cue], path: str) -> list[Problem]:
    problems: list[Problem] = []
    for k, (src, cue) in enumerate(zip(source, cues)):
        text = normalize_text(cue.text)
        if not text:
            continue  # readability reports empty cues
        if text == normalize_text(src.text) and any(ch.isalpha() for ch in text):
            problems.append(Problem(path, cue.line, "warning",
                                    f"cue {k + 1} is identical to the source (untranslated?)",
                                    None, "untranslated"))
        token = _LOCK_TOKEN.search(cue.text)
        if token:
            problems.append(Problem(path, cue.line, "error",
                                    f"cue {k + 1} holds a glossary placeholder {token.group(0)!r}",
                                    "put the name back by hand", "lock-token"))
    return problems


def validate_track(project: "Project", track: Track, path: str, language: str,
                   decode_problems: Sequence[Problem] = ()) -> list[Problem]:
    """Every finding about a translation of the project's source, errors first."""
    from subtitles.profiles import get_profile
    from subtitles.readability import check_track

    source = project.state.source()
    problems = [p for p in decode_problems if p.code != "empty-cue"]  # readability says it too
    problems += timing_problems(source, track.cues, path)
    problems += text_problems(source, track.cues, path)
    problems += check_track(track, get_profile(project.config.profile), path=path,
                            language=language)
    problems += glossary_problems(project, track, path, language)
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(problems, key=lambda p: (order[p.severity], p.line or 0))


def glossary_problems(project: "Project", track: Track, path: str,
                      language: str) -> list[Problem]:
    if not project.config.glossary:
        return []
    from glossary.check import check_compliance
    from glossary.load import load_glossary

    glossary = load_glossary(project.folder / project.config.glossary)
    source = Track(project.state.source(), project.config.source_language)
    return list(check_compliance(track, glossary, language=language, source=source, path=path))
