"""Normalize a transcript's names to the glossary: exact variants always, near misses carefully.

Two passes. Exact: every spelling of a term (the term in another case, a listed variant, with any
apostrophe, a line break for a space) inside one cue, as whole words (see glossary.match). Fuzzy
(``glossary.fuzzy``): spans of up to one word more than the term, also across two adjacent cues,
that read almost like a term. A fix keeps the original's all-capitals style and its possessive
("Zaka's" -> "ZAKA's"); a span that crossed a line break or two cues keeps its word positions
when it has as many words as the term, else the term goes where the span began.
``apply_glossary`` is pure: Track in, Track out, plus the list of changes to report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from subtitles.errors import Problem
from subtitles.model import Track

from glossary.fuzzy import Span, find_fuzzy, split_words, text_line
from glossary.match import find_forms, match_case
from glossary.model import Glossary, Term

ChangeKind = Literal["variant", "fuzzy"]


@dataclass(frozen=True)
class FixNote(Problem):
    """A Problem that prints as ``PATH:LINE: fixed 'Rayim' -> "Re'im" (variant)``."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Change:
    """One fix: in cue ``cue_index`` (file line ``line``), ``before`` became ``after``."""

    cue_index: int
    line: int | None
    before: str
    after: str
    kind: ChangeKind
    term: str | None = None

    def as_problem(self, path: str) -> Problem:
        before = self.before.replace("\n", " ")
        return FixNote(path, self.line, "info",
                       f"fixed '{before}' -> \"{self.after}\" ({self.kind})",
                       code=f"glossary-{self.kind}")


@dataclass(frozen=True)
class Applied:
    track: Track
    changes: tuple[Change, ...] = ()


@dataclass
class _Edit:
    cue: int
    start: int
    end: int
    text: str


def _exact_forms(glossary: Glossary) -> tuple[list[str], list[tuple[Term, str]]]:
    """Every spelling with its term; family names also in the plural ("the Cohens")."""
    forms: list[str] = []
    owners: list[tuple[Term, str]] = []
    table = glossary.spellings()
    for form, owner in zip(table.forms, table.owners):
        forms.append(form)
        owners.append(owner)
        if owner[0].type == "person" and not form.endswith("s"):
            forms.append(form + "s")
            owners.append((owner[0], "s"))
    return forms, owners


def _exact_edits(track: Track, glossary: Glossary
                 ) -> tuple[list[_Edit], list[Change], list[tuple[int, int, int]]]:
    """Edits for every in-cue spelling; also the spans found (changed or not), for fuzzy."""
    forms, owners = _exact_forms(glossary)
    edits: list[_Edit] = []
    changes: list[Change] = []
    found: list[tuple[int, int, int]] = []
    for index, cue in enumerate(track.cues):
        for hit in find_forms(cue.text, forms):
            found.append((index, hit.core_start, hit.end))
            term, suffix = owners[hit.index]
            if _common_noun(cue.text, hit.core_start, hit.surface):
                continue  # issue 14: "we watched a supernova" is no festival
            wanted = match_case(hit.surface, term.term + suffix)
            replacement = _keep_breaks(hit.surface, wanted)
            if replacement == hit.surface:
                continue
            edits.append(_Edit(index, hit.core_start, hit.end, replacement))
            changes.append(Change(index, text_line(cue, hit.core_start), hit.surface,
                                  wanted, "variant", term.term))
    return edits, changes, found


_ARTICLE = re.compile(r"(?:^|\W)(?:a|an)\s+$", re.IGNORECASE)


def _common_noun(text: str, start: int, surface: str) -> bool:
    """A word in lower case after "a"/"an" is a common noun, not the name that shares its
    spelling ("a supernova" beside the Supernova festival); names take no indefinite article."""
    return surface.islower() and bool(_ARTICLE.search(text[:start]))


def _keep_breaks(surface: str, wanted: str) -> str:
    """Put a line break that was inside the span back: same word slot, else after the term."""
    if "\n" not in surface:
        return wanted
    words, seps = split_words(surface)
    target = wanted.split(" ")
    if len(words) == len(target):
        out = target[0]
        for sep, word in zip(seps, target[1:]):
            out += sep + word
        return out
    return wanted  # fewer words than the span: the break is dropped, the line re-flows


def _span_edits(track: Track, span: Span) -> list[_Edit]:
    """Edits for one fuzzy or cross-cue span: word by word if counts agree, else whole."""
    target = span.replacement.split(" ")
    if len(target) == len(span.words):
        return [_Edit(w.cue, w.start, w.end, word)
                for w, word in zip(span.words, target) if w.text != word]
    first = span.words[0]
    same = [w for w in span.words if w.cue == first.cue]
    edits = [_Edit(first.cue, first.start, same[-1].end, span.replacement)]
    rest = [w for w in span.words if w.cue != first.cue]
    if rest:
        text = track.cues[rest[0].cue].text
        end = rest[-1].end
        while end < len(text) and text[end] == " ":
            end += 1
        edits.append(_Edit(rest[0].cue, rest[0].start, end, ""))
    return edits


def apply_glossary(track: Track, glossary: Glossary, *, fuzzy: bool = True) -> Applied:
    """The track with names normalized, and every change (in cue order) for the report."""
    edits, changes, found = _exact_edits(track, glossary)
    if glossary.terms:
        for span in find_fuzzy(track, glossary, exclude=found, fuzzy=fuzzy):
            edits.extend(_span_edits(track, span))
            changes.append(Change(span.words[0].cue, span.line, span.surface,
                                  span.replacement, span.kind, span.term.term))
    if not edits:
        return Applied(track, ())
    cues = list(track.cues)
    by_cue: dict[int, list[_Edit]] = {}
    for edit in edits:
        by_cue.setdefault(edit.cue, []).append(edit)
    for index, cue_edits in by_cue.items():
        text = cues[index].text
        for edit in sorted(cue_edits, key=lambda e: e.start, reverse=True):
            text = text[:edit.start] + edit.text + text[edit.end:]
        cues[index] = cues[index].replace(text=text.strip(" ").strip("\n") or text)
    changes.sort(key=lambda c: (c.cue_index, c.line or 0))
    return Applied(track.with_cues(cues), tuple(changes))
