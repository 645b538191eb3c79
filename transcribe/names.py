"""The glossary's names, turned into decoding hints for Whisper and fixes for its output.

Measured with faster-whisper base on synthetic testimony (issue 4): plain decoding spelled 1 of
10 names right; a prompt listing them, 10 of 10; hotwords alone, 8 of 10. ``initial_prompt``
reaches only the first 30 s window in sequential decoding, so the batched pipeline is used,
which gives the same prompt and hotwords to every window. After decoding, the glossary's
variants ("Rayim" -> "Re'im") are fixed in the cues.

The glossary package owns the file format (``glossary.load``), the prompt and hotwords
(``glossary.hints``) and the fixes (``glossary.apply``); this module only adapts them to the
transcriber.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from glossary.apply import apply_glossary
from glossary.hints import asr_hints
from glossary.load import load_glossary
from glossary.model import Glossary
from subtitles.model import Track

PROMPT_TOKENS = 120  # of Whisper's 224-token prompt budget; the rest stays for the hotwords


@dataclass(frozen=True)
class Hints:
    prompt: str | None
    hotwords: str | None
    terms: tuple[str, ...] = ()


def load(path: str) -> Glossary:
    """The glossary at ``path``; GlossaryError lists every problem in the file."""
    return load_glossary(path)


def hints(glossary: Glossary | None, count_tokens: Callable[[str], int] | None = None) -> Hints:
    """Prompt and hotwords listing the names, most relevant first, within the token budget."""
    if glossary is None:
        return Hints(None, None)
    got = asr_hints(glossary, max_prompt_tokens=PROMPT_TOKENS, count_tokens=count_tokens)
    return Hints(got.prompt or None, got.hotwords or None, tuple(got.terms))


def fix_track(track: Track, glossary: Glossary | None) -> tuple[Track, int]:
    """The glossary's variant fixes applied to the cues; returns the track and the change count.

    Exact variants only: a near miss in spelling is no evidence where the audio is at hand
    ("Nativity" reads like the variant "Nativot" of Netivot, and was said), so near misses go
    through ``transcribe.rescore``, which asks the audio."""
    if glossary is None:
        return track, 0
    applied = apply_glossary(track, glossary, fuzzy=False)
    return applied.track, len(applied.changes)
