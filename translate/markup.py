"""Markup in cue text: what is taken off before MT, and how it is put back on the translation.

Only real markup is markup: ``<i>``, ``<b>``, ``<u>``, ``<font ...>`` with their closing tags,
and ASS override blocks (``{\\i1}``, ``{\\an8}``). Anything else in angle brackets is text
(``3 < 4 and 5 > 2``) and goes to the engine like any other word; a ``<[^>]*>`` pattern used
to delete it.

A tag pair is put back where it was: around the whole cue, around a whole speaker turn, around
the sentence parts it covered in a turn, or around the words it covered. Words are found in the
translation by translating them alone (through the glossary lock when they hold a term) or by
their glossary rendering or their own spelling (names, numbers); when none of those occurs
exactly once, the pair covers that sentence's whole piece of the cue and a person is asked to
review it. A piece that came back unchanged keeps its tags where they were (``<i>No</i>, no.``
names "no" twice). A lone tag in the middle of a cue (``{\\fs20}`` between words, a stray
``</i>``) marks a point that has no counterpart in another language's word order: it is
dropped, with a warning.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

MARKUP = re.compile(r"<\s*/?\s*[ibu]\s*>|<\s*font(?:\s[^<>]*)?>|<\s*/\s*font\s*>|\{\\[^{}]*\}",
                    re.IGNORECASE)
_HTML_NAME = re.compile(r"<\s*(/?)\s*([a-z]+)")
_ASS_TOGGLE = re.compile(r"\{\\([ibus])(\d*)\}")
EDGE_PUNCT = " \t.,;:!?\u00a1\u00bf\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u2026-"


@dataclass(frozen=True)
class Wrap:
    """Tags to put around a piece of text, as written in the source (``close`` may be "")."""

    open: str = ""
    close: str = ""

    def around(self, text: str) -> str:
        return f"{self.open}{text}{self.close}" if text else text


def combine(wraps: Sequence[Wrap]) -> Wrap:
    """Nested wraps, outermost first, as one."""
    return Wrap("".join(w.open for w in wraps), "".join(w.close for w in reversed(wraps)))


@dataclass(frozen=True)
class Span:
    """A tag pair around ``text[start:end]`` of the plain text it was read from."""

    start: int
    end: int
    wrap: Wrap


@dataclass(frozen=True)
class Marked:
    """One cue's text with its markup taken off: ``frame`` surrounds the whole cue, ``spans``
    lie inside it (outermost first), ``dropped`` are mid-text tags that pair with nothing."""

    plain: str
    frame: Wrap
    spans: tuple[Span, ...]
    dropped: tuple[str, ...]


def _kind(token: str) -> tuple[str, bool] | None:
    """(tag name, opens) for a tag that pairs, None for a lone one (``{\\an8}``)."""
    low = token.lower()
    if low.startswith("{"):
        toggle = _ASS_TOGGLE.fullmatch(low)
        if toggle is None:
            return None
        return "ass-" + toggle.group(1), toggle.group(2) not in ("", "0")
    match = _HTML_NAME.match(low)
    assert match is not None  # MARKUP only matches named tags
    return match.group(2), not match.group(1)


def read_markup(text: str) -> Marked:
    """Take the markup off one cue's text, remembering where each pair was."""
    events: list[tuple[int, str]] = []  # (position in the plain text, tag)
    chunks: list[str] = []
    size = last = 0
    for match in MARKUP.finditer(text):
        chunks.append(text[last:match.start()])
        size += match.start() - last
        events.append((size, match.group(0)))
        last = match.end()
    chunks.append(text[last:])
    plain = "".join(chunks)
    pairs: list[tuple[int, int | None]] = []
    lone: list[int] = []
    stacks: dict[str, list[int]] = {}
    for k, (_, token) in enumerate(events):
        kind = _kind(token)
        if kind is None:
            lone.append(k)
        elif kind[1]:
            stacks.setdefault(kind[0], []).append(k)
        elif stacks.get(kind[0]):
            pairs.append((stacks[kind[0]].pop(), k))
        else:
            lone.append(k)  # a closing tag that closes nothing
    pairs.extend((k, None) for opened in stacks.values() for k in opened)  # open to the end
    first, end = len(plain) - len(plain.lstrip()), len(plain.rstrip())
    framing: set[int] = set()
    spans: list[tuple[int, Span]] = []
    for opened, closed in pairs:
        start = events[opened][0]
        stop = events[closed][0] if closed is not None else len(plain)
        if start <= first and stop >= end:
            framing.update(k for k in (opened, closed) if k is not None)
        elif stop > start:
            close = events[closed][1] if closed is not None else ""
            spans.append((opened, Span(start, stop, Wrap(events[opened][1], close))))
    dropped = []
    for k in lone:
        if first < events[k][0] < end:
            dropped.append(events[k][1])
        else:
            framing.add(k)
    opens = "".join(events[k][1] for k in sorted(framing) if events[k][0] <= first)
    closes = "".join(events[k][1] for k in sorted(framing) if events[k][0] > first)
    ordered = sorted(spans, key=lambda item: (item[1].start, -item[1].end, item[0]))
    return Marked(plain, Wrap(opens, closes), tuple(s for _, s in ordered), tuple(dropped))


def _locate(piece: str, options: Sequence[str]) -> tuple[int, int] | None:
    """Where the first of ``options`` that occurs exactly once as whole words sits in ``piece``."""
    for option in options:
        words = option.strip(EDGE_PUNCT)
        if not any(ch.isalnum() for ch in words):
            continue
        found = list(re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", piece, re.IGNORECASE))
        if len(found) == 1:
            return found[0].start(), found[0].end()
    return None


def _with_edge_punct(piece: str, place: tuple[int, int], words: str) -> tuple[int, int]:
    """Take the punctuation around the match in too when the tag held the same in the source
    (``<i>sirens very well.</i>`` -> ``<i>sirenas muy bien.</i>``)."""
    a, b = place
    head = words[:len(words) - len(words.lstrip(EDGE_PUNCT))]
    tail = words[len(words.rstrip(EDGE_PUNCT)):]
    if head and piece[max(0, a - len(head)):a] == head:
        a -= len(head)
    if tail and piece[b:b + len(tail)] == tail:
        b += len(tail)
    return a, b


def _crosses(x: tuple[int, int], y: tuple[int, int]) -> bool:
    """Do two ranges overlap without one holding the other (tags that cannot nest)?"""
    holds = (x[0] <= y[0] and y[1] <= x[1]) or (y[0] <= x[0] and x[1] <= y[1])
    return x[0] < y[1] and y[0] < x[1] and not holds


def _insert(piece: str, places: Sequence[tuple[int, int, Wrap]]) -> str:
    """Tag pairs put into ``piece``; they may nest (equal ranges come outermost first, as
    spans do): put in one pair at a time, ``<i><b>so</b></i>`` came out tangled."""
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for a, b, wrap in sorted(places, key=lambda place: (place[0], -place[1])):
        opens.setdefault(a, []).append(wrap.open)
        closes.setdefault(b, []).insert(0, wrap.close)  # the innermost closes first
    out: list[str] = []
    for i in range(len(piece) + 1):
        out += closes.get(i, []) + opens.get(i, [])
        out.append(piece[i:i + 1])
    return "".join(out)


def put_back(text: str, pieces: Sequence[tuple[tuple[int, int], str]], spans: Sequence[Span],
             renderings: Callable[[str], Sequence[str]]) -> tuple[str, list[str]]:
    """One turn's translated pieces, joined, with the tag pairs inside the turn put back.

    ``pieces`` are (source range in ``text``, translation) in order, one per sentence part;
    ``renderings(words)`` says what some source words may have become. Returns the text and a
    review note for each pair that had to cover more than its words.
    """
    out = [translation for _, translation in pieces]
    inside: dict[int, list[tuple[int, int, Wrap]]] = {}
    around: list[tuple[int, int, Wrap]] = []
    notes: list[str] = []
    for span in spans:
        hit = [k for k, ((a, b), _) in enumerate(pieces) if a < span.end and span.start < b]
        words = text[span.start:span.end].strip()
        if not hit:  # not expected: every character but spaces belongs to a piece
            hit = list(range(len(pieces)))
        if all(span.start <= pieces[k][0][0] and pieces[k][0][1] <= span.end for k in hit):
            around.append((hit[0], hit[-1], span.wrap))
            continue
        (start, end), piece = pieces[hit[0]]
        if len(hit) > 1:
            place = None
        elif piece == text[start:end]:  # untranslated (an identity engine): where it was
            place = (span.start - start, span.end - start)
        else:
            place = _locate(piece, renderings(words))
            place = _with_edge_punct(piece, place, words) if place else None
        taken = inside.setdefault(hit[0], [])
        if place and not any(_crosses(place, (a, b)) for a, b, _ in taken):
            taken.append((place[0], place[1], span.wrap))
            continue
        around.append((hit[0], hit[-1], span.wrap))
        notes.append(f'{span.wrap.open} around "{words}" could not be put on the same words '
                     "in the translation; it now covers the sentence's whole text in this cue")
    for k, places in inside.items():
        out[k] = _insert(out[k], places)
    for first, last, wrap in reversed(around):  # innermost first, so outer tags end outside
        out[first] = wrap.open + out[first]
        out[last] = out[last] + wrap.close
    return " ".join(out), notes
