"""Find glossary spellings in text: whole words only, any case, any apostrophe, prefixes allowed.

One compiled alternation per set of spellings, longest first, so "Kibbutz Re'im" wins over
"Re'im" and nothing matches inside a longer word ("Zakarov" never holds "Zaka"). Spaces in a
spelling match any run of whitespace (a line break included) or a hyphen, and an apostrophe may be
any apostrophe, a space or nothing ("Re'im", "Re’im", "Re im", "Reim"), since that is how ASR and
translators vary them. Hebrew and Arabic attach prefixes to names (ב, ל, ו, ה, ש, מ, כ / ال, و, ب,
ل): a spelling written in those scripts also matches with them, and the prefix is reported apart.
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
    order = sorted(range(len(forms)), key=lambda i: -len(forms[i]))
    alternatives = [_form_regex(forms[i]).replace("{i}", str(i)) for i in order if forms[i].strip()]
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def find_forms(text: str, forms: Sequence[str]) -> list[Found]:
    """Non-overlapping occurrences of ``forms`` in ``text``, left to right, longest form first."""
    pattern = _compile(tuple(forms))
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
