"""The QA findings of a pack, per language, read back from the files a person will open.

For each language the checked file is, in this order: its first SRT in the pack (vimeo, else
youtube, x, facebook), its web WebVTT, or its own file outside the pack (the project's
``languages/FILM.LANG.srt``, the work file ``.subs/LANG.srt``); with none of them the findings
carry cue numbers and no line (audit of issue 7: they named a ``.subs/yi.srt`` that did not
exist). Cues within profile are counted by cue, whatever the findings' lines.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING

from subtitles.errors import Problem
from subtitles.io import load_track
from subtitles.model import Track
from subtitles.platforms import strip_bidi

from subs.packing import qa as qa_mod

if TYPE_CHECKING:
    from glossary.model import Glossary
    from subtitles.fit import Fitted

    from subs.packing.pipeline import PackOptions
    from subs.packing.stages import Translation

_LINE_OF_CUE = re.compile(r"^line (\d+) has ")  # subtitles.readability's ``cpl`` message


def quality(opts: "PackOptions", tracks: dict[str, Track], src_lang: str,
            qa_files: dict[str, str], translations: dict[str, "Translation"],
            glossary: "Glossary | None", fitted: "dict[str, Fitted] | None" = None
            ) -> list[qa_mod.LanguageQA]:
    """Readability, glossary compliance (every language but the source, against the source
    cues, whatever made the track) and review marks, with ``PATH:LINE`` for each."""
    from subtitles.profiles import get_profile
    from subtitles.readability import CODES, check_track

    profile = get_profile(opts.profile)
    source = tracks[src_lang]
    reports = []
    for language, track in tracks.items():
        where, checked = checked_file(opts.out, track, qa_files.get(language))
        numbered = checked if where else checked.with_cues(
            c.replace(line=i + 1) for i, c in enumerate(checked.cues))  # cue numbers, to count
        problems = check_track(numbered, profile, path=where or "", language=language)
        flagged = flagged_cues(numbered, problems)
        gloss: tuple[Problem, ...] = ()
        if glossary is not None and language != src_lang:
            from glossary.check import check_compliance

            gloss = tuple(check_compliance(numbered, glossary, language=language,
                                           source=source, path=where or ""))
        translation = translations.get(language)
        # Reading-speed findings of the translation are already in ``problems`` above.
        review = (remap(tuple(p for p in translation.review if p.code not in CODES),
                        source, numbered, where or "") if translation else ())
        if where:
            problems = [text_line(p) for p in problems]
        else:
            problems = [without_file(p, numbered) for p in problems]
            gloss = tuple(without_file(p, numbered) for p in gloss)
            review = tuple(without_file(p, numbered) for p in review)
        fit = (fitted or {}).get(language)
        changes = fit_problems(fit, numbered, where) if fit else ()
        if not where:
            changes = tuple(without_file(p, numbered) for p in changes)
        from subs.packing.stages import machine_draft

        reports.append(qa_mod.LanguageQA(
            language, where, len(checked), flagged, language == src_lang,
            tuple(problems), gloss, review,
            translation.engine if translation else None,
            translation.stats if translation else {}, fitted=changes,
            machine=machine_draft(translation) if translation else None))
    return reports


def fit_problems(fit: "Fitted", checked: Track, where: str | None) -> tuple[Problem, ...]:
    """Each cue ``subtitles.fit`` split or moved words out of, at its (first) cue's line in the
    checked file: the cue starting at the same time, else the first one after."""
    out = []
    for change in fit.changes:
        line = next((c.line for c in checked.cues if c.start_ms >= change.start_ms), None)
        out.append(Problem(where or "", line, "info", f"cue {change.cue}: {change.message}",
                           code=change.kind))
    return tuple(out)


def checked_file(root: Path, track: Track, rel: str | None) -> tuple[str | None, Track]:
    """The file QA lines point into (relative to the pack when inside it) and its track."""
    if rel is not None:
        loaded = load_track(root / rel, language=track.language, lenient=True).track
        return rel, loaded.with_cues(c.replace(text=strip_bidi(c.text)) for c in loaded.cues)
    if track.path and Path(track.path).is_file():
        path = Path(track.path).resolve()
        loaded = load_track(path, language=track.language, lenient=True).track
        kept = loaded.with_cues(c for c in loaded.cues if c.text.strip())
        if [c.text for c in kept.cues] == [c.text for c in track.cues]:  # the same cues
            try:
                return path.relative_to(root.resolve()).as_posix(), kept
            except ValueError:
                return str(path), kept
    return None, track


def flagged_cues(track: Track, problems: list[Problem]) -> int:
    """Cues with at least one readability finding (five findings on one cue flag one cue)."""
    index = {cue.line: i for i, cue in enumerate(track.cues) if cue.line is not None}
    return len({index[p.line] for p in problems if p.line in index})


def text_line(problem: Problem) -> Problem:
    """Line-length and balance findings name the cue's text line, not its timing line
    (audit of issue 7): ``line 2 has 50 characters`` is timing line + 2."""
    if problem.line is None:
        return problem
    if problem.code == "cpl":
        match = _LINE_OF_CUE.match(problem.message)
        if match:
            return dataclasses.replace(problem, line=problem.line + int(match.group(1)))
    if problem.code == "balance":
        return dataclasses.replace(problem, line=problem.line + 1)
    return problem


def without_file(problem: Problem, numbered: Track) -> Problem:
    """A finding on a language with no file: its cue number goes into the message."""
    number = problem.line
    if number is None or not 1 <= number <= len(numbered):
        return dataclasses.replace(problem, path="", line=None)
    return dataclasses.replace(problem, path="", line=None,
                               message=f"cue {number}: {problem.message}")


def remap(problems: tuple[Problem, ...], source: Track, target: Track,
          where: str) -> tuple[Problem, ...]:
    """Point findings made on source lines at the same cue's line in the checked file."""
    index = {cue.line: i for i, cue in enumerate(source.cues) if cue.line is not None}
    out = []
    for problem in problems:
        i = index.get(problem.line) if problem.line is not None else None
        j = same_cue(source, target, i) if i is not None else None
        line = target.cues[j].line if j is not None else None
        out.append(dataclasses.replace(problem, path=where, line=line))
    return tuple(out)


def same_cue(source: Track, target: Track, i: int) -> int | None:
    """The target cue made from source cue ``i``: the same index when it starts at the same
    time or none does (a translation has one cue per source cue, retimed or not), else the cue
    that starts then (a project pack leaves out cues with no text, shifting the rest)."""
    start = source.cues[i].start_ms
    if i < len(target.cues) and target.cues[i].start_ms == start:
        return i
    for j, cue in enumerate(target.cues):
        if cue.start_ms == start:
            return j
    return i if i < len(target.cues) else None
