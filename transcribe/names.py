"""The glossary's names, turned into decoding hints for Whisper and fixes for its output.

Measured with faster-whisper base on synthetic testimony (issue 4): plain decoding spelled 1 of
10 names right; a prompt listing them, 10 of 10; hotwords alone, 8 of 10. ``initial_prompt``
reaches only the first 30 s window in sequential decoding, so the batched pipeline is used,
which gives the same prompt and hotwords to every window. After decoding, the glossary's
variants ("Rayim" -> "Re'im") are fixed in the cues.

The glossary package owns the file format and the hint and fix logic; if one of its modules is
missing in this checkout, a small private fallback reads the ``term`` column of the CSV and
builds the prompt itself, so transcription never depends on another package's progress.
"""
from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from subtitles.errors import GlossaryError, Problem
from subtitles.model import Track

log = logging.getLogger(__name__)
PROMPT_TOKENS = 120  # of Whisper's 224-token prompt budget; the rest stays for the hotwords


@dataclass(frozen=True)
class Hints:
    prompt: str | None
    hotwords: str | None
    terms: tuple[str, ...] = ()


def load(path: str) -> Any:
    """The glossary object (glossary.load), or a tuple of terms from the CSV as a fallback."""
    try:
        from glossary.load import load_glossary
    except ImportError:
        return tuple(_read_terms(path))
    return load_glossary(path)


def _read_terms(path: str) -> list[str]:
    try:
        text = Path(path).read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise GlossaryError(path, (Problem(path, None, "error", f"cannot read: {err}"),)) from None
    dialect = "excel-tab" if path.endswith((".tsv", ".tab")) else "excel"
    rows = list(csv.DictReader(text.splitlines(), dialect=dialect))
    if not rows or "term" not in (rows[0].keys() if rows else ()):
        raise GlossaryError(path, (Problem(path, 1, "error", "no 'term' column"),))
    return [r["term"].strip() for r in rows if (r.get("term") or "").strip()]


def hints(glossary: Any, count_tokens: Callable[[str], int] | None = None) -> Hints:
    """Prompt and hotwords listing the names, most relevant first, within the token budget."""
    if glossary is None:
        return Hints(None, None)
    if not isinstance(glossary, tuple):
        try:
            from glossary.hints import asr_hints
        except ImportError:
            glossary = tuple(t.term for t in glossary.terms)
        else:
            got = asr_hints(glossary, max_prompt_tokens=PROMPT_TOKENS, count_tokens=count_tokens)
            return Hints(got.prompt or None, got.hotwords or None, tuple(got.terms))
    return _fallback_hints(glossary, count_tokens or (lambda s: len(s) // 3 + 1))


def _fallback_hints(terms: tuple[str, ...], count: Callable[[str], int]) -> Hints:
    chosen: list[str] = []
    for term in terms:
        if count(_sentence(chosen + [term])) > PROMPT_TOKENS:
            break
        chosen.append(term)
    if not chosen:
        return Hints(None, None)
    return Hints(_sentence(chosen), ", ".join(chosen), tuple(chosen))


def _sentence(terms: list[str]) -> str:
    return "This testimony mentions " + ", ".join(terms) + "."


def fix_track(track: Track, glossary: Any) -> tuple[Track, int]:
    """The glossary's variant fixes applied to the cues; returns the track and the change count."""
    if glossary is None or isinstance(glossary, tuple):
        return track, 0
    try:
        from glossary.apply import apply_glossary
    except ImportError:
        log.info("glossary.apply not available: variants are not fixed")
        return track, 0
    applied = apply_glossary(track, glossary)
    return applied.track, len(applied.changes)
