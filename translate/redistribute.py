"""Share a translated sentence out over the cues its source came from.

``cut_sentence`` chooses the cuts by evidence (``translate.anchors``: glossary renderings,
numbers, quoted text, each cue's part translated alone, the source's clause marks), the
source's character shares only breaking ties, and says which cuts were a guess so the cue is
marked for review (issue 13: cutting by shares alone moved names and numbers to the next cue).
``split_by_shares`` is the fallback: it cuts at word boundaries as close as possible to the
shares, preferring a cut right after punctuation; every piece gets at least one word. When the
translation has fewer words than the source had cues (``"Sí."`` for a sentence over three cues)
the longest word is split, and a piece that still has nothing gets "...", because an empty cue
is never acceptable: its times must survive unchanged.

A translation with the source's own words (an identity engine, a target that only changed case
or end punctuation) is cut after the same words as the source instead.
"""
from __future__ import annotations

import unicodedata
from typing import Sequence

from translate.anchors import Anchor, Cuts, choose_cuts
from translate.markup import EDGE_PUNCT

STRONG = frozenset(".!?\u2026")
WEAK = frozenset(",;:\u2014\u2013)\u201d\"\u00bb")
STRONG_BONUS = 0.10
WEAK_BONUS = 0.06


def _bonus(word: str) -> float:
    last = word[-1:]
    if last in STRONG:
        return STRONG_BONUS
    if last in WEAK:
        return WEAK_BONUS
    return 0.0


# Extend and SpacingMark characters outside categories M and Cf (UAX #29): Thai and Lao AM,
# halfwidth voiced sound marks, emoji skin tones. Prepend characters that are letters.
_JOINS_PREVIOUS = frozenset("\u0e33\u0eb3\uff9e\uff9f\U0001f3fb\U0001f3fc\U0001f3fd"
                            "\U0001f3fe\U0001f3ff")
_JOINS_NEXT = frozenset("\u0d4e\U000111c2\U000111c3\U0001193f\U00011941\U00011a84"
                        "\U00011a85\U00011a86\U00011a87\U00011a88\U00011a89\U00011d46")


def _hangul(char: str) -> str:
    """Hangul_Syllable_Type: L, V, T, LV, LVT, or "" for other characters."""
    cp = ord(char)
    if 0x1100 <= cp <= 0x115F or 0xA960 <= cp <= 0xA97C:
        return "L"
    if 0x1160 <= cp <= 0x11A7 or 0xD7B0 <= cp <= 0xD7C6:
        return "V"
    if 0x11A8 <= cp <= 0x11FF or 0xD7CB <= cp <= 0xD7FB:
        return "T"
    if 0xAC00 <= cp <= 0xD7A3:
        return "LV" if (cp - 0xAC00) % 28 == 0 else "LVT"
    return ""


def _extends(char: str) -> bool:
    return unicodedata.category(char)[0] == "M" or char in _JOINS_PREVIOUS


def _may_cut(word: str, i: int) -> bool:
    """May ``word`` be cut before ``word[i]``? Only between grapheme clusters (UAX #29), and
    when unsure (an unassigned or format character, a virama) not at all: a cut inside a
    cluster started a cue with a bare accent, or a ZWJ from a torn emoji."""
    before, char = word[i - 1], word[i]
    if _extends(char) or unicodedata.category(char) in ("Cf", "Cn"):
        return False
    if unicodedata.category(before) in ("Cf", "Cn") or before in _JOINS_NEXT:
        return False  # ZWJ (emoji sequences), prepended signs such as U+0600
    hangul = _hangul(before), _hangul(char)
    if hangul in {("L", "L"), ("L", "V"), ("L", "LV"), ("L", "LVT"), ("V", "V"), ("V", "T"),
                  ("LV", "V"), ("LV", "T"), ("T", "T"), ("LVT", "T")}:
        return False
    j = i - 1
    while j >= 0 and _extends(word[j]):
        if unicodedata.combining(word[j]) == 9:
            return False  # a virama joins the consonants around it (KA, VIRAMA, SSA)
        j -= 1
    flags = 0
    while i - 1 - flags >= 0 and "\U0001f1e6" <= word[i - 1 - flags] <= "\U0001f1ff":
        flags += 1
    return not (flags % 2 and "\U0001f1e6" <= char <= "\U0001f1ff")


def _graphemes(word: str) -> list[str]:
    cuts = [0] + [i for i in range(1, len(word)) if _may_cut(word, i)] + [len(word)]
    return [word[a:b] for a, b in zip(cuts, cuts[1:])]


def _enough_words(words: list[str], n: int) -> list[str]:
    """Split the longest word in two until there are ``n`` words (or none can be split).

    Words are measured and halved in grapheme clusters, not code points."""
    words = list(words)
    while len(words) < n:
        clusters = [_graphemes(w) for w in words]
        longest = max(range(len(words)), key=lambda i: len(clusters[i]), default=None)
        if longest is None or len(clusters[longest]) < 4:
            break
        half = len(clusters[longest]) // 2
        words[longest:longest + 1] = ["".join(clusters[longest][:half]),
                                      "".join(clusters[longest][half:])]
    return words


def _bare(words: Sequence[str]) -> list[str]:
    return [w.strip(EDGE_PUNCT).casefold() for w in words]


def share_out(text: str, sources: Sequence[str], parts: Sequence[str] | None = None,
              anchors: Sequence[Anchor] = ()) -> list[str]:
    """``text``, the translation of ``" ".join(sources)``, cut into one piece per source."""
    return list(cut_sentence(text, sources, parts, anchors).pieces)


def cut_sentence(text: str, sources: Sequence[str], parts: Sequence[str] | None = None,
                 anchors: Sequence[Anchor] = ()) -> Cuts:
    """One piece per source, and which boundaries were a guess (``translate.anchors``).

    ``parts`` are the sources translated one by one; ``anchors`` words that must stay in their
    part. Without either, the cuts follow punctuation the source also has, then the shares.
    """
    words = text.split()
    counts = [len(s.split()) for s in sources]
    if all(counts) and _bare(words) == _bare(" ".join(sources).split()):
        pieces, start = [], 0
        for count in counts:
            pieces.append(" ".join(words[start:start + count]))
            start += count
        return Cuts(tuple(pieces))
    chosen = choose_cuts(text, sources, parts, anchors)
    if chosen is not None:
        return chosen
    pieces = split_by_shares(text, [max(1, len(s)) for s in sources])
    return Cuts(tuple(pieces), tuple(range(len(sources) - 1)))


def split_by_shares(text: str, shares: Sequence[int]) -> list[str]:
    """``text`` cut into ``len(shares)`` non-empty pieces sized like ``shares``."""
    n = len(shares)
    if n == 0:
        return []
    words = text.split()
    if n == 1:
        return [" ".join(words) or "..."]
    words = _enough_words(words, n)
    if len(words) < n:
        return words + ["..."] * (n - len(words))
    ends = []  # ends[b]: characters before the cut after word b
    total = 0
    for w in words:
        total += len(w) + 1
        ends.append(total - 1)
    length = ends[-1]
    whole = sum(shares)
    ideals, acc = [], 0
    for share in shares[:-1]:
        acc += share
        ideals.append(length * acc / whole)

    def cost(b: int, k: int) -> float:
        return abs(ends[b] - ideals[k]) / max(length, 1) - _bonus(words[b])

    W = len(words)
    inf = float("inf")
    # best[k][b]: least cost with cut k placed after word b; prev for backtracking.
    best = [[inf] * W for _ in range(n - 1)]
    prev = [[-1] * W for _ in range(n - 1)]
    for b in range(0, W - (n - 1)):
        best[0][b] = cost(b, 0)
    for k in range(1, n - 1):
        running, arg = inf, -1
        for b in range(k, W - (n - 1 - k)):
            if best[k - 1][b - 1] < running:
                running, arg = best[k - 1][b - 1], b - 1
            best[k][b] = running + cost(b, k)
            prev[k][b] = arg
    last = min(range(n - 2, W - 1), key=lambda b: best[n - 2][b])
    cuts = [last]
    for k in range(n - 2, 0, -1):
        cuts.append(prev[k][cuts[-1]])
    cuts.reverse()
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(" ".join(words[start:cut + 1]))
        start = cut + 1
    pieces.append(" ".join(words[start:]))
    return pieces
