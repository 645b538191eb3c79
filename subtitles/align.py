"""Map the cues of an old track onto the cues of a new one (a corrected or re-edited source).

A re-edit of a film shifts every time, a corrected transcript changes a few words, an editor
splits a long cue in two or merges two short ones. ``align_cues`` finds, in order, which old cues
became which new cues, so a translation made for the old cue can follow its source.

The maths: first estimate one global offset (the median start difference of cues whose text did
not change), then a monotonic dynamic programme (in a band around the diagonal) whose moves are 1:1, 1:2
(split), 2:1 (merge), skip-old (cue removed) and skip-new (cue added). A pairing scores its text
similarity (rapidfuzz ratio) and its time overlap after the offset; a pairing scoring under
``MIN_SCORE`` is never made, so unrelated cues are reported as removed and added, not forced
together. Pure: no files, no project imports.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from typing import Sequence

from subtitles.markup import visible_text
from subtitles.model import Cue

MIN_SCORE = 0.45
TEXT_WEIGHT = 0.6

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Match:
    """Old cues ``old`` (indexes) became new cues ``new``; either side may be empty.

    ``old=()`` is a new cue, ``new=()`` a removed one; two indexes on one side is a split or a
    merge. ``same_text`` says the normalized source text did not change.
    """

    old: tuple[int, ...]
    new: tuple[int, ...]
    score: float = 0.0
    same_text: bool = False

    @property
    def kind(self) -> str:
        if not self.old:
            return "added"
        if not self.new:
            return "removed"
        if len(self.old) == 1 and len(self.new) == 1:
            return "same" if self.same_text else "changed"
        return "split" if len(self.new) > 1 else "merged"


@dataclass(frozen=True)
class Alignment:
    matches: tuple[Match, ...]
    offset_ms: int


def normalize_text(text: str) -> str:
    """Text as compared: no markup, one space between words, case-folded."""
    return _SPACE.sub(" ", visible_text(text)).strip().casefold()


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> float:
    """Intersection over union of two time spans (0..1)."""
    inter = min(a_end, b_end) - max(a_start, b_start)
    if inter <= 0:
        return 0.0
    union = max(a_end, b_end) - min(a_start, b_start)
    return inter / union if union > 0 else 1.0


def estimate_offset(old: Sequence[Cue], new: Sequence[Cue]) -> int:
    """Median start shift of cues whose text is unchanged and unique on both sides; else 0."""
    def unique(cues: Sequence[Cue]) -> dict[str, Cue]:
        seen: dict[str, list[Cue]] = {}
        for cue in cues:
            seen.setdefault(normalize_text(cue.text), []).append(cue)
        return {k: v[0] for k, v in seen.items() if len(v) == 1 and k}

    a, b = unique(old), unique(new)
    shifts = [b[k].start_ms - a[k].start_ms for k in a.keys() & b.keys()]
    return int(statistics.median(shifts)) if shifts else 0


def _score(olds: Sequence[Cue], news: Sequence[Cue], old_norm: Sequence[str],
           new_norm: Sequence[str], offset: int) -> float:
    from rapidfuzz.fuzz import ratio

    a, b = " ".join(old_norm), " ".join(new_norm)
    iou = _overlap(olds[0].start_ms + offset, olds[-1].end_ms + offset,
                   news[0].start_ms, news[-1].end_ms)
    if a == b:
        sim = 1.0 if a.strip() else iou  # two empty cues: only time can tell
    else:
        sim = ratio(a, b) / 100.0 if a.strip() and b.strip() else 0.0
    return TEXT_WEIGHT * sim + (1 - TEXT_WEIGHT) * iou


def align_cues(old: Sequence[Cue], new: Sequence[Cue]) -> Alignment:
    """Best monotonic mapping of ``old`` onto ``new`` (see the module docstring)."""
    offset = estimate_offset(old, new)
    old_norm = [normalize_text(c.text) for c in old]
    new_norm = [normalize_text(c.text) for c in new]
    n, m = len(old), len(new)
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    move: list[list[tuple[int, int, float] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    band = max(20, abs(n - m) + 20)  # cues never move far in order: O(n * band), not O(n * m)
    for i in range(n + 1):
        centre = i * m // n if n else 0
        for j in range(max(0, centre - band), min(m, centre + band) + 1):
            here = best[i][j]
            if here == neg:
                continue
            for di, dj in ((1, 0), (0, 1), (1, 1), (1, 2), (2, 1)):
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                score = 0.0
                gain = 0.0
                if di and dj:
                    score = _score(old[i:ni], new[j:nj], old_norm[i:ni], new_norm[j:nj], offset)
                    if score < MIN_SCORE:
                        continue
                    # a pairing covers di + dj cues; splits pay a little so 1:1 wins ties
                    gain = score * (di + dj) - (0.25 if di + dj > 2 else 0.0)
                if here + gain > best[ni][nj]:
                    best[ni][nj] = here + gain
                    move[ni][nj] = (di, dj, score)
    return Alignment(_trace(old, new, move), offset)


def _trace(old: Sequence[Cue], new: Sequence[Cue],
           move: list[list[tuple[int, int, float] | None]]) -> tuple[Match, ...]:
    i, j = len(old), len(new)
    out: list[Match] = []
    while i or j:
        step = move[i][j]
        assert step is not None
        di, dj, score = step
        olds, news = tuple(range(i - di, i)), tuple(range(j - dj, j))
        same = (di == 1 and dj == 1
                and normalize_text(old[i - 1].text) == normalize_text(new[j - 1].text))
        out.append(Match(olds, news, score, same))
        i, j = i - di, j - dj
    out.reverse()
    return tuple(out)
