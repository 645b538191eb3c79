"""Bytes to text for subtitle files: a BOM, UTF-8, UTF-16 without a BOM, or a legacy code page.

Subtitles made before UTF-8 come in the code page of their language (cp1255 Hebrew, cp1256
Arabic, cp1251 Cyrillic, ...). charset-normalizer guesses well on long texts and badly on a cue
or two, where it may pick cp1258 or a mac_* page that turns Hebrew into accented Latin. So a
language hint (``x.he.srt``) tries that language's Windows page first, and without one a
doubtful guess competes with the Windows pages whose reading is coherent in one script.
"""
from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

from subtitles.errors import ParseError, Problem

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    """Text of a file plus how it was decoded and what a person should know about that."""

    text: str
    encoding: str
    problems: tuple[Problem, ...] = ()


def decode(data: bytes, path: str, encoding: str | None = None,
           language: str | None = None) -> Decoded:
    """Bytes -> text: an explicit encoding, else a BOM, else UTF-8, else a legacy code page.

    Anything but plain UTF-8 is reported as a warning (the text is kept), since players on the
    platforms we export to expect UTF-8. ``language`` (a BCP-47 tag) names the code page to try
    first. NUL bytes mean UTF-16 without a BOM or a binary file.
    """
    if encoding:
        try:
            return Decoded(data.decode(encoding), encoding)
        except (UnicodeDecodeError, LookupError) as err:
            raise ParseError(path, None, f"cannot decode as {encoding}: {err}",
                             "check --encoding") from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = data.decode(name)
            note = "UTF-8 byte order mark" if name == "utf-8-sig" else f"{name.upper()} encoding"
            return Decoded(text, name, (Problem(path, 1, "warning", f"{note} found",
                                                "output is written as UTF-8 without BOM"),))
    if b"\x00" in data:
        return _utf16_without_bom(data, path)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mixed = _mixed(data, path, language)
    if mixed is not None:
        return mixed
    reading = _legacy_reading(data, language)
    if reading is None:
        raise ParseError(path, None, "cannot detect the text encoding",
                         "pass --encoding, e.g. --encoding cp1255")
    return Decoded(reading.text, reading.encoding, (Problem(
        path, None, "warning", f"not UTF-8; decoded as {reading.encoding}",
        "pass --encoding if that is wrong; output is written as UTF-8"),))


# A multi-byte UTF-8 sequence: a line holding one and also an invalid byte has two encodings.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                            rb"|[\xf0-\xf4][\x80-\xbf]{3}")


def _mixed(data: bytes, path: str, language: str | None) -> Decoded | None:
    """A file whose lines are partly UTF-8 and partly a legacy code page (#15 item 1).

    Two editors' work pasted together: one code page for the whole file garbled both halves.
    Each line that is valid UTF-8 is read as UTF-8; the others, together, get the legacy
    reading their bytes suggest. A line mixing both (UTF-8 sequences and invalid bytes) cannot
    be read unambiguously: the file is refused at that line. None when the file is not mixed.
    """
    lines = data.split(b"\n")
    utf8: list[int] = []
    legacy: list[int] = []
    for number, line in enumerate(lines, 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8.append(number)
        except UnicodeDecodeError:
            legacy.append(number)
    if not utf8 or not legacy:
        return None
    for number in legacy:
        if _UTF8_SEQUENCE.search(lines[number - 1]):
            raise ParseError(path, number, "the text encodings disagree: this line mixes UTF-8 "
                             f"with another encoding (line {utf8[0]} is UTF-8)",
                             "save the file as UTF-8 in an editor, or pass --encoding")
    reading = _legacy_reading(b"\n".join(lines[n - 1] for n in legacy), language)
    if reading is None:
        raise ParseError(path, legacy[0], "the text encodings disagree: this line is not UTF-8 "
                         f"but line {utf8[0]} is", "save the file as UTF-8, or pass --encoding")
    texts = [line.decode("utf-8") if n not in set(legacy) else line.decode(reading.encoding)
             for n, line in enumerate(lines, 1)]
    return Decoded("\n".join(texts), f"utf-8+{reading.encoding}", (Problem(
        path, legacy[0], "warning",
        f"mixed encodings: {_numbers(legacy)} decoded as {reading.encoding}, "
        f"{_numbers(utf8)} as UTF-8",
        "check those lines; output is written as UTF-8"),))


def _numbers(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:5])
    more = f" and {len(lines) - 5} more" if len(lines) > 5 else ""
    return f"line{'s' if len(lines) > 1 else ''} {shown}{more}"


def _utf16_without_bom(data: bytes, path: str) -> Decoded:
    """UTF-16 that some Windows tools save without a BOM (tolerated, as the issue asks), or binary.

    The byte order with more NULs in the high bytes goes first: subtitles are mostly digits.
    """
    little_first = data[1::2].count(0) >= data[0::2].count(0)
    for name in ("utf-16-le", "utf-16-be") if little_first else ("utf-16-be", "utf-16-le"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _looks_like_subtitles(text):
            return Decoded(text, name, (Problem(
                path, None, "warning", "decoded as UTF-16 without a byte order mark",
                "output is written as UTF-8"),))
    raise ParseError(path, None, "binary file, not subtitles: it contains NUL bytes",
                     "if it is a subtitle file, pass its --encoding, e.g. --encoding utf-16-le")


def _looks_like_subtitles(text: str) -> bool:
    """A cue arrow or a format's header, else text that is nearly all printable."""
    if "\x00" in text:
        return False
    if "-->" in text or text.lstrip().startswith(("WEBVTT", "[Script Info]", "<?xml", "<tt")):
        return True
    printable = sum(char.isprintable() or char in "\r\n\t" for char in text)
    return printable >= 0.95 * len(text)


# Legacy subtitle files are overwhelmingly Windows code pages (what old editors saved); on short
# texts charset-normalizer ranks look-alikes such as mac_latin2 a hair better, garbling accents.
_WINDOWS_CODE_PAGES = ("cp1252", "cp1255", "cp1256", "cp1251", "cp1250", "cp1253", "cp1254",
                       "cp1257", "cp1258", "cp874")
_CHAOS_SLACK = 0.02

# The code page editors in each language saved in.
_CODE_PAGES = {
    **dict.fromkeys(("he", "yi"), "cp1255"),
    **dict.fromkeys(("ar", "fa", "ur"), "cp1256"),
    **dict.fromkeys(("ru", "uk", "bg", "sr", "mk", "be"), "cp1251"),
    **dict.fromkeys(("pl", "cs", "sk", "hu", "ro", "hr", "sl", "bs", "sr-Latn"), "cp1250"),
    **dict.fromkeys(("lt", "lv", "et"), "cp1257"),
    **dict.fromkeys(("en", "fr", "de", "es", "it", "pt", "nl", "ca", "eu", "gl", "sv", "da",
                     "no", "nb", "nn", "fi", "is", "ga", "af", "id", "ms"), "cp1252"),
    "el": "cp1253", "tr": "cp1254", "vi": "cp1258", "th": "cp874",
}
_SCRIPTS = {"cp1255": "HEBREW", "cp1256": "ARABIC", "cp1251": "CYRILLIC", "cp1253": "GREEK",
            "cp874": "THAI"}  # the other Windows code pages write Latin
# cp874's upper half is mostly Thai vowels and tone marks, which turn any other script's letters
# into plausible-looking Thai; Thai files are found by charset-normalizer or by name (film.th.srt).
_RIVAL_CODE_PAGES = tuple(page for page in _WINDOWS_CODE_PAGES if page != "cp874")
# Korean text is Hangul; Korean code pages that read as Chinese characters are misreading.
_MULTI_BYTE_SCRIPTS = dict.fromkeys(("cp949", "euc_kr", "johab", "iso2022_kr"), "HANGUL")
_COHERENT = 0.9  # share of the non-ASCII characters that must fit one script
_SAMPLE_CHARS = 20_000  # plenty to judge a script by; keeps a feature film's check quick


@dataclass(frozen=True)
class _Reading:
    """One way to read a file's bytes, and how plausible the text it gives is."""

    encoding: str
    text: str
    script: str | None
    share: float
    commonness: float
    windows: bool

    @property
    def coherent(self) -> bool:
        return self.share >= _COHERENT


def _read_as(encoding: str, text: str, windows: bool) -> _Reading:
    script, share = _coherence(text)
    return _Reading(encoding, text, script, share, _commonness(text), windows)


def _legacy_reading(data: bytes, language: str | None) -> _Reading | None:
    """The language's code page when it reads as that language's script, else the best guess.

    A short file is too little for charset-normalizer's statistics: one cue of cp1255 Hebrew came
    out as cp1258, two as mac_iceland; the name ``film.he.srt`` settles it.
    """
    tag = language or ""
    page = _CODE_PAGES.get(tag) or _CODE_PAGES.get(tag.split("-")[0])
    if page:
        reading = _windows_reading(data, page)
        if reading and reading.coherent and reading.script in (None, _SCRIPTS.get(page, "LATIN")):
            return reading
    return _guess(data)


def _windows_reading(data: bytes, page: str) -> _Reading | None:
    try:
        return _read_as(page, data.decode(page), windows=True)
    except UnicodeDecodeError:
        return None


def _guess(data: bytes) -> _Reading | None:
    """charset-normalizer's choice, unless it is doubtful: then the likeliest coherent reading.

    A doubtful choice competes with the Windows code pages that read as one coherent script: the
    script whose letters are commonest in some language wins, and a mac_* look-alike never does.
    """
    from charset_normalizer import from_bytes  # lazy: only legacy files need it

    best = _prefer_windows_code_page(list(from_bytes(data)))
    choice = None if best is None else _read_as(
        best.encoding, str(best),
        windows=any(name in best.could_be_from_charset for name in _WINDOWS_CODE_PAGES))
    if choice and _trusted(choice):
        return choice
    contenders = [choice] if choice and choice.coherent and not choice.encoding.startswith(
        "mac_") else []
    contenders += [r for r in (_windows_reading(data, page) for page in _RIVAL_CODE_PAGES)
                   if r is not None and r.coherent]
    if not contenders:
        return choice
    likeliest = max(contenders, key=lambda r: (r.commonness, r.share)).script
    return next(r for r in contenders if r.script == likeliest)  # KOI8-R, then cp1252, cp1250


def _trusted(choice: _Reading) -> bool:
    """A Windows or CJK code page reading as one coherent script (Hangul, for Korean pages)."""
    from charset_normalizer.utils import is_multi_byte_encoding

    if not choice.coherent or choice.windows:
        return choice.coherent
    multi_byte = is_multi_byte_encoding(choice.encoding)
    return choice.script == _MULTI_BYTE_SCRIPTS.get(choice.encoding, "CJK" if multi_byte else "")


def _prefer_windows_code_page(matches: list[Any]) -> Any:
    """The best match, unless a Windows code page reads the text almost as cleanly."""
    if not matches:
        return None
    best = matches[0]
    close = [m for m in matches if m.chaos <= best.chaos + _CHAOS_SLACK]
    for name in _WINDOWS_CODE_PAGES:
        for match in close:
            if name in match.could_be_from_charset:
                return match
    return best


def _coherence(text: str) -> tuple[str | None, float]:
    """The main script of the text's non-ASCII characters, and the share of them that fit it.

    ASCII reads the same in every code page, so only the rest tells readings apart. Mojibake
    shows as stray combining marks, Latin-1 symbols, scripts or cases mixed inside a word
    (``ДгєГ``), and Latin words made only of accented letters (``ùìåí``: Hebrew read as cp1252).
    """
    scripts: Counter[str] = Counter()
    misfits = 0
    word: list[str] = []
    for char in text[:_SAMPLE_CHARS] + " ":
        if unicodedata.category(char)[0] in "LM":
            word.append(char)
            continue
        if word:
            scripts.update(_word_scripts("".join(word)))
            word = []
        if not char.isascii() and not _fits_any_script(char):
            misfits += 1
    misfits += scripts.pop("?", 0)
    if not scripts:
        return None, 0.0 if misfits else 1.0
    script, count = scripts.most_common(1)[0]
    return script, count / (sum(scripts.values()) + misfits)


def _word_scripts(word: str) -> list[str]:
    """The script of each non-ASCII character of a word; all "?" when the word is mojibake."""
    labels = []
    last = ""
    for char in word:
        last = _script(char) or last  # a combining mark belongs to the letter it sits on
        if not char.isascii():
            labels.append(last or "?")
    has_ascii = len(labels) < len(word)
    letters = sum(not unicodedata.combining(char) for char in word)
    mixed_case = any(a.islower() and b.isupper() for a, b in zip(word, word[1:]))
    foreign = has_ascii and any(label != "LATIN" for label in labels)
    accents_only = not has_ascii and letters > 1 and all(label == "LATIN" for label in labels)
    return ["?"] * len(labels) if mixed_case or foreign or accents_only else labels


# Japanese mixes kanji and kana in one word; Hangul stays apart (see _MULTI_BYTE_SCRIPTS).
_CJK = frozenset({"CJK", "HIRAGANA", "KATAKANA", "BOPOMOFO", "HALFWIDTH", "FULLWIDTH",
                  "IDEOGRAPHIC"})


@functools.lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """LATIN, HEBREW, CJK...: the first word of the Unicode name; "" for a combining mark."""
    first = unicodedata.name(char, "?").split(" ", 1)[0]
    if first == "COMBINING":
        return ""
    return "CJK" if first in _CJK else first


def _fits_any_script(char: str) -> bool:
    """Punctuation, spaces, direction marks and currency (but not ¤) belong to every text."""
    category = unicodedata.category(char)
    return category[0] in "PZ" or category == "Cf" or (category == "Sc" and char != "¤")


@functools.lru_cache(maxsize=1)
def _letter_ranks() -> tuple[dict[str, float], ...]:
    from charset_normalizer.constant import FREQUENCIES

    return tuple({letter: 1 - rank / len(letters) for rank, letter in enumerate(letters)}
                 for letters in FREQUENCIES.values())


def _commonness(text: str) -> float:
    """How frequent the non-ASCII letters are in the language they suit best, 0 to 1.

    Hebrew read as cp1251 is coherent Cyrillic too, but full of letters Russian seldom uses.
    """
    letters = Counter(c for c in text[:_SAMPLE_CHARS].lower() if c.isalpha() and not c.isascii())
    total = sum(letters.values())
    if not total:
        return 0.0
    return max(sum(ranks.get(c, 0.0) * n for c, n in letters.items())
               for ranks in _letter_ranks()) / total
