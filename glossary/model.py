"""The glossary model: one ``Term`` per row of the producer's spreadsheet.

A term is the canonical spelling in the source language, the spellings that should become it
(ASR mistakes, old transliterations) and its rendering per target language. ``Glossary.rendering``
is the one place that decides what a term becomes in a language, so transcription, translation
and compliance checks never disagree.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from subtitles.languages import base_language


@dataclass(frozen=True)
class Term:
    """One row: ``term`` is canonical; ``renderings`` maps a BCP-47 tag to its spelling there.

    ``line`` is the 1-based line of the row in the glossary file (0 for terms made in memory),
    so every report about a term can point back at the row a person edits.
    """

    term: str
    variants: tuple[str, ...] = ()
    type: str = "other"
    keep: bool = False
    renderings: dict[str, str] = field(default_factory=dict, hash=False)
    note: str = ""
    line: int = 0

    @property
    def forms(self) -> tuple[str, ...]:
        """Every spelling that stands for this term in source text: the term, then variants."""
        return (self.term, *self.variants)


@dataclass(frozen=True)
class Spellings:
    """The spelling-to-term table: ``forms`` go to ``find_forms``, and ``owners[hit.index]`` is
    the (term, rendering) a hit stands for (rendering "" when no target was asked for)."""

    forms: tuple[str, ...]
    owners: tuple[tuple[Term, str], ...]


@dataclass(frozen=True)
class Glossary:
    """All terms of one file, in file order; ``languages`` are its language columns."""

    terms: tuple[Term, ...] = ()
    languages: tuple[str, ...] = ()
    path: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.terms, tuple):
            object.__setattr__(self, "terms", tuple(self.terms))
        if not isinstance(self.languages, tuple):
            object.__setattr__(self, "languages", tuple(self.languages))

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def get(self, term: str) -> Term | None:
        """The term whose canonical spelling is ``term`` (case-insensitive), or None."""
        key = term.casefold()
        for item in self.terms:
            if item.term.casefold() == key:
                return item
        return None

    def rendering(self, term: Term, target: str) -> str | None:
        """What ``term`` must read in ``target``: its column, else the term if kept, else None.

        A ``pt`` column serves ``pt-BR`` (and any other region) when there is no exact column;
        the reverse is not done, since a Brazilian spelling is not right for Portugal. None means
        "let the translation engine decide" (keep=no and no column for that language).
        """
        if target in term.renderings and term.renderings[target]:
            return term.renderings[target]
        lowered = {tag.lower(): text for tag, text in term.renderings.items() if text}
        if target.lower() in lowered:
            return lowered[target.lower()]
        base = base_language(target)
        if base in lowered:
            return lowered[base]
        if term.keep:
            return term.term
        return None

    def spellings(self, target: str | None = None) -> "Spellings":
        """Every spelling of every term, for ``find_forms``; with ``target``, only the terms
        that have a fixed rendering there, each owner carrying it."""
        pairs = (self.renderings_for(target) if target is not None
                 else [(term, "") for term in self.terms])
        return Spellings(tuple(form for term, _ in pairs for form in term.forms),
                         tuple((term, text) for term, text in pairs for _ in term.forms))

    def renderings_for(self, target: str) -> list[tuple[Term, str]]:
        """Every term that has a fixed spelling in ``target``, with that spelling."""
        pairs = []
        for term in self.terms:
            text = self.rendering(term, target)
            if text is not None:
                pairs.append((term, text))
        return pairs
