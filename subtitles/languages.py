"""BCP-47 language tags, validated with langcodes (imported lazily: it loads data tables)."""
from __future__ import annotations

import functools
from typing import Any, Iterable

from subtitles.errors import UnknownLanguage

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"})


def normalize_language(tag: str) -> str:
    """A well-formed, known BCP-47 tag in its standard form (``pt-br`` -> ``pt-BR``).

    Raises UnknownLanguage for anything that is not a language a person could mean, including
    path tricks such as ``../x`` (tags become file names).
    """
    import langcodes

    raw = tag.strip()
    if not raw or not all(ch.isalnum() or ch in "-_" for ch in raw):
        raise UnknownLanguage(tag, "not a language tag")
    try:
        lang = langcodes.Language.get(raw.replace("_", "-"))
    except (ValueError, langcodes.tag_parser.LanguageTagError) as err:
        raise UnknownLanguage(tag, _suggest(raw) or str(err)) from None
    if not lang.language or not lang.is_valid():
        raise UnknownLanguage(tag, _suggest(raw))
    return str(lang)


def _suggest(name: str) -> str:
    """``portuguese`` -> ``did you mean pt or pt-BR?`` (issue 16: a name, not a tag, was typed).

    The tag, and its most likely regional form when that names a variety people pick between.
    """
    import langcodes

    try:
        found = langcodes.find(name)
    except (LookupError, ValueError):
        return ""
    tag = str(found)
    full = found.maximize()
    regional = f"{tag}-{full.territory}" if "-" not in tag and tag in ("pt", "es", "fr") \
        and full.territory else ""
    return f"did you mean {tag} or {regional}?" if regional else f"did you mean {tag}?"


def base_language(tag: str) -> str:
    """The primary subtag: ``pt-BR`` -> ``pt``."""
    return tag.split("-")[0].lower()


def is_rtl(tag: str | None) -> bool:
    return bool(tag) and base_language(tag or "") in RTL_LANGUAGES


def language_name(tag: str) -> str:
    """``pt-BR`` -> ``Portuguese (Brazil)``, in English, for labels and reports."""
    import langcodes

    try:
        return str(langcodes.Language.get(tag).display_name())
    except Exception:  # language_data not installed or tag odd: the tag itself is a fine label
        return tag


# Below these, ``subs translate`` asks for --from instead of trusting a detection (issue 6).
DETECT_MIN_PROBABILITY = 0.9
DETECT_MIN_LETTERS = 20


def detect_language(texts: Iterable[str]) -> tuple[str, float]:
    """The language ``texts`` are written in, as a BCP-47 tag, and the detector's probability.

    py3langid (BSD; its model ships inside the wheel, so it works offline) is imported here,
    not at the top, so ``subs --help`` never loads it. Its probabilities are normalised over
    its 140 labels; a few words give low ones, which is the caller's cue to ask the user.
    """
    code, probability = _identifier().classify(" ".join(" ".join(texts).split()))
    try:
        tag = normalize_language(str(code))
    except UnknownLanguage:
        tag = str(code)
    return tag, float(probability)


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's model, loaded once (about 0.5 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
