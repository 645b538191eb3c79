"""Compliance: does every translated cue spell the names the way the glossary says?

For a translation, each source cue that holds a term (any of its spellings) must be matched by a
translated cue holding that term's rendering for the file's language; a miss is
``PATH:LINE: error: "United Hatzalah" expected, not found``. Cues are paired by time overlap, and
a rendering in the cue just before or after also counts, because sentence-aware translation may
move a name across a cue boundary. Terms the glossary leaves to the engine (keep=no, no column)
are not checked. For a transcript (no source), remaining variants and near misses are warnings.
Every problem names the file line of the cue's text (its first line for a miss), as ``apply``
does for its fixes; a name spelled right across a line break ("Kfar\nAza") counts as right.
"""
from __future__ import annotations

from dataclasses import dataclass

from subtitles.errors import Problem
from subtitles.model import Cue, Track
from subtitles.timing import format_srt

from glossary.apply import apply_glossary
from glossary.fuzzy import text_line
from glossary.match import find_forms, match_case
from glossary.model import Glossary, Term


@dataclass(frozen=True)
class TermStat:
    """How one term fared: expected in ``expected`` cues, present in ``found``."""

    term: Term
    rendering: str
    expected: int
    found: int

    @property
    def missing(self) -> int:
        return self.expected - self.found


@dataclass(frozen=True)
class Report:
    problems: tuple[Problem, ...]
    stats: tuple[TermStat, ...]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")


def check_compliance(translation: Track, glossary: Glossary, *, language: str,
                     source: Track | None = None, path: str | None = None) -> list[Problem]:
    """Every miss (translation) or remaining near miss (transcript), in file order."""
    return list(check_report(translation, glossary, language=language, source=source,
                             path=path).problems)


def check_report(translation: Track, glossary: Glossary, *, language: str,
                 source: Track | None = None, path: str | None = None) -> Report:
    """Problems plus a per-term summary, for the CLI's table."""
    where = path or translation.path or "<track>"
    if source is None:
        return _check_transcript(translation, glossary, where)
    return _check_translation(translation, source, glossary, language, where)


def _overlapping(cues: tuple[Cue, ...], cue: Cue) -> list[int]:
    """The translated cues that overlap ``cue`` in time; none when none does.

    Issue 16: a nearest-cue fallback pinned the misses of every cue a partial language left
    out on its last shipped cue, whose source has none of those names. A finding points at
    its own cue or at none.
    """
    return [i for i, other in enumerate(cues)
            if other.start_ms < cue.end_ms and cue.start_ms < other.end_ms]


def _check_translation(translation: Track, source: Track, glossary: Glossary, language: str,
                       where: str) -> Report:
    pairs = glossary.renderings_for(language)
    table = glossary.spellings(language)
    counts: dict[str, list[int]] = {term.term: [0, 0] for term, _ in pairs}
    problems: list[Problem] = []
    cues = translation.cues
    for cue in source.cues:
        terms = dict.fromkeys(table.owners[hit.index]
                              for hit in find_forms(cue.text, table.forms))
        if not terms:
            continue
        near = _overlapping(cues, cue)
        for term, rendering in terms:
            counts[term.term][0] += 1
            if not near:
                problems.append(Problem(where, None, "error",
                                        f'"{rendering}" expected, not found',
                                        f"no cue at {format_srt(cue.start_ms)}, where the "
                                        "source says it", code="glossary"))
                continue
            wide = range(max(0, near[0] - 1), min(len(cues), near[-1] + 2))
            if any(find_forms(cues[i].text, [rendering]) for i in wide):
                counts[term.term][1] += 1
                continue
            problems.append(Problem(where, text_line(cues[near[0]], 0), "error",
                                    f'"{rendering}" expected, not found', code="glossary"))
    stats = tuple(TermStat(term, rendering, *counts[term.term]) for term, rendering in pairs
                  if counts[term.term][0])
    problems.sort(key=lambda p: p.line or 0)
    return Report(tuple(problems), stats)


def _check_transcript(track: Track, glossary: Glossary, where: str) -> Report:
    applied = apply_glossary(track, glossary)
    problems = []
    for change in applied.changes:
        before = change.before.replace("\n", " ")
        what = "a variant of" if change.kind == "variant" else "close to"
        problems.append(Problem(where, change.line, "warning",
                                f"'{before}' is {what} \"{change.after}\"",
                                "run subs glossary apply", code=f"glossary-{change.kind}"))
    table = glossary.spellings()
    right: dict[str, int] = {}
    for cue in track.cues:
        for hit in find_forms(cue.text, table.forms):
            term = table.owners[hit.index][0]
            if " ".join(hit.surface.split()) == match_case(hit.surface, term.term):
                right[term.term] = right.get(term.term, 0) + 1
    wrong: dict[str, int] = {}
    for change in applied.changes:
        key = change.term or change.after
        wrong[key] = wrong.get(key, 0) + 1
    stats = tuple(TermStat(term, term.term, right.get(term.term, 0) + wrong.get(term.term, 0),
                           right.get(term.term, 0))
                  for term in glossary.terms if term.term in right or term.term in wrong)
    return Report(tuple(problems), stats)
