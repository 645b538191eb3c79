"""Readability profiles: how much text a viewer can read, per language.

The default ``documentary`` profile follows broadcast practice (42 characters per line, 2 lines,
17 characters per second, 5/6 s minimum, 7 s maximum, 2 frames at 24 fps between cues); CJK and
Thai follow the Netflix timed-text style guide. ``netflix`` is the Netflix Timed Text Style Guides
per language (issue 13): the same, but English at 20 cps for adult programmes. ``relaxed`` allows
20 cps for English and Arabic (Hebrew stays at 17). Users add profiles in a TOML file (``--profiles FILE`` or
``$SUBS_PROFILES``)::

    [profiles.festival]
    base = "documentary"        # optional: start from another profile
    max_cps = 15
    [profiles.festival.languages.he]
    max_cps = 14
"""
from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from subtitles.errors import ProfileError


@dataclass(frozen=True)
class Limits:
    """The numbers a track is checked against, for one language."""

    max_chars_per_line: int = 42
    max_lines: int = 2
    max_cps: float = 17.0
    min_duration_ms: int = 833
    max_duration_ms: int = 7000
    min_gap_ms: int = 83


@dataclass(frozen=True)
class Profile:
    name: str
    limits: Limits = Limits()
    languages: dict[str, Limits] = field(default_factory=dict)

    def for_language(self, language: str | None) -> Limits:
        """Limits for ``pt-BR``: an exact tag first, then its base language, then the default."""
        if language:
            if language in self.languages:
                return self.languages[language]
            base = language.split("-")[0].lower()
            if base in self.languages:
                return self.languages[base]
        return self.limits


_DOC = Limits()
# The Netflix Timed Text Style Guides, per language (docs/readability.md cites each; issue 13):
# 42 characters per line, 2 lines, 17 characters per second for adult programmes in most
# languages, English 20; 5/6 s to 7 s; 2 frames between cues. CJK and Thai below.
NETFLIX_LANGUAGES = ("es", "ca", "pt", "gl", "eo", "fr", "it", "de", "nl", "he", "ar", "ru",
                     "uk", "pl", "ro", "tr", "el")
_NETFLIX = {"en": dataclasses.replace(_DOC, max_cps=20.0),
            **{tag: _DOC for tag in NETFLIX_LANGUAGES}}
_CJK = {
    "ja": dataclasses.replace(_DOC, max_chars_per_line=13, max_cps=4.0),
    "zh": dataclasses.replace(_DOC, max_chars_per_line=16, max_cps=9.0),
    "ko": dataclasses.replace(_DOC, max_chars_per_line=16, max_cps=12.0),
    "th": dataclasses.replace(_DOC, max_chars_per_line=35, max_cps=15.0),
}

BUILTIN: dict[str, Profile] = {
    "documentary": Profile("documentary", _DOC, {**{t: _DOC for t in NETFLIX_LANGUAGES},
                                                 **_CJK}),
    "netflix": Profile("netflix", _DOC, {**_NETFLIX, **_CJK}),
    "relaxed": Profile("relaxed", _DOC, {
        **_CJK,
        "en": dataclasses.replace(_DOC, max_cps=20.0),
        "ar": dataclasses.replace(_DOC, max_cps=20.0),
        "he": dataclasses.replace(_DOC, max_cps=17.0),
    }),
}

_FIELDS = {f.name for f in dataclasses.fields(Limits)}


def _limits(base: Limits, table: dict[str, Any], where: str) -> Limits:
    unknown = set(table) - _FIELDS - {"languages", "base"}
    if unknown:
        raise ProfileError(f"{where}: unknown setting(s) {', '.join(sorted(unknown))}; "
                           f"known: {', '.join(sorted(_FIELDS))}")
    values = {k: v for k, v in table.items() if k in _FIELDS}
    for key, value in values.items():
        whole = key != "max_cps"  # everything but the reading speed counts characters or ms
        kinds = (int,) if whole else (int, float)
        least = 0 if key == "min_gap_ms" else 1 if whole else 0.1
        if isinstance(value, bool) or not isinstance(value, kinds) or value < least:
            what = "a whole number" if whole else "a number"
            raise ProfileError(f"{where}: {key} must be {what} of at least {least}, "
                               f"not {value!r}")
    return dataclasses.replace(base, **values)


def load_profiles(path: str | os.PathLike[str]) -> dict[str, Profile]:
    """Read user profiles from TOML; each may start from a built-in or earlier one (``base``)."""
    data = _read_toml(path)
    known = dict(BUILTIN)
    profiles = _table(data.get("profiles", {}), f"{path}: profiles",
                      "write sections such as [profiles.festival]")
    for name, value in profiles.items():
        where = f"[profiles.{name}]"
        table = _table(value, f"{path}: {where}", f"write {where} then settings such as "
                                                  "max_cps = 15")
        base_name = table.get("base", "documentary")
        if not isinstance(base_name, str) or base_name not in known:
            raise ProfileError(f"{path}: profile {name!r} has unknown base {base_name!r}; "
                               f"known: {', '.join(known)}")
        base = known[base_name]
        limits = _limits(base.limits, table, f"{path}: {where}")
        languages = dict(base.languages)
        for lang, lang_table in _languages(table, name, path).items():
            start = base.for_language(lang) if lang in base.languages else limits
            languages[lang] = _limits(start, lang_table,
                                      f"{path}: [profiles.{name}.languages.{lang}]")
        known[name] = Profile(name, limits, languages)
    return known


def _read_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(f"{path}: no such profiles file "
                           "(check --profiles or $SUBS_PROFILES)") from None
    except IsADirectoryError:
        raise ProfileError(f"{path}: is a directory, not a profiles file "
                           "(pass a .toml file)") from None
    except UnicodeDecodeError:
        raise ProfileError(f"{path}: not UTF-8 text (save the profiles file as UTF-8)") from None
    except OSError as err:
        raise ProfileError(f"{path}: cannot read the profiles file: {err.strerror or err} "
                           "(check the path and its permissions)") from None
    except tomllib.TOMLDecodeError as err:
        raise ProfileError(f"{path}: not valid TOML: {err}") from None


def _languages(table: dict[str, Any], name: str, path: str | os.PathLike[str]
               ) -> dict[str, dict[str, Any]]:
    """``[profiles.NAME.languages.TAG]`` tables, each checked to be a table of settings."""
    where = f"[profiles.{name}.languages]"
    languages = _table(table.get("languages", {}), f"{path}: {where}",
                       f"write [profiles.{name}.languages.he] then settings such as max_cps = 14")
    return {lang: _table(value, f"{path}: [profiles.{name}.languages.{lang}]",
                         f"write [profiles.{name}.languages.{lang}] then settings such as "
                         "max_cps = 14")
            for lang, value in languages.items()}


def _table(value: object, where: str, how: str) -> dict[str, Any]:
    """``value`` if it is a TOML table; a number or string where a table belongs is an error."""
    if not isinstance(value, dict):
        raise ProfileError(f"{where} must be a table, not {value!r} ({how})")
    return value


def get_profile(name: str = "documentary", profiles_file: str | None = None) -> Profile:
    """A profile by name from the built-ins plus ``profiles_file`` or ``$SUBS_PROFILES``."""
    source = profiles_file or os.environ.get("SUBS_PROFILES")
    known = load_profiles(source) if source else BUILTIN
    try:
        return known[name]
    except KeyError:
        raise ProfileError(f"unknown profile {name!r}; known profiles: "
                           f"{', '.join(sorted(known))}") from None
