"""Near misses: word spans that read almost like a glossary term ("United Hatsalah", "Mivtahim").

Speech recognition misspells names in ways no variant list foresees, so spans of words are
scored against every spelling with rapidfuzz (edit similarity of the spellings with case, spaces
and apostrophes removed) and jellyfish (Metaphone, for sound-alikes). A span may cross a line
break and, for adjacent cues less than ``MAX_GAP_MS`` apart, a cue boundary ("United" | "Hatsala"),
but never punctuation that ends a clause (, ; : . ! ?): "Ash, Kelon" is two things said.

Wrong fixes are worse than missed ones, so a span must also: start with a capital letter (Whisper
capitalizes what it takes for a name), hold no common function word, be at least 5 letters, keep
the same numbers ("Route 233" is another road) and not touch a span already matched exactly.
Whole words only: "Zakarov" is never changed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Literal

from subtitles.model import Cue, Track

from glossary.load import form_key
from glossary.match import match_case
from glossary.model import Glossary, Term

MAX_GAP_MS = 1500
MIN_SCORE = 88.0
MIN_SOUNDALIKE_SCORE = 75.0
MIN_LETTERS = 5
_WORD = re.compile(r"\w+(?:['’ʼ`\u05f3\-]\w+)*")
_POSSESSIVE = re.compile(r"(['’]s|s['’])$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_CLAUSE_BREAK = re.compile(r"[,;:.!?…—–،؛؟。，；：！？]")
STOPWORDS = frozenset("""
a an and are as at be but by for from had has have he her his i in is it its me my no not of on
or our she so than that the their them then there they this to us was we were what when where
which who will with you your yes all one two out up down over into onto
""".split())


@dataclass(frozen=True)
class Word:
    cue: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Span:
    """Words that should read ``replacement``; ``kind`` is "variant" when the letters agree."""

    words: tuple[Word, ...]
    surface: str
    replacement: str
    kind: Literal["variant", "fuzzy"]
    term: Term
    score: float
    line: int | None


@dataclass(frozen=True)
class _Entry:
    term: Term
    form: str
    key: str
    words: int
    digits: tuple[str, ...]


def split_words(text: str) -> tuple[list[str], list[str]]:
    """Words and the separators between them (len(seps) == len(words) - 1)."""
    matches = list(_WORD.finditer(text))
    words = [m.group() for m in matches]
    seps = [text[a.end():b.start()] for a, b in zip(matches, matches[1:])]
    return words, seps


def text_line(cue: Cue, offset: int) -> int | None:
    """File line of character ``offset`` of the cue's text (its text starts below the timing)."""
    if cue.line is None:
        return None
    return cue.line + 1 + cue.text.count("\n", 0, offset)


def _entries(glossary: Glossary) -> list[_Entry]:
    return [_Entry(term, form, form_key(form), max(1, len(_WORD.findall(form))),
                   tuple(_DIGITS.findall(form)))
            for term in glossary.terms for form in term.forms if form_key(form)]


def _words(track: Track) -> list[Word]:
    return [Word(i, m.start(), m.end(), m.group())
            for i, cue in enumerate(track.cues) for m in _WORD.finditer(cue.text)]


def _surface(track: Track, words: tuple[Word, ...]) -> str:
    parts = []
    for cue in dict.fromkeys(w.cue for w in words):
        inside = [w for w in words if w.cue == cue]
        parts.append(track.cues[cue].text[inside[0].start:inside[-1].end])
    return " ".join(parts)


def _between(track: Track, a: Word, b: Word) -> str:
    """The text between two neighbouring words, across a cue boundary too."""
    if a.cue == b.cue:
        return track.cues[a.cue].text[a.end:b.start]
    return track.cues[a.cue].text[a.end:] + " " + track.cues[b.cue].text[:b.start]


def _joinable(track: Track, window: list[Word]) -> bool:
    """Whether words may read as one name: in one cue or two close ones, and never across
    punctuation that ends a clause ("Beer and Ash, Kelon said." holds no "Ashkelon")."""
    if any(_CLAUSE_BREAK.search(_between(track, a, b)) for a, b in zip(window, window[1:])):
        return False
    cues = sorted({w.cue for w in window})
    if len(cues) == 1:
        return True
    if len(cues) > 2 or cues[1] != cues[0] + 1:
        return False
    return track.cues[cues[1]].start_ms - track.cues[cues[0]].end_ms <= MAX_GAP_MS


def _eligible(key: str, window: list[Word]) -> bool:
    """Whether a window may be fuzzily fixed at all (cheap checks before any scoring)."""
    return (len(key) >= MIN_LETTERS and window[0].text[:1].isupper()
            and not any(w.text.casefold() in STOPWORDS for w in window))


def _near(key: str, keys: list[str]) -> Iterable[tuple[float, int]]:
    """(score, index) of every key in ``keys`` as alike to ``key`` as a fuzzy fix needs: an edit
    similarity of ``MIN_SCORE``, or ``MIN_SOUNDALIKE_SCORE`` and the same Metaphone."""
    from rapidfuzz import fuzz, process

    for form, score, index in process.extract(key, keys, scorer=fuzz.ratio, limit=None,
                                              score_cutoff=MIN_SOUNDALIKE_SCORE):
        if score >= MIN_SCORE or _sounds_alike(key, form):
            yield score, index


def _fuzzy_matches(key: str, window: list[Word], entries: list[_Entry],
                   keys: list[str]) -> Iterable[tuple[float, _Entry]]:
    digits = tuple(_DIGITS.findall(" ".join(w.text for w in window)))
    for score, index in _near(key, keys):
        entry = entries[index]
        if abs(entry.words - len(window)) > 1 or len(entry.key) < MIN_LETTERS:
            continue
        if entry.digits != digits or entry.key in key:
            continue  # another number, or a longer word holding the spelling ("Rayimo")
        yield score, entry


def spelled_like_any(key: str, forms: list[str]) -> bool:
    """Whether a spelling key (``form_key``) is as alike to one of ``forms`` (keys) as a fuzzy
    fix needs (``_near``)."""
    return any(True for _ in _near(key, forms))


def _sounds_alike(a: str, b: str) -> bool:
    import jellyfish

    return bool(jellyfish.metaphone(a) == jellyfish.metaphone(b))


def _candidates(track: Track, words: list[Word], entries: list[_Entry],
                blocked: set[int], fuzzy: bool) -> Iterable[tuple[float, int, int, _Entry, str]]:
    longest = max(e.words for e in entries) + 1
    keys = [e.key for e in entries]
    exact: dict[str, list[_Entry]] = {}
    for entry in entries:
        exact.setdefault(entry.key, []).append(entry)
    word_keys = [form_key(w.text) for w in words]
    bare_keys = [form_key(_POSSESSIVE.sub("", w.text)) for w in words]
    for i in range(len(words)):
        for k in range(1, longest + 1):
            window = words[i:i + k]
            if len(window) < k or i + k - 1 in blocked or i in blocked:
                break
            if k > 1 and not _joinable(track, window):
                break
            key = "".join(word_keys[i:i + k - 1]) + bare_keys[i + k - 1]
            for entry in exact.get(key, ()):
                yield 100.0, i, k, entry, "variant"
            if fuzzy and key not in exact and _eligible(key, window):
                for score, entry in _fuzzy_matches(key, window, entries, keys):
                    yield score, i, k, entry, "fuzzy"


def find_fuzzy(track: Track, glossary: Glossary, *,
               exclude: Iterable[tuple[int, int, int]] = (), fuzzy: bool = True) -> list[Span]:
    """Spans to fix, never overlapping each other or ``exclude`` (cue, start, end).

    With ``fuzzy=False`` only exact spellings that the in-cue pass cannot see are found
    (split across two cues, or by a hyphen where the term has an apostrophe).
    """
    entries = _entries(glossary)
    if not entries:
        return []
    words = _words(track)
    by_cue: dict[int, list[tuple[int, int]]] = {}
    for cue, start, end in exclude:
        by_cue.setdefault(cue, []).append((start, end))
    blocked = {n for n, w in enumerate(words)
               if any(s < w.end and w.start < e for s, e in by_cue.get(w.cue, ()))}
    best = sorted(_candidates(track, words, entries, blocked, fuzzy),
                  key=lambda c: (-c[0], -c[2], c[1]))
    spans: list[Span] = []
    for score, i, k, entry, kind in best:
        if any(n in blocked for n in range(i, i + k)):
            continue
        window = tuple(words[i:i + k])
        possessive = _POSSESSIVE.search(window[-1].text)
        surface = _surface(track, window)
        replacement = match_case(surface, entry.term.term)
        if possessive:
            replacement += possessive.group()
        if replacement == surface:
            blocked.update(range(i, i + k))
            continue
        blocked.update(range(i, i + k))
        first = window[0]
        spans.append(Span(window, surface, replacement, kind,  # type: ignore[arg-type]
                          entry.term, score, text_line(track.cues[first.cue], first.start)))
    return sorted(spans, key=lambda s: (s.words[0].cue, s.words[0].start))
