"""Which language a file or a typed tag means, before it becomes a project language.

Issue 16's field trials: a Spanish file (``film.es.srt``, or the English source) imported as
Romanian replaced a volunteer's cues; ``ro-RO``, ``es_ES`` (the Facebook file name) and ``pt``
quietly made second languages next to ``ro``, ``es`` and ``pt-BR``; and ``pt`` was drafted with
the Brazilian model without a word. Tags are compared by their likely full form (langcodes'
``maximize``: ``ro`` and ``ro-RO`` are both ``ro-Latn-RO``; ``pt`` is ``pt-Latn-BR``).
"""
from __future__ import annotations

import os
from typing import Iterable, Sequence

from subs.project.config import ProjectError
from subtitles.io import language_from_name
from subtitles.languages import (DETECT_MIN_LETTERS, DETECT_MIN_PROBABILITY, base_language,
                                 detect_language, language_name)
from subtitles.model import Cue

# Languages a detector cannot tell apart reliably, or written the same: never a mismatch.
_CLOSE = (frozenset({"hr", "sr", "bs", "sh", "cnr"}), frozenset({"no", "nb", "nn", "da"}),
          frozenset({"ms", "id"}), frozenset({"ro", "mo"}), frozenset({"fa", "prs"}))


def full_form(tag: str) -> str:
    """``ro`` -> ``ro-Latn-RO``: what a tag most likely means."""
    import langcodes

    return str(langcodes.Language.get(tag).maximize())


def same_language(a: str, b: str) -> bool:
    """``ro`` and ``ro-RO``, ``pt`` and ``pt-BR``; not ``pt-BR`` and ``pt-PT``."""
    return a == b or full_form(a) == full_form(b)


def known_as(tag: str, tags: Iterable[str]) -> str | None:
    """The tag among ``tags`` that means the same language as ``tag`` (None: none does)."""
    return next((t for t in sorted(tags) if same_language(t, tag)), None)


def _related(a: str, b: str) -> bool:
    x, y = base_language(a), base_language(b)
    return x == y or any(x in group and y in group for group in _CLOSE)


def check_file_language(path: str | os.PathLike[str], cues: Sequence[Cue], tag: str) -> None:
    """Refuse a file whose name or text is in another language than ``tag``, in one line.

    The name's tag (``film.es.srt``) is checked first; then the text itself with py3langid,
    only when there is enough of it and the detector is sure (below that it guesses).
    """
    named = language_from_name(path)
    if named and not _related(named, tag):
        raise ProjectError(f"{path}: the file name says {named} ({language_name(named)}), not "
                           f"{tag}; import it as {named}, or pass --force if it is {tag}")
    texts = [c.text for c in cues if c.text.strip()]
    if sum(ch.isalpha() for t in texts for ch in t) < DETECT_MIN_LETTERS:
        return
    found, probability = detect_language(texts)
    if probability >= DETECT_MIN_PROBABILITY and not _related(found, tag):
        raise ProjectError(f"{path}: the text is in {language_name(found)} ({found}), not "
                           f"{tag} (detected with {probability:.0%} confidence); import it as "
                           f"{found}, or pass --force if it is {tag}")


def variety_note(tag: str) -> str | None:
    """For a tag without a region that stands for one variety (``pt``: Brazil), say so."""
    full = full_form(tag)
    region = full.rsplit("-", 1)[-1]
    if "-" in tag or base_language(tag) not in _VARIETIES:
        return None
    others = ", ".join(t for t in _VARIETIES[base_language(tag)] if not t.endswith(region))
    return (f"{tag} is taken as {language_name(f'{tag}-{region}')} ({tag}-{region}), as the "
            f"engines read it; for another variety name it: {others}")


_VARIETIES = {"pt": ("pt-BR", "pt-PT"), "es": ("es-ES", "es-419"), "fr": ("fr-FR", "fr-CA")}
