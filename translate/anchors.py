"""Where to cut a sentence's translation so that every word lands in the cue where it is spoken.

Issue 13 measured the old rule (cut at the source's character shares, a small bonus after a
comma): names, numbers and auxiliaries moved to the neighbouring cue in about a third of the
cues inside multi-cue sentences. Here the cuts are chosen by evidence, strongest first:

* **anchors** (``Anchor``): words that must end up in one cue: a glossary rendering (never cut
  across cues), a number, quoted text. Each is pinned to the part of the source it came from;
  no cut may fall inside one.
* **the parts' own translations**: each cue's part of the sentence is also translated alone (one
  more batched engine call); a word of the whole translation that occurs in exactly one part's
  translation votes for that part (exact word, else a shared stem of 5+ letters).
* **clause marks**: a cut after punctuation counts when the source part ends with punctuation
  too, and only then.
* a number keeps its noun: a cut right after a number (``22 | años``, ``dues | vegades``) costs,
  unless the next word's own evidence puts it in the next cue or it is a function word.

The cuts maximise the total score together (dynamic programming over contiguous pieces, each
non-empty); the source's character shares only break ties. A cut whose best positions tie over a
content word is *uncertain*: the caller marks that cue for review instead of guessing silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

from subtitles.linebreak import FUNCTION_WORDS
from translate.markup import EDGE_PUNCT

ANCHOR_WEIGHT = 3.0      # per anchor word, towards its part
VOTE_WEIGHT = 1.0        # per word found in exactly one part's own translation
SHORT_VOTE_WEIGHT = 0.4  # the same for a word of 1-3 letters ("la", "de": weaker evidence)
CLAUSE_WEIGHT = 1.0      # a cut after punctuation where the source part ends with punctuation
NUMBER_NOUN_COST = 1.5   # a cut between a number and the word after it
INSIDE_ANCHOR_COST = 100.0
SHARE_WEIGHT = 0.01      # character shares: a tie-breaker, never more
TIE = 0.3                # positions scoring within this of the best are a tie
STEM = 5

_PUNCT_END = frozenset(".,;:!?\u2026)\u201d\"\u00bb\u2014\u2013")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
# Small cardinal numbers spelled out, in the languages our engines write: a cut after one of
# them separates a number from its noun ("vint-i-dues | vegades").
NUMBER_WORDS = frozenset("""
    two three four five six seven eight nine ten eleven twelve twenty thirty hundred thousand
    dos tres cuatro cinco seis siete ocho nueve diez once doce veinte treinta cien ciento mil
    dues tres quatre cinc sis set vuit nou deu onze dotze vint trenta cent
    dois duas três quatro cinco seis sete oito nove dez onze doze vinte trinta cem
    dous dúas catro sete oito nove dez vinte cen
    du tri kvar kvin ses sep ok naŭ dek cent mil
""".split())


Piece = Callable[[int, int, int], float]  # (first word, end word, part) -> votes
CutScore = Callable[[int, int], float]     # (cut after word, cut number) -> score


_FUNCTION_WORDS = frozenset().union(*FUNCTION_WORDS.values())


@dataclass(frozen=True)
class Anchor:
    """Words of the translation (``text``) that belong in source part ``part``."""

    text: str
    part: int


@dataclass(frozen=True)
class Cuts:
    """The pieces, one per part, and the parts whose boundary with the next was a guess."""

    pieces: tuple[str, ...]
    uncertain: tuple[int, ...] = ()


def _norm(word: str) -> str:
    return word.strip(EDGE_PUNCT).casefold()


def _is_number(word: str) -> bool:
    bare = _norm(word)
    return bool(bare) and (bare[0].isdigit() or bare in NUMBER_WORDS
                           or bare.split("-")[-1] in NUMBER_WORDS)


def _anchor_spans(words: list[str], anchors: Sequence[Anchor]) -> list[tuple[int, int, int]]:
    """(first word, end word, part) of each anchor found in ``words``, left to right, each
    occurrence used once (two "1944" in the sentence go to their parts in order)."""
    bare = [_norm(w) for w in words]
    used: set[int] = set()
    spans = []
    for anchor in anchors:
        target = [_norm(w) for w in anchor.text.split()]
        target = [t for t in target if t]
        if not target:
            continue
        size = len(target)
        for i in range(len(words) - size + 1):
            if i in used or bare[i:i + size] != target:
                continue
            used.add(i)
            spans.append((i, i + size, anchor.part))
            break
    return spans


def _votes(words: list[str], parts: Sequence[str]) -> list[list[float]]:
    """``votes[i][k]``: evidence that word ``i`` belongs to part ``k``."""
    vocab = [{_norm(w) for w in p.split()} - {""} for p in parts]
    stems = [{w[:STEM] for w in v if len(w) >= STEM} for v in vocab]
    votes = []
    for word in words:
        bare = _norm(word)
        row = [0.0] * len(parts)
        if bare:
            hits = [k for k, v in enumerate(vocab) if bare in v]
            if not hits and len(bare) >= STEM:
                hits = [k for k, s in enumerate(stems) if bare[:STEM] in s]
            if len(hits) == 1:
                row[hits[0]] = VOTE_WEIGHT if len(bare) > 3 else SHORT_VOTE_WEIGHT
        votes.append(row)
    return votes


def choose_cuts(text: str, sources: Sequence[str], parts: Sequence[str] | None = None,
                anchors: Sequence[Anchor] = ()) -> Cuts | None:
    """Cut ``text`` (the translation of ``" ".join(sources)``) into one piece per source, or
    None when it has fewer words than there are sources (the caller splits words then)."""
    words = text.split()
    n, size = len(sources), len(words)
    if n < 2 or size < n:
        return None
    have_parts = parts is not None and len(parts) == n
    gain = _votes(words, parts) if have_parts and parts is not None else \
        [[0.0] * n for _ in words]
    inside = [0.0] * size  # cost of a cut after word i
    for a, b, k in _anchor_spans(words, anchors):
        for i in range(a, b):
            gain[i][k] += ANCHOR_WEIGHT
        for i in range(a, b - 1):
            inside[i] += INSIDE_ANCHOR_COST
    noun_after = [i < size - 1 and _is_number(words[i]) and words[i][-1:] not in _PUNCT_END
                  and words[i + 1][:1].isalpha() and words[i + 1][:1].islower()
                  and _norm(words[i + 1]) not in _FUNCTION_WORDS for i in range(size)]
    source_marks = [s.rstrip()[-1:] in _PUNCT_END for s in sources]
    prefix = [[0.0] * (size + 1) for _ in range(n)]
    for k in range(n):
        for i in range(size):
            prefix[k][i + 1] = prefix[k][i] + gain[i][k]
    ends, total = [], 0
    for w in words:
        total += len(w) + 1
        ends.append(total - 1)
    whole = sum(max(1, len(s)) for s in sources)
    ideals, acc = [], 0
    for s in sources[:-1]:
        acc += max(1, len(s))
        ideals.append(ends[-1] * acc / whole)

    def cut_score(b: int, k: int) -> float:
        """Cut ``k`` after word ``b``: punctuation agreement minus what it breaks."""
        mark = CLAUSE_WEIGHT if source_marks[k] and words[b][-1:] in _PUNCT_END else 0.0
        if noun_after[b] and gain[b + 1][k + 1] <= 0:  # nothing says the noun goes on
            mark -= NUMBER_NOUN_COST
        return mark - inside[b]

    def piece(a: int, b: int, k: int) -> float:
        return prefix[k][b] - prefix[k][a]

    def share(b: int, k: int) -> float:
        return SHARE_WEIGHT * abs(ends[b] - ideals[k]) / max(ends[-1], 1)

    cuts = _best(size, n, piece, cut_score, share)
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(" ".join(words[start:cut + 1]))
        start = cut + 1
    pieces.append(" ".join(words[start:]))
    unsure = tuple(k for k in range(n - 1)
                   if _ties(words, cuts, k, piece, cut_score))
    return Cuts(tuple(pieces), unsure)


def _best(size: int, n: int, piece: Piece, cut_score: CutScore, share: CutScore) -> list[int]:
    """Cuts (after word b, ascending) maximising pieces' votes + cut scores - share distance."""
    neg = float("-inf")
    # best[k][b]: best score of words[:b+1] in k+1 pieces, the last cut after word b
    best = [[neg] * size for _ in range(n - 1)]
    back = [[-1] * size for _ in range(n - 1)]
    for b in range(0, size - (n - 1)):
        best[0][b] = piece(0, b + 1, 0) + cut_score(b, 0) - share(b, 0)
    for k in range(1, n - 1):
        for b in range(k, size - (n - 1 - k)):
            for a in range(k - 1, b):
                if best[k - 1][a] == neg:
                    continue
                score = best[k - 1][a] + piece(a + 1, b + 1, k) + cut_score(b, k) - share(b, k)
                if score > best[k][b]:
                    best[k][b], back[k][b] = score, a
    last = max(range(n - 2, size - 1),
               key=lambda b: best[n - 2][b] + piece(b + 1, size, n - 1))
    cuts = [last]
    for k in range(n - 2, 0, -1):
        cuts.append(back[k][cuts[-1]])
    return cuts[::-1]


def _ties(words: list[str], cuts: list[int], k: int, piece: Piece, cut_score: CutScore) -> bool:
    """Does cut ``k`` tie (within ``TIE``, shares aside) with a position that moves a content
    word (4+ letters) across the boundary? Then the evidence did not decide it."""
    low = cuts[k - 1] + 1 if k > 0 else 0
    high = cuts[k + 1] - 1 if k + 1 < len(cuts) else len(words) - 2
    start = cuts[k - 1] + 1 if k > 0 else 0
    stop = cuts[k + 1] + 1 if k + 1 < len(cuts) else len(words)

    def score(b: int) -> float:
        return piece(start, b + 1, k) + piece(b + 1, stop, k + 1) + cut_score(b, k)

    here = score(cuts[k])
    near = [b for b in range(low, high + 1) if score(b) >= here - TIE]
    a, b = min(near), max(near)
    return any(sum(ch.isalpha() for ch in w) >= 4 for w in words[a + 1:b + 1])
