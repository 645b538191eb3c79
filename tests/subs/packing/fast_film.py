"""A testimony told by a fast speaker, as SRT: the film issue 13's pack figures are measured on.

The sentences of ``examples/testimony.txt`` (names, places, numbers), told again and again, laid
over cues of up to 80 characters the way a transcript cuts speech (sentences run across cues),
each cue shown for its English text at 17 characters per second: English fits 2 lines of 42, a
translation that runs longer does not. ``fast_film(10)`` is 10 minutes, about 130 cues.
"""
from __future__ import annotations

import re
from pathlib import Path

from subtitles.linebreak import break_lines
from subtitles.timing import format_srt

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "testimony.txt"
CUE_CHARS = 80
CPS = 17.0
GAP_MS = 120


def _sentences() -> list[str]:
    text = " ".join(EXAMPLE.read_text(encoding="utf-8").split())
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def fast_film(minutes: float) -> str:
    """SRT text of ``minutes`` of fast testimony (see the module doc)."""
    sentences = _sentences()
    blocks: list[str] = []
    start, k = 1000, 0
    words: list[str] = []
    while start < minutes * 60_000:
        if not words:
            words = sentences[k % len(sentences)].split()
            k += 1
        line: list[str] = []
        while words and len(" ".join(line + words[:1])) <= CUE_CHARS:
            line.append(words.pop(0))
        if not line:
            line.append(words.pop(0))
        text = " ".join(line)
        end = start + max(1200, round(len(text) * 1000 / CPS))
        blocks.append(f"{len(blocks) + 1}\n{format_srt(start)} --> {format_srt(end)}\n"
                      f"{break_lines(text, 42, 2, 'en')}\n")
        start = end + GAP_MS
    return "\n".join(blocks)
