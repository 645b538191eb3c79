"""Timed words -> subtitle cues a person can read.

Whisper's segments are not subtitles: with a prompt they grow to 30 s, the batched pipeline
returns ~30 s segments, and with VAD one was seen spanning a 20 s silence (issue 4). So cues
are built from word timestamps alone:

1. a silence longer than 1.5 s always ends a cue (``HARD_PAUSE_MS``); a sentence's first
   word stranded before such a silence opens the cue after it (``reattach``, issue 14);
2. between those, a dynamic programme picks the cut points: a cue must fit the profile's lines
   (``max_lines`` of ``max_chars_per_line``) and its speech must fit ``max_duration_ms``; among
   the cuts that fit, ends of sentences are free, clauses and pauses over 0.5 s cheap, cuts
   mid-phrase (worse: after "the", "of") dear, and cues too short to read or too fast (CPS)
   cost extra;
3. timing: a cue shows from its first word to its last word's end plus at most 0.5 s
   (``TAIL_MS``), never closer than ``min_gap_ms`` to the next and never past the end of the
   media. Only a cue shorter than ``min_duration_ms`` gets more, since a flash of text is worse
   than one shown a little early or late: it starts up to ``LEAD_MS`` early, then stays longer.
   A cue too fast to read (CPS) is not stretched over silence: the readability check reports
   it, and condensing it is an editor's call;
4. lines come from ``subtitles.linebreak.break_lines`` (balanced, never breaking a name).

Every word lands in exactly one cue, in order, unchanged (a Hypothesis property checks it).
"""
from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Sequence

from subtitles.model import Cue
from subtitles.profiles import Limits
from transcribe.transcript import Word

HARD_PAUSE_MS = 1500
SOFT_PAUSE_MS = 500
TAIL_MS = 500
LEAD_MS = 300
_MAX_WORDS = 60  # no readable cue holds more; bounds the programme's inner loop
_NO_SPACES = frozenset({"zh", "ja", "th", "lo", "my", "km", "yue", "bo"})

_SENTENCE_END = (".", "?", "!", "…", "。", "？", "！")
_CLAUSE_END = (",", ";", ":", "—", "–", "-", "、", "，")
_CLOSERS = "\"'”’»)]"
_WEAK_ENDS = frozenset("""a an the of to in on at by for with from and or but my your his her our
    their its this that is was were i we he she they""".split())

# Costs, in arbitrary units: a new cue costs CUE, a cut costs by where it falls.
CUE = 10.0
CUT_MID_PHRASE = 30.0
CUT_WEAK_WORD = 15.0
CUT_CLAUSE = 6.0
CUT_PAUSE = 6.0
SENTENCE_INSIDE = 12.0
TOO_SHORT = 15.0
TOO_FAST = 100.0


def _break_lines(text: str, limits: Limits, language: str | None) -> str:
    try:
        from subtitles.linebreak import break_lines
    except ImportError:  # the core's line breaker is missing: plain greedy wrap
        return _greedy_wrap(text, limits.max_chars_per_line)
    return break_lines(text, limits.max_chars_per_line, limits.max_lines, language)


def _greedy_wrap(text: str, width: int) -> str:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


@dataclass(frozen=True)
class _W:
    start: int
    end: int
    text: str


def clean_words(words: Sequence[Word], language: str | None = None) -> list[_W]:
    """Strip spaces, drop empty words, make times monotone (DTW can step back a little), and
    glue pieces Whisper splits off without a space (`` Re`` + ``'im``) back onto their word,
    except in scripts written without spaces."""
    glue = (language or "").split("-")[0].lower() not in _NO_SPACES
    out: list[_W] = []
    last = 0
    for w in words:
        text = w.text.strip()
        if not text:
            continue
        start = max(w.start_ms, last, 0)
        end = max(w.end_ms, start)
        if glue and out and not w.text[:1].isspace():
            prev = out[-1]
            out[-1] = _W(prev.start, max(prev.end, end), prev.text + text)
        else:
            out.append(_W(start, end, text))
        last = start
    return out


def reattach(words: list[_W]) -> list[_W]:
    """A sentence's first word stranded before a long pause goes with the words after it.

    Issue 14: after a 20 s pause the next sentence's first word ("I") was timed at the start
    of the pause and ended the cue before it ("...behind the trees. I"). A word that follows
    a sentence's end, does not end one itself and is followed by a pause over
    ``HARD_PAUSE_MS`` is moved to just before the next word, keeping its length (at most
    ``LEAD_MS``), so it opens the next cue."""
    out = list(words)
    for k in range(1, len(out) - 1):
        w, nxt = out[k], out[k + 1]
        if _ends_sentence(out[k - 1].text) and not _ends_sentence(w.text) \
                and not w.text.rstrip(_CLOSERS).endswith(_CLAUSE_END) \
                and nxt.start - w.end > HARD_PAUSE_MS:
            length = min(w.end - w.start, LEAD_MS)
            out[k] = _W(nxt.start - length, nxt.start, w.text)
    return out


def _runs(words: list[_W]) -> list[list[_W]]:
    runs: list[list[_W]] = []
    for w in words:
        if runs and w.start - runs[-1][-1].end <= HARD_PAUSE_MS:
            runs[-1].append(w)
        else:
            runs.append([w])
    return runs


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS).endswith(_SENTENCE_END)


def _cut_cost(words: list[_W], j: int) -> float:
    """What it costs to end a cue after ``words[j - 1]`` (``j == len``: end of run, free)."""
    if j >= len(words):
        return 0.0
    last = words[j - 1].text
    pause = words[j].start - words[j - 1].end
    if _ends_sentence(last):
        return 0.0
    clause = last.rstrip(_CLOSERS).endswith(_CLAUSE_END)
    if clause and pause > SOFT_PAUSE_MS:
        return CUT_CLAUSE / 2
    if clause:
        return CUT_CLAUSE
    if pause > SOFT_PAUSE_MS:
        return CUT_PAUSE
    bare = last.strip("\"'“”‘’«»()[]").lower()
    return CUT_MID_PHRASE + (CUT_WEAK_WORD if bare in _WEAK_ENDS else 0.0)


def _fits(text: str, limits: Limits) -> bool:
    """Whether the words fit the lines. Greedy filling uses the fewest lines, so if it fits,
    the balanced breaker (run once per chosen cue) fits too."""
    width = limits.max_chars_per_line
    if len(text) <= width:
        return True
    if len(text) > width * limits.max_lines:
        return False
    return _greedy_wrap(text, width).count("\n") < limits.max_lines and \
        all(len(line) <= width for line in _greedy_wrap(text, width).split("\n"))


def _segment(words: list[_W], limits: Limits, language: str | None) -> list[tuple[int, int, str]]:
    """Best cut points of one run: (first word, past-last word, broken text) per cue."""
    n = len(words)
    room = limits.max_chars_per_line * limits.max_lines
    best = [0.0] + [float("inf")] * n
    choice: list[tuple[int, str]] = [(0, "")] * (n + 1)
    for j in range(1, n + 1):
        cut = _cut_cost(words, j)
        # time this cue may stay up after its last word: the tail, or less when speech resumes
        tail = TAIL_MS if j == n else max(0, min(TAIL_MS, words[j].start - words[j - 1].end
                                                 - limits.min_gap_ms))
        text = ""
        inside = 0.0
        for i in range(j - 1, max(-1, j - 1 - _MAX_WORDS), -1):
            text = words[i].text + (" " + text if text else "")
            span = words[j - 1].end - words[i].start
            if i < j - 1:
                if _ends_sentence(words[i].text):
                    inside += SENTENCE_INSIDE
                if span > limits.max_duration_ms or len(text) > room:
                    break  # longer starts only grow both
            if i < j - 1 and not _fits(text, limits):
                continue
            cost = best[i] + CUE + cut + inside + _timing_cost(len(text), span + tail, limits)
            if cost < best[j]:
                best[j] = cost
                choice[j] = (i, text)
    cues = []
    j = n
    while j > 0:
        i, text = choice[j]
        broken = text if len(text) <= limits.max_chars_per_line else \
            _break_lines(text, limits, language)
        cues.append((i, j, broken))
        j = i
    return cues[::-1]


def _timing_cost(chars: int, shown: int, limits: Limits) -> float:
    cost = 0.0
    if shown < limits.min_duration_ms:
        cost += TOO_SHORT
    cps = chars * 1000 / max(shown, 1)
    if cps > limits.max_cps:
        cost += TOO_FAST * (cps - limits.max_cps) / limits.max_cps
    return cost


def _time(spans: list[tuple[int, int, str]], limits: Limits,
          duration_ms: int | None = None) -> list[Cue]:
    """Speech spans -> cue times: tail, minimum duration and gap, in one pass.

    A cue shows from its first word to its last word's end plus at most ``TAIL_MS`` (issue 4:
    "end times trimmed to speech (+ at most 0.5 s)"), and never past ``duration_ms``. Only a
    cue shorter than ``min_duration_ms`` gets more: first it starts up to ``LEAD_MS`` early,
    into the silence before it, then its tail grows into the free time after it. A cue that
    still reads too fast (CPS) is left so and reported by the readability check: condensing the
    text is an editor's call, and stretching it would put text on screen over silence.
    """
    gap = limits.min_gap_ms
    starts = [s for s, _, _ in spans]
    ends = [e for _, e, _ in spans]
    n = len(spans)
    media_end = duration_ms if duration_ms is not None else \
        max(ends, default=0) + limits.max_duration_ms  # unknown: no bound
    for k in range(n):
        limit = min(starts[k + 1] - gap if k + 1 < n else media_end, media_end)
        floor = ends[k - 1] + gap if k else 0
        ends[k] = max(ends[k], min(ends[k] + TAIL_MS, limit))
        short = limits.min_duration_ms - (ends[k] - starts[k])
        if short > 0:  # the lead first, then a longer tail
            starts[k] = max(min(floor, starts[k]), starts[k] - min(short, LEAD_MS))
            ends[k] = max(ends[k], min(starts[k] + limits.min_duration_ms, limit))
        ends[k] = min(ends[k], starts[k] + limits.max_duration_ms, max(media_end, starts[k] + 1))
        if k + 1 < n and starts[k + 1] - ends[k] < gap:  # words abut: trim this cue's end
            ends[k] = max(starts[k] + 1, starts[k + 1] - gap)
            if starts[k + 1] - ends[k] < gap:
                starts[k + 1] = ends[k] + gap
                ends[k + 1] = max(ends[k + 1], starts[k + 1] + 1)
    return [Cue(s, e, text) for s, e, (_, _, text) in zip(starts, ends, spans)]


def build_cues(words: Sequence[Word], limits: Limits, language: str | None = None,
               duration_ms: int | None = None) -> list[Cue]:
    """Readable cues from timed words, within ``limits`` wherever the speech allows; no cue
    ends past ``duration_ms`` (the media's length), when it is given."""
    spans: list[tuple[int, int, str]] = []
    for run in _runs(reattach(clean_words(words, language))):
        for i, j, text in _segment(run, limits, language):
            spans.append((run[i].start, run[j - 1].end, text))
    return _time(spans, limits, duration_ms)
