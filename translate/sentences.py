"""Cues <-> sentences: what goes to the engine, and where each piece of it came from.

A cue is cut into *slots*, one per speaker turn (a line starting with a dash opens a turn); a
slot keeps its dash and whether it was in italics, and only its plain text goes to MT, so
markup can neither be translated nor lost. Slots are then read in order as one running text
and cut into sentences at end punctuation: a sentence may run across two or three cues and a
cue may hold several sentences. A speaker dash always starts a new sentence. An ellipsis that
ends a cue and is picked up by a lower-case (or "...") start in the next cue is one sentence
carried over, the subtitling convention. Each sentence remembers its *parts*: which slot each
fragment came from and how long it was, which is what ``translate.redistribute`` needs.

Known loss: italics that cover only part of a turn are dropped (whole-turn italics are kept).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from subtitles.model import Track

_TAG = re.compile(r"<[^>]*>|\{\\[^}]*\}")
_DASH = re.compile(r"^([-\u2010\u2013\u2014])\s*(?=\S)")
# End punctuation, closing quotes/brackets, then space: a candidate sentence end.
_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019\u00bb)\]]*(?=\s)")
_CLOSES = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019\u00bb)\]]*$")
_ELLIPSIS_END = re.compile(r"(\.\.\.|\u2026)[\"'\u201d\u2019\u00bb)\]]*$")
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "mt", "prof", "jr", "sr", "vs",
                            "etc", "e.g", "i.e", "no", "gen", "col", "lt", "sgt", "capt"})


@dataclass(frozen=True)
class Slot:
    """One speaker turn of one cue: its dash (``"- "`` or ``""``), italics and plain text."""

    cue: int
    prefix: str
    italic: bool
    text: str


@dataclass(frozen=True)
class Part:
    """A fragment of one slot. ``ellipsis_out``/``ellipsis_in``: the "..." that carried the
    sentence over a cue boundary, taken off the MT text and put back on the translation."""

    slot: int
    text: str
    ellipsis_out: bool = False
    ellipsis_in: bool = False

    def decorate(self, translated: str) -> str:
        start = "..." if self.ellipsis_in else ""
        end = "..." if self.ellipsis_out and not translated.endswith(("...", "\u2026")) else ""
        return f"{start}{translated}{end}"


@dataclass(frozen=True)
class Sentence:
    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.parts)

    @property
    def shares(self) -> list[int]:
        """Characters per part: how the translation is shared out among the slots again."""
        return [max(1, len(p.text)) for p in self.parts]


@dataclass(frozen=True)
class Segmented:
    slots: tuple[Slot, ...]
    sentences: tuple[Sentence, ...]


def _is_italic(raw: str) -> bool:
    stripped = raw.strip()
    return (stripped.startswith(("<i>", "{\\i1}")) and stripped.endswith(("</i>", "{\\i0}"))
            and stripped.count("<i>") + stripped.count("{\\i1}") == 1)


def cue_slots(index: int, text: str) -> list[Slot]:
    """One cue's turns. Lines without a dash belong to the turn before them."""
    whole_italic = _is_italic(text)
    turns: list[list[str]] = []
    for line in text.split("\n"):
        plain = _TAG.sub("", line).strip()
        if _DASH.match(plain) or not turns:
            turns.append([line])
        else:
            turns[-1].append(line)
    slots = []
    for turn in turns:
        raw = "\n".join(turn)
        plain = " ".join(_TAG.sub("", raw).split())
        dash = _DASH.match(plain)
        # "-20 degrees" alone is a number; a dash is a speaker's when turns alternate or a
        # space follows it ("- Yes.").
        is_turn = dash is not None and (len(turns) > 1 or plain[1:2].isspace())
        prefix = dash.group(1) + " " if dash and is_turn else ""
        body = plain[dash.end():] if dash and prefix else plain
        slots.append(Slot(index, prefix, whole_italic or _is_italic(raw), body))
    return slots


def _ends_at(text: str, match: re.Match[str]) -> bool:
    """Is this punctuation a sentence end (not "Mr." or an ellipsis in mid-sentence)?"""
    before = text[:match.start()].split()
    word = before[-1].lower().lstrip("\"'(") if before else ""
    if match.group(0) == "." and (word in _ABBREVIATIONS or len(word) == 1 and word.isalpha()):
        return False
    rest = text[match.end():].lstrip()
    return not rest[:1].islower()


def _fragments(text: str) -> list[tuple[str, bool]]:
    """Cut one slot's text at sentence ends: (fragment, closes a sentence)."""
    pieces: list[tuple[str, bool]] = []
    start = 0
    for match in _END.finditer(text):
        if _ends_at(text, match):
            pieces.append((text[start:match.end()].strip(), True))
            start = match.end()
    tail = text[start:].strip()
    if tail:
        pieces.append((tail, bool(_CLOSES.search(tail))))
    return pieces


def _carries_on(slot: Slot, next_slot: Slot | None) -> bool:
    """An ellipsis at the end of a turn continued by a lower-case or "..." start."""
    if next_slot is None or next_slot.prefix or not _ELLIPSIS_END.search(slot.text):
        return False
    head = next_slot.text.lstrip()
    return head[:1].islower() or head.startswith(("...", "\u2026"))


def segment(track: Track) -> Segmented:
    """Slots of every cue, and the sentences they make up, in track order."""
    slots = [s for i, cue in enumerate(track.cues) for s in cue_slots(i, cue.text)]
    sentences: list[Sentence] = []
    current: list[Part] = []
    for number, slot in enumerate(slots):
        if slot.prefix and current:
            sentences.append(Sentence(tuple(current)))
            current = []
        fragments = _fragments(slot.text)
        nxt = slots[number + 1] if number + 1 < len(slots) else None
        carried_in = bool(current) and current[-1].ellipsis_out
        for k, (fragment, closes) in enumerate(fragments):
            ellipsis_in = carried_in and k == 0 and fragment.startswith(("...", "\u2026"))
            if ellipsis_in:
                fragment = fragment.lstrip(".\u2026 ") or fragment
            carry = k == len(fragments) - 1 and _carries_on(slot, nxt)
            if carry:
                fragment = _ELLIPSIS_END.sub("", fragment).rstrip() or fragment
            current.append(Part(number, fragment, carry, ellipsis_in))
            if closes and not carry:
                sentences.append(Sentence(tuple(current)))
                current = []
    if current:
        sentences.append(Sentence(tuple(current)))
    return Segmented(tuple(slots), tuple(sentences))


def assemble(slot: Slot, text: str) -> str:
    """A slot's translated text with its dash and italics back on."""
    body = f"{slot.prefix}{text}" if slot.prefix else text
    return f"<i>{body}</i>" if slot.italic and body else body
