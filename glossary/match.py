"""Find glossary spellings in text: whole words only, any case, any apostrophe, prefixes allowed.

One compiled alternation per set of spellings, longest first, so "Kibbutz Re'im" wins over
"Re'im" and nothing matches inside a longer word ("Zakarov" never holds "Zaka"). Spaces in a
spelling match any run of whitespace (a line break included) or a hyphen, and an apostrophe may be
any apostrophe, a space or nothing ("Re'im", "Re’im", "Re im", "Reim"), since that is how ASR and
translators vary them. Hebrew and Arabic attach prefixes to names (ב, ל, ו, ה, ש, מ, כ / ال, و, ب,
ل): a spelling written in those scripts also matches with them, and the prefix is reported apart.

A big glossary is not one giant alternation per cue (#15: 10,000 terms took minutes on 40
cues, the regex engine trying every spelling at every position). Past ``_MANY`` spellings, a
spelling is tried only when its letters, separators dropped, occur in the text: an index of
each spelling's first three letters finds those in time linear in the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

_APOSTROPHES = "'’ʼ`\u05f3"
_GERSHAYIM = '"\u05f4'
_SEP = re.compile(r"(\s+|-|[" + _APOSTROPHES + _GERSHAYIM + r"])")
_HEBREW = re.compile(r"[\u0590-\u05ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
HEBREW_PREFIX = r"[ובלהשמכ]{0,3}"
ARABIC_PREFIX = r"(?:[وفبكل]{0,2}(?:ال)?)"


@dataclass(frozen=True)
class Found:
    """One occurrence: ``text[start:end]`` is ``prefix + surface``; ``index`` picks the form."""

    start: int
    end: int
    index: int
    surface: str
    prefix: str = ""

    @property
    def core_start(self) -> int:
        return self.start + len(self.prefix)


def _form_regex(form: str) -> str:
    parts = []
    for piece in _SEP.split(form.strip()):
        if not piece:
            continue
        if piece.isspace() or piece == "-":
            parts.append(r"[\s\-\u05be]+")
        elif piece in _APOSTROPHES:
            parts.append(r"(?:[" + _APOSTROPHES + r"]|\s)?")
        elif piece in _GERSHAYIM:
            parts.append(r"[" + _GERSHAYIM + r"]")  # זק״א is often typed זק"א
        else:
            parts.append(re.escape(piece))
    body = "".join(parts)
    if _HEBREW.search(form):
        prefix = HEBREW_PREFIX
    elif _ARABIC.search(form):
        prefix = ARABIC_PREFIX
    else:
        prefix = ""
    return rf"(?<!\w)(?P<p{{i}}>{prefix})(?P<f{{i}}>{body})(?!\w)"


@lru_cache(maxsize=64)
def _compile(forms: tuple[str, ...]) -> re.Pattern[str] | None:
    return _compile_items(tuple(enumerate(forms)))


@lru_cache(maxsize=256)
def _compile_items(items: tuple[tuple[int, str], ...]) -> re.Pattern[str] | None:
    """One alternation of (index, form) pairs, longest form first; groups named by index."""
    order = sorted(items, key=lambda item: -len(item[1]))
    alternatives = [_form_regex(form).replace("{i}", str(i)) for i, form in order if form.strip()]
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


_MANY = 32  # past this many spellings, only those whose letters occur in the text are tried
_GRAM = 3
_DROPPED = re.compile(r"[\s\-\u05be" + _APOSTROPHES + _GERSHAYIM + r"]+")


def _squeeze(text: str) -> str:
    """Lower case, separators gone: what a match's letters read as, whatever its spacing."""
    return _DROPPED.sub("", text).lower()


@lru_cache(maxsize=16)
def _index(forms: tuple[str, ...]) -> tuple[dict[str, list[int]], list[str], list[int]]:
    """First ``_GRAM`` squeezed letters -> spellings; the squeezed spellings; those with none."""
    by_start: dict[str, list[int]] = {}
    squeezed = [_squeeze(form) for form in forms]
    always = []
    for i, letters in enumerate(squeezed):
        if letters:
            by_start.setdefault(letters[:_GRAM], []).append(i)
        elif forms[i].strip():
            always.append(i)
    return by_start, squeezed, always


def _candidates(text: str, forms: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    """The spellings that can occur in ``text``: their squeezed letters are a substring of its."""
    by_start, squeezed, always = _index(forms)
    letters = _squeeze(text)
    starts = {letters[i:i + size] for i in range(len(letters)) for size in range(1, _GRAM + 1)}
    found = set(always)
    for start in starts:
        for i in by_start.get(start, ()):
            if squeezed[i] in letters:
                found.add(i)
    return tuple((i, forms[i]) for i in sorted(found))


def find_forms(text: str, forms: Sequence[str]) -> list[Found]:
    """Non-overlapping occurrences of ``forms`` in ``text``, left to right, longest form first."""
    spellings = tuple(forms)
    if len(spellings) > _MANY:
        pattern = _compile_items(_candidates(text, spellings))
    else:
        pattern = _compile(spellings)
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(text):
        name = next(k for k, v in match.groupdict().items() if v is not None and k[0] == "f")
        index = int(name[1:])
        prefix = match.group(f"p{index}") or ""
        found.append(Found(match.start(), match.end(), index, match.group(name), prefix))
    return found


def is_upper_style(surface: str) -> bool:
    """True for shouted or display capitals ("KIBBUTZ RAYIM"): at least two letters, all upper."""
    letters = [ch for ch in surface if ch.isalpha()]
    cased = [ch for ch in letters if ch.lower() != ch.upper()]
    return len(cased) >= 2 and all(ch.isupper() for ch in cased)


def match_case(surface: str, replacement: str) -> str:
    """The replacement in the surface's case style: all capitals stay all capitals, else as is.

    Names keep their own spelling otherwise ("Zaka's" -> "ZAKA's", "sderot" -> "Sderot").
    """
    if is_upper_style(surface) and not is_upper_style(replacement):
        return replacement.upper()
    return replacement
