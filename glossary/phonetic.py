"""How alike two spellings sound: espeak-ng's phonemes, compared without word boundaries.

Speech recognition mishears a name as words that sound like it ("Kibbet's Ram" for "Kibbutz
Re'im", "Beryi" for "Be'eri"); their spellings are too far apart for an edit score, and
Metaphone on spellings is blind to how English spells vowels. So both sides are turned into
phonemes by espeak-ng (installed with the project; ``-q --ipa``), stress and length marks and
spaces removed (where one word ends is exactly what a mishearing gets wrong), and compared by a
weighted edit distance in which a vowel for another vowel costs half, a consonant for a close
one (voicing pairs, b for v, r-sounds, z/s...) costs half, and a missing vowel or h costs half.

Without espeak-ng ``phonemes`` returns None and callers skip the phonetic step: nothing is fixed
on a guess. Only the standard library is used (subprocess), as glossary/ imports nothing but
subtitles/.
"""
from __future__ import annotations

import functools
import re
import shutil
import subprocess
from typing import Iterable

_MARKS = str.maketrans("", "", "ˈˌːˑ͡‿_-|. \n\t")
VOWELS = frozenset("aeiouyæɐɑɒɔəɘɚɛɜɝɞɤɨɪɯɵøœɶʉʊʌʏɾ")  # ɾ (a flapped t) behaves like a vowel glide
# b and v are in two groups each: a b heard for a v ("Medibot" for "Netivot") is a near miss
_CLOSE_GROUPS = ("bp", "dtɾ", "gkɡq", "vfwβ", "bvβ", "zsʒʃ", "ðθ", "ɹrlɻʁ", "mnŋ", "tʃdʒ", "jiɪ",
                 "h")
_GROUPS: dict[str, frozenset[int]] = {}
for _number, _group in enumerate(_CLOSE_GROUPS):
    for _ch in _group:
        _GROUPS[_ch] = _GROUPS.get(_ch, frozenset()) | {_number}
HALF = 0.5


@functools.lru_cache(maxsize=1)
def espeak() -> str | None:
    """The espeak-ng program, or None."""
    return shutil.which("espeak-ng")


def voice(language: str | None) -> str:
    """espeak-ng's voice for a BCP-47 tag (its voices are named by base language)."""
    base = (language or "en").split("-")[0].lower()
    return {"iw": "he", "und": "en-us", "en": "en-us"}.get(base, base or "en-us")


_CACHE: dict[tuple[str, str], str | None] = {}
_CLAUSE = re.compile(r"[\n.,;:!?…]")  # espeak-ng ends a line of output at a clause
_CACHE_SIZE = 50_000


def clear_cache() -> None:
    _CACHE.clear()


def phonemes(text: str, language: str | None = "en") -> str | None:
    """The phonemes of ``text`` as one string without stress marks or spaces; None when espeak-ng
    is missing or fails (an unknown voice)."""
    prime([text], language)
    return _CACHE.get((text, voice(language)))


def prime(texts: Iterable[str], language: str | None = "en") -> None:
    """Work out the phonemes of many texts at once: one espeak-ng run, a line per text (a
    run costs ~12 ms, mostly start-up; a transcript asks for a hundred or more). Where the
    lines do not pair up, each text is run alone, so the result is the same either way."""
    tag = voice(language)
    todo = [t for t in dict.fromkeys(texts) if (t, tag) not in _CACHE]
    if not todo:
        return
    if len(_CACHE) + len(todo) > _CACHE_SIZE:
        _CACHE.clear()
    program = espeak()
    spoken = [t for t in todo if t.strip() and not _CLAUSE.search(t)]  # one line out per line
    lines = _run(program, tag, "\n".join(spoken)) if program and spoken else None
    if lines is not None and len(lines) == len(spoken):
        _CACHE.update(((t, tag), line.translate(_MARKS) or None) for t, line in zip(spoken, lines))
    for text in todo:
        if (text, tag) not in _CACHE:
            alone = _run(program, tag, text) if program and text.strip() else None
            joined = "".join(alone).translate(_MARKS) if alone else ""
            _CACHE[(text, tag)] = joined or None


def _run(program: str, tag: str, text: str) -> list[str] | None:
    """espeak-ng's phoneme lines for ``text``; None when it fails."""
    try:
        done = subprocess.run([program, "-q", "--ipa", "-v", tag], input=text,
                              capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0 or not done.stdout.strip():
        return None
    return done.stdout.splitlines()


def _substitution(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if a in VOWELS and b in VOWELS:
        return HALF
    if _GROUPS.get(a, frozenset()) & _GROUPS.get(b, frozenset()):
        return HALF
    return 1.0


def _gap(ch: str) -> float:
    return HALF if ch in VOWELS or ch == "h" else 1.0


def distance(a: str, b: str) -> float:
    """Weighted edit distance between two phoneme strings (see the module docstring)."""
    previous = [0.0]
    for ch in b:
        previous.append(previous[-1] + _gap(ch))
    for x in a:
        current = [previous[0] + _gap(x)]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + _gap(x), current[j - 1] + _gap(y),
                               previous[j - 1] + _substitution(x, y)))
        previous = current
    return previous[-1]


def similarity(a: str, b: str) -> float:
    """1.0 for the same phonemes, falling to 0.0; the distance over the longer string's
    weight, so a short name cannot look close to a long phrase."""
    if not a or not b:
        return 0.0
    weight = max(sum(_gap(c) for c in a), sum(_gap(c) for c in b))
    return max(0.0, 1.0 - distance(a, b) / weight)


def sounds_like(heard: str, form: str, language: str | None = "en") -> float | None:
    """How alike ``heard`` and ``form`` sound (0..1); None when espeak-ng cannot say."""
    a, b = phonemes(heard, language), phonemes(form, language)
    if a is None or b is None:
        return None
    return similarity(a, b)
