"""Hints for speech recognition: the glossary's canonical spellings as a prompt and hotwords.

Whisper conditions on the previous text (``initial_prompt``) and faster-whisper adds
``hotwords``; both share half of the 448-token context, so the hint must be short and the most
useful names must come first. Relevance: terms heard in a sample of the transcript (exactly or as
a near miss) first, most frequent first; then names that speech recognition gets wrong most
(those with variants listed); then file order, which is the producer's own priority.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

from glossary.load import form_key
from glossary.match import find_forms
from glossary.model import Glossary, Term

_WORD = re.compile(r"\w+|[^\w\s]")
PROMPT_LEAD = "Names in this testimony:"


@dataclass(frozen=True)
class AsrHints:
    """``prompt`` for ``initial_prompt``, ``hotwords`` for faster-whisper, ``terms`` in order."""

    prompt: str
    hotwords: str
    terms: tuple[str, ...]


def estimate_tokens(text: str) -> int:
    """A cautious Whisper token count without the tokenizer: names split into many pieces.

    One token per 3 characters of each word (at least one) and one per punctuation mark, plus
    15%. Measured on examples/names.csv against the Whisper base tokenizer: the prompt of all 14
    names is 69 real tokens; the bare count gave 68 (ZAKA 2 vs 3, Mivtachim 3 vs 5), the margin
    gives 79, so a prompt cut to this estimate stays inside its budget.
    """
    bare = sum(max(1, math.ceil(len(piece) / 3)) for piece in _WORD.findall(text))
    return math.ceil(bare * 1.15)


def rank_terms(glossary: Glossary, text_sample: str | None = None) -> list[Term]:
    """Terms, most relevant first (see the module docstring)."""
    counts: dict[str, int] = {}
    if text_sample:
        table = glossary.spellings()
        for hit in find_forms(text_sample, table.forms):
            key = table.owners[hit.index][0].term
            counts[key] = counts.get(key, 0) + 1
        counts = _add_near_misses(glossary, text_sample, counts)
    order = {term.term: i for i, term in enumerate(glossary.terms)}
    return sorted(glossary.terms,
                  key=lambda t: (-counts.get(t.term, 0), not t.variants, order[t.term]))


def _add_near_misses(glossary: Glossary, text: str, counts: dict[str, int]) -> dict[str, int]:
    """Words of the sample close to a term's spelling count too: they are what ASR got wrong."""
    from rapidfuzz import fuzz, process

    words = {form_key(w) for w in re.findall(r"\w[\w'’]*", text) if len(w) >= 4}
    result = dict(counts)
    for term in glossary.terms:
        if term.term in result:
            continue
        keys = [form_key(w) for form in term.forms for w in form.split() if len(w) >= 4]
        for key in keys:
            if process.extractOne(key, words, scorer=fuzz.ratio, score_cutoff=85):
                result[term.term] = 1
                break
    return result


def asr_hints(glossary: Glossary, *, max_prompt_tokens: int = 120,
              count_tokens: Callable[[str], int] | None = None,
              text_sample: str | None = None) -> AsrHints:
    """The prompt sentence and hotwords for transcription, within ``max_prompt_tokens``.

    ``count_tokens`` is the real tokenizer when the caller has it (faster-whisper's
    ``hf_tokenizer``); without it the estimate above is used. Terms that do not fit are left
    out whole, never cut.
    """
    count = count_tokens or estimate_tokens
    chosen: list[str] = []
    for term in rank_terms(glossary, text_sample):
        candidate = _prompt([*chosen, term.term])
        if count(candidate) <= max_prompt_tokens:
            chosen.append(term.term)
    prompt = _prompt(chosen) if chosen else ""
    return AsrHints(prompt=prompt, hotwords=", ".join(chosen), terms=tuple(chosen))


def _prompt(names: list[str]) -> str:
    return f"{PROMPT_LEAD} {', '.join(names)}."
