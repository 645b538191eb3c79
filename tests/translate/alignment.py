"""Issue 13's alignment metric: do the anchors of each source cue end up in the same cue?

An anchor is something a bilingual editor checks first and a program can check exactly: a name
of the glossary (its rendering in the target, whole, in the cue whose source has the name) and a
number written in digits (in the cue whose source has it, when the translation kept the digits
at all). Used by ``tests/translate/test_anchors.py`` and ``benchmarks/translate.py``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from glossary.match import find_forms
from glossary.model import Glossary
from subtitles.model import Track
from subtitles.markup import visible_text

_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


@dataclass
class Placement:
    """Anchors found in their own cue (``kept``) out of ``total``; ``moved`` says where not."""

    kept: int = 0
    total: int = 0
    moved: list[str] = field(default_factory=list)

    @property
    def percent(self) -> float:
        return 100.0 * self.kept / self.total if self.total else 100.0


def _flat(text: str) -> str:
    return " ".join(visible_text(text).split()).casefold()


def anchors_of(text: str, glossary: Glossary, target: str) -> list[str]:
    """What a source cue's translation must contain: renderings of its names, its numbers."""
    found: list[str] = []
    named: list[tuple[int, int]] = []
    for term in glossary:
        for hit in find_forms(text, term.forms):
            found.append(glossary.rendering(term, target) or term.term)
            named.append((hit.start, hit.end))
    for match in _NUMBER.finditer(text):
        if not any(a <= match.start() < b for a, b in named):
            found.append(match.group(0))
    return found


def placement(source: Track, translated: Track, glossary: Glossary, target: str,
              cues: Sequence[int] | None = None) -> Placement:
    """Anchors of each source cue (``cues``: only these) found in the same translated cue."""
    result = Placement()
    whole = _flat(" ".join(c.text for c in translated.cues))
    for i, (cue, out) in enumerate(zip(source.cues, translated.cues)):
        if cues is not None and i not in cues:
            continue
        for anchor in anchors_of(visible_text(cue.text), glossary, target):
            wanted = anchor.casefold()
            if wanted not in whole:
                continue  # the engine spelled the number out: nothing to place
            result.total += 1
            if re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", _flat(out.text)):
                result.kept += 1
            else:
                result.moved.append(f"cue {i + 1}: {anchor!r} not in {out.text!r}")
    return result
