"""Word times checked against the speech regions VAD found (issue 14).

Whisper's word times come from attention alignment (DTW), which can put a word where nobody
speaks: after a 20 s pause the next sentence's first word ("I") was timed 4 ms long at the
*start* of the pause (42.760-42.764 s; it is spoken at 62.7 s) and shown at the end of the cue
before it. Windows are packed from several regions with the silence cut out, and a word the DTW
put just before a cut lands at the end of the earlier region. So, in real time:

- a word of near-zero length (under ``MIN_WORD_MS``) at the end of a region, whose next word is
  in a later region, belongs to that next region: it is re-timed to just before the next word;
  the same at the start of a region for a word whose neighbour is in the region before;
- a word never straddles or sits inside a silence between regions: it is clamped into the
  region that holds most of it (its middle), or the nearest one.

The repair is a pure function of the words and regions, so a resumed run equals a whole one.
"""
from __future__ import annotations

import bisect
from dataclasses import replace
from typing import Sequence

from transcribe.transcript import Word

MIN_WORD_MS = 40  # shorter than any spoken syllable: the DTW's edge artefact
EDGE_MS = 120  # "at the edge": this close to a region's end or start
RETIMED_MS = 150  # length given to a word re-timed to just before its neighbour

Span = tuple[int, int]


def _region(regions: Sequence[Span], starts: list[int], ms: float) -> int:
    """Index of the region holding ``ms``, else the nearest one."""
    k = bisect.bisect_right(starts, ms) - 1
    if k >= 0 and ms <= regions[k][1]:
        return k
    after = k + 1
    if k < 0:
        return 0
    if after >= len(regions):
        return k
    return k if ms - regions[k][1] <= regions[after][0] - ms else after


def _moved(word: Word, region: Span, before: Word | None, after: Word | None) -> Word:
    """``word`` re-timed into ``region``, next to the neighbour that lies there."""
    if after is not None and region[0] <= after.start_ms <= region[1]:
        end = max(region[0], after.start_ms)
        return replace(word, start_ms=max(region[0], end - RETIMED_MS), end_ms=end)
    start = region[1] if before is None else min(region[1], max(region[0], before.end_ms))
    return replace(word, start_ms=start, end_ms=min(region[1], start + RETIMED_MS))


def repair(words: Sequence[Word], regions: Sequence[Span]) -> tuple[list[Word], list[str]]:
    """Words with their times inside the speech regions; notes say what was moved."""
    if not regions or not words:
        return list(words), []
    starts = [s for s, _ in regions]
    home = [_region(regions, starts, (w.start_ms + w.end_ms) / 2) for w in words]
    out = list(words)
    notes = []
    for i, word in enumerate(words):
        if word.end_ms - word.start_ms >= MIN_WORD_MS or not word.text.strip():
            continue
        start, end = regions[home[i]]
        nxt = i + 1 if i + 1 < len(words) else None
        prev = i - 1 if i else None
        if nxt is not None and home[nxt] > home[i] and end - word.end_ms <= EDGE_MS:
            home[i] = home[nxt]
            out[i] = _moved(word, regions[home[i]], None, words[nxt])
        elif prev is not None and home[prev] < home[i] and word.start_ms - start <= EDGE_MS:
            home[i] = home[prev]
            out[i] = _moved(word, regions[home[i]], words[prev], None)
        else:
            continue
        notes.append(f"re-timed {word.text.strip()!r} from {word.start_ms / 1000:.3f} s to "
                     f"{out[i].start_ms / 1000:.3f} s: it was {word.end_ms - word.start_ms} ms "
                     "long at the edge of a pause, by its neighbour across it")
    for i, word in enumerate(out):
        start, end = regions[home[i]]
        s = min(max(word.start_ms, start), end)
        e = min(max(word.end_ms, s), end)
        if (s, e) != (word.start_ms, word.end_ms):
            out[i] = replace(word, start_ms=s, end_ms=e)
    return out, notes
