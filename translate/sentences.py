"""Cues <-> sentences: what goes to the engine, and where each piece of it came from.

A cue is cut into *slots*, one per speaker turn (a line starting with a dash opens a turn); a
slot keeps its dash and its markup (``translate.markup``), and only its plain text goes to MT,
so markup can neither be translated nor lost. Slots are then read in order as one running text
and cut into sentences at end punctuation: a sentence may run across two or three cues and a
cue may hold several sentences. A speaker dash always starts a new sentence. An ellipsis that
ends a cue and is picked up by a lower-case (or "...") start in the next cue is one sentence
carried over, the subtitling convention. Each sentence remembers its *parts*: which slot each
fragment came from, where in it and how long it was, which is what ``translate.redistribute``
and ``translate.markup.put_back`` need.

A turn that is not speech is its own unit, never a piece of a sentence around it (audit: a
``♪`` cue received the first word of the next sentence): one with no letters or digits
(``♪``) is copied as it is, a bracketed sound description (``[music]``, ``(sirens)``) is
translated alone, inside its brackets. A sentence that runs past one simply continues after it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from subtitles.model import Track
from translate.markup import Span, Wrap, combine, read_markup

_DASH = re.compile(r"^([-\u2010\u2013\u2014])\s*(?=\S)")
# End punctuation, closing quotes/brackets, then space: a candidate sentence end.
_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019\u00bb)\]]*(?=\s)")
_CLOSES = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019\u00bb)\]]*$")
_ELLIPSIS_END = re.compile(r"(\.\.\.|\u2026)[\"'\u201d\u2019\u00bb)\]]*$")
# A sound description: one bracketed phrase, maybe between music signs ("\u266a [music] \u266a").
_SOUND = re.compile(r"([^\w\[(]*[\[(]\s*)([^\[\]()]*?)(\s*[\])][^\w\[\]()]*)")
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "mt", "prof", "jr", "sr", "vs",
                            "etc", "e.g", "i.e", "no", "gen", "col", "lt", "sgt", "capt"})

Kind = Literal["speech", "symbols", "sound"]


@dataclass(frozen=True)
class Slot:
    """One speaker turn of one cue: its dash as written (``"- "``, ``"-"`` or ``""``), plain
    text and markup.

    ``outer`` surrounds dash and text, ``inner`` the text alone (``- <i>Yes.</i>``), ``dash``
    the dash alone; ``spans`` cover part of ``text``.
    """

    cue: int
    prefix: str
    text: str
    outer: Wrap = Wrap()
    inner: Wrap = Wrap()
    spans: tuple[Span, ...] = ()
    kind: Kind = "speech"
    dash: Wrap = Wrap()


@dataclass(frozen=True)
class Part:
    """A fragment of one slot, ``text`` taken from ``slot.text[start:end]``.

    ``ellipsis_out``/``ellipsis_in``: the "..." that carried the sentence over a cue boundary,
    taken off the MT text and put back on the translation as it was written (``"\u2026"``,
    ``'..."'``, ``"... "``); "" when there was none. ``before``/``after``: the brackets of a
    sound description.
    """

    slot: int
    text: str
    start: int = 0
    end: int = 0
    ellipsis_out: str = ""
    ellipsis_in: str = ""
    before: str = ""
    after: str = ""

    def decorate(self, translated: str) -> str:
        if self.before or self.after:
            return f"{self.before}{_match_case(self.text, translated)}{self.after}"
        end = self.ellipsis_out
        if translated.endswith(("...", "\u2026", end.strip() or "...")):
            end = ""
        return f"{self.ellipsis_in}{translated}{end}"


def _match_case(source: str, translated: str) -> str:
    """``[music]`` -> ``[música]``, not the ``[Música]`` an engine gives a sentence start."""
    if source.isupper() and len(source) > 1:
        return translated.upper()
    if source[:1].islower() and translated[:1].isupper() and not translated[1:2].isupper():
        return translated[0].lower() + translated[1:]
    return translated


@dataclass(frozen=True)
class Sentence:
    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.parts)


@dataclass(frozen=True)
class Segmented:
    """Slots and sentences; per cue, the markup around the whole cue (``frames``), and the
    lone tags that could not be kept (``dropped``: cue index, tag)."""

    slots: tuple[Slot, ...]
    sentences: tuple[Sentence, ...]
    frames: tuple[Wrap, ...] = ()
    dropped: tuple[tuple[int, str], ...] = ()


def _turns(plain: str) -> list[list[tuple[int, int]]]:
    """Line ranges of each turn. Lines without a dash belong to the turn before them."""
    turns: list[list[tuple[int, int]]] = []
    offset = 0
    for line in plain.split("\n"):
        span = (offset, offset + len(line))
        offset += len(line) + 1
        if _DASH.match(line.strip()) or not turns:
            turns.append([span])
        else:
            turns[-1].append(span)
    return turns


def _flatten(plain: str, lines: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """A turn's lines as one line, runs of white space made one space; ``where[k]`` is the
    position in ``plain`` of character ``k``."""
    chars: list[str] = []
    where: list[int] = []
    for a, b in lines:
        for i in range(a, b + 1):
            blank = i == b or plain[i].isspace()
            if blank and (not chars or chars[-1] == " "):
                continue
            chars.append(" " if blank else plain[i])
            where.append(i)
    while chars and chars[-1] == " ":
        chars.pop()
        where.pop()
    return "".join(chars), where


def _kind(body: str) -> Kind:
    if not any(ch.isalnum() for ch in body):
        return "symbols"
    sound = _SOUND.fullmatch(body)
    if sound and sound.group(1).strip()[-1:] + sound.group(3).strip()[:1] in ("[]", "()"):
        return "sound"
    return "speech"


def read_cue(index: int, text: str) -> tuple[Wrap, list[Slot], tuple[str, ...]]:
    """One cue's frame (markup around all of it), turns, and the tags it had to drop."""
    marked = read_markup(text)
    turns = _turns(marked.plain)
    slots = []
    for lines in turns:
        flat, where = _flatten(marked.plain, lines)
        if not flat:
            continue
        dash = _DASH.match(flat)
        # "-20 degrees" alone is a number; a dash is a speaker's when turns alternate or a
        # space follows it ("- Yes.").
        is_turn = dash is not None and (len(turns) > 1 or flat[1:2].isspace())
        at = dash.end() if dash and is_turn else 0
        prefix = flat[:at]  # as written: "- " or "-"
        body, places = flat[at:], where[at:]
        outer: list[Wrap] = []
        inner: list[Wrap] = []
        on_dash: list[Wrap] = []
        spans: list[Span] = []
        for span in marked.spans:
            covered = [k for k, p in enumerate(places)
                       if span.start <= p < span.end and not body[k].isspace()]
            if not covered:
                if prefix and span.start <= where[0] < span.end:
                    on_dash.append(span.wrap)
                continue
            a, b = covered[0], covered[-1] + 1
            if a == 0 and b == len(body):
                (outer if prefix and span.start <= where[0] else inner).append(span.wrap)
            else:
                spans.append(Span(a, b, span.wrap))
        slots.append(Slot(index, prefix, body, combine(outer), combine(inner), tuple(spans),
                          _kind(body), combine(on_dash)))
    return marked.frame, slots, marked.dropped


def cue_slots(index: int, text: str) -> list[Slot]:
    """One cue's turns."""
    return read_cue(index, text)[1]


def _ends_at(text: str, match: re.Match[str]) -> bool:
    """Is this punctuation a sentence end (not "Mr." or an ellipsis in mid-sentence)?"""
    before = text[:match.start()].split()
    word = before[-1].lower().lstrip("\"'(") if before else ""
    if match.group(0) == "." and (word in _ABBREVIATIONS or len(word) == 1 and word.isalpha()):
        return False
    rest = text[match.end():].lstrip()
    return not rest[:1].islower()


def _fragments(text: str) -> list[tuple[int, int, bool]]:
    """Cut one slot's text at sentence ends: (start, end, closes a sentence)."""
    cuts: list[tuple[int, int, bool]] = []
    start = 0
    for match in _END.finditer(text):
        if _ends_at(text, match):
            cuts.append((start, match.end(), True))
            start = match.end()
    tail = text[start:]
    if tail.strip():
        cuts.append((start, len(text), bool(_CLOSES.search(tail.strip()))))
    pieces = []
    for a, b, closes in cuts:
        piece = text[a:b]
        a += len(piece) - len(piece.lstrip())
        b -= len(piece) - len(piece.rstrip())
        pieces.append((a, b, closes))
    return pieces


def _carries_on(slot: Slot, next_slot: Slot | None) -> bool:
    """An ellipsis at the end of a turn continued by a lower-case or "..." start."""
    if next_slot is None or next_slot.prefix or not _ELLIPSIS_END.search(slot.text):
        return False
    head = next_slot.text.lstrip()
    return head[:1].islower() or head.startswith(("...", "\u2026"))


def _take_ellipses(fragment: str, carried_in: bool, carries_on: bool) -> tuple[str, str, str]:
    """(text for MT, the "..." taken off its start, the "..." taken off its end), each "..."
    exactly as written, so that it goes back unchanged (audit: "\u2026" came back as "...")."""
    ellipsis_in = ellipsis_out = ""
    if carried_in and fragment.startswith(("...", "\u2026")):
        bare = fragment.lstrip(".\u2026 ")
        if bare:
            ellipsis_in, fragment = fragment[:len(fragment) - len(bare)], bare
    if carries_on:
        bare = _ELLIPSIS_END.sub("", fragment).rstrip(" .\u2026")  # "so \u2026..." too
        ellipsis_out, fragment = (fragment[len(bare):], bare) if bare else (fragment, fragment)
    return fragment, ellipsis_in, ellipsis_out


def _sound_part(number: int, slot: Slot) -> Part:
    """``[music]`` -> the part "music", its brackets kept aside."""
    match = _SOUND.fullmatch(slot.text)
    assert match is not None
    return Part(number, match.group(2), match.start(2), match.end(2),
                before=match.group(1), after=match.group(3))


def segment(track: Track) -> Segmented:
    """Slots of every cue, and the sentences they make up, in track order."""
    frames: list[Wrap] = []
    slots: list[Slot] = []
    dropped: list[tuple[int, str]] = []
    for i, cue in enumerate(track.cues):
        frame, turns, lost = read_cue(i, cue.text)
        frames.append(frame)
        slots.extend(turns)
        dropped.extend((i, tag) for tag in lost)
    sentences: list[Sentence] = []
    current: list[Part] = []
    for number, slot in enumerate(slots):
        if slot.prefix and current:
            sentences.append(Sentence(tuple(current)))
            current = []
        if slot.kind == "sound":  # its own sentence; one running past it goes on after it
            sentences.append(Sentence((_sound_part(number, slot),)))
        if slot.kind != "speech":
            continue
        fragments = _fragments(slot.text)
        nxt = slots[number + 1] if number + 1 < len(slots) else None
        carried_in = bool(current and current[-1].ellipsis_out)
        for k, (start, end, closes) in enumerate(fragments):
            carry = k == len(fragments) - 1 and _carries_on(slot, nxt)
            fragment, ellipsis_in, ellipsis_out = _take_ellipses(
                slot.text[start:end], carried_in and k == 0, carry)
            current.append(Part(number, fragment, start, end, ellipsis_out, ellipsis_in))
            if closes and not carry:
                sentences.append(Sentence(tuple(current)))
                current = []
    if current:
        sentences.append(Sentence(tuple(current)))
    return Segmented(tuple(slots), tuple(sentences), tuple(frames), tuple(dropped))


def assemble(slot: Slot, text: str) -> str:
    """A slot's translated text with its dash and markup back on."""
    body = slot.inner.around(text)
    if not slot.prefix or not body:
        return slot.outer.around(body)
    dash = slot.dash.around(slot.prefix.rstrip())
    return slot.outer.around(f"{dash}{slot.prefix[len(slot.prefix.rstrip()):]}{body}")
