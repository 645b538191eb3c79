"""Lock names through machine translation: mask each term with a token, then put the rendering back.

Tokens are plain capital letters and digits (``XNE0X``) because that is what engines leave alone.
Measured (issue 5): ``XNE0X`` survived 11/11 sentences through the Bergamot en->pt model and
Apertium; ``__NE0__`` lost 2/11, and ``{0}``, ``⟦0⟧``, ``<x id="0"/>`` and ``@@0@@`` were
destroyed by the neural model. Engines still change the token's case or put spaces in or around
it, so ``restore`` reads it back tolerantly (``xne0x``, ``XNE 0 X``, ``XNE0X ,``) and rebuilds
the punctuation that touched the term in the source. A token that the engine dropped, doubled or
invented raises ``TokenLost``: the caller then translates that sentence unmasked or marks the cue
for review. A token never reaches a subtitle.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from subtitles.errors import SubsError

from glossary.match import find_forms, match_case
from glossary.model import Glossary, Term

_TOKEN_END = "X"
_RARE = "QZKVJW"  # letters rare enough in every target language to build stems from
# Any placeholder this module makes, as an engine may return it: any case, spaces between its
# characters, words glued to either side (Apertium gave "XNE0Xha"). Found in a finished
# subtitle, it is a name that never came back.
LEFTOVER_TOKEN = re.compile(rf"X[ \t]*(?:N[ \t]*E|[{_RARE}][ \t]*[{_RARE}])[ \t]*\d+[ \t]*X",
                            re.IGNORECASE)
_SENTENCE_START = re.compile(r"(^|[.!?…]\s+)[\"'“‘«¿¡(\[-]*\s*$")


class TokenLost(SubsError):
    """The engine lost, doubled or invented a placeholder; ``terms`` names the terms affected."""

    def __init__(self, terms: tuple[str, ...], translated: str = "") -> None:
        super().__init__(terms, translated)
        self.terms = terms
        self.translated = translated

    def __str__(self) -> str:
        names = ", ".join(f'"{t}"' for t in self.terms) or "a term"
        return f"the translation engine lost or repeated the placeholder for {names}"


@dataclass(frozen=True)
class Masked:
    """One masked occurrence: its token number, the term, the source spelling, the rendering."""

    number: int
    term: Term
    surface: str
    rendering: str
    before: str = ""
    after: str = ""
    wide: bool = False  # the source itself had two spaces or more next to the term


@dataclass(frozen=True)
class Protected:
    """A sentence ready for the engine (``masked``) and what ``restore`` needs to undo it."""

    text: str
    masked: str
    slots: tuple[Masked, ...] = ()
    stem: str = "XNE"

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(slot.term for slot in self.slots)

    def token(self, number: int) -> str:
        return f"{self.stem}{number}{_TOKEN_END}"

    def restore(self, translated: str) -> str:
        """The engine's output with each token replaced by its rendering; TokenLost if unsure."""
        if not self.slots:
            return translated
        pattern = _token_regex(self.stem)
        seen: dict[int, int] = {}
        for match in pattern.finditer(translated):
            number = int(match.group(1))
            seen[number] = seen.get(number, 0) + 1
        wanted = {slot.number for slot in self.slots}
        bad = {n for n in wanted if seen.get(n, 0) != 1} | (set(seen) - wanted)
        if bad:
            names = tuple(dict.fromkeys(s.term.term for s in self.slots if s.number in bad))
            raise TokenLost(names or ("an unknown term",), translated)
        by_number = {slot.number: slot for slot in self.slots}
        tidy = _tidy_spacing(translated, self.stem, by_number)

        def put_back(match: re.Match[str]) -> str:
            slot = by_number[int(match.group(1))]
            text = match_case(slot.surface, slot.rendering)
            if _SENTENCE_START.search(tidy[:match.start()]) and text[:1].islower():
                text = text[0].upper() + text[1:]  # "kibutz Re'im" opening a sentence
            return text

        return pattern.sub(put_back, tidy)


def _token_regex(stem: str) -> re.Pattern[str]:
    """A token with any case and any spaces between its characters: engines do both."""
    letters = r"\s*".join(re.escape(ch) for ch in stem)
    return re.compile(rf"{letters}\s*(\d+)\s*{_TOKEN_END}", re.IGNORECASE)


def _tidy_spacing(text: str, stem: str, slots: dict[int, Masked]) -> str:
    """Undo spacing damage around tokens; the words around them are the engine's business.

    "(ZAKA)" masked as "(XNE0X)" may come back as "( XNE0X )"; the subtitle gets "(ZAKA)".
    Apertium reads "XNE0X's" as "XNE0X is/has": Catalan came back "XNE0Xha" and Spanish
    "XNE0X  los" (measured), so a word glued to a token is split off and double spaces go.
    """
    letters = r"\s*".join(re.escape(ch) for ch in stem)
    out = text
    for number, slot in slots.items():
        token = rf"{letters}\s*(?<!\d){number}\s*{_TOKEN_END}"
        out = re.sub(rf"({token})(?=[^\W\d_])", r"\1 ", out, flags=re.IGNORECASE)
        if not slot.wide:
            out = re.sub(rf"({token})[ \t]{{2,}}", r"\1 ", out, flags=re.IGNORECASE)
            out = re.sub(rf"[ \t]{{2,}}({token})", r" \1", out, flags=re.IGNORECASE)
        if slot.before:
            out = re.sub(rf"({re.escape(slot.before)})\s+({token})", r"\1\2", out,
                         flags=re.IGNORECASE)
        if slot.after:
            out = re.sub(rf"({token})\s+({re.escape(slot.after)})", r"\1\2", out,
                         flags=re.IGNORECASE)
    return out


def _choose_stem(text: str) -> str:
    """A token stem that does not already occur in the text (so restore cannot be fooled)."""
    candidates = ["XNE"] + [f"X{a}{b}" for a, b in itertools.product(_RARE, repeat=2)]
    for stem in candidates:
        if not _token_regex(stem).search(text):
            return stem
    raise ValueError("no free placeholder stem for this text")  # 37 stems all in one sentence


def protect(text: str, glossary: Glossary, target: str) -> Protected:
    """Mask every glossary term that has a fixed rendering in ``target``.

    Terms with no rendering (keep=no and no column for ``target``) are left for the engine.
    Possessive and plural endings and Hebrew/Arabic prefixes stay outside the token, so the
    engine still sees "XNE0X's" and can inflect around it.
    """
    table = glossary.spellings(target)
    if not table.forms or not text:
        return Protected(text, text)
    found = find_forms(text, table.forms)
    if not found:
        return Protected(text, text)
    stem = _choose_stem(text)
    pieces: list[str] = []
    slots: list[Masked] = []
    cursor = 0
    for number, hit in enumerate(found):
        term, rendering = table.owners[hit.index]
        start = hit.core_start
        before = text[start - 1] if start > 0 and _is_punct(text[start - 1]) else ""
        after = text[hit.end] if hit.end < len(text) and _is_punct(text[hit.end]) else ""
        pieces.append(text[cursor:start])
        pieces.append(f"{stem}{number}{_TOKEN_END}")
        cursor = hit.end
        wide = bool(re.search(r"[ \t]{2}$", text[:start])
                    or re.match(r"[ \t]{2}", text[hit.end:]))
        slots.append(Masked(number, term, hit.surface, rendering, before, after, wide))
    pieces.append(text[cursor:])
    return Protected(text, "".join(pieces), tuple(slots), stem)


def _is_punct(ch: str) -> bool:
    return not ch.isspace() and not ch.isalnum()
