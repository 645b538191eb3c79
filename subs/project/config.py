"""``subs.toml``: what a film project is (title, source, glossary, profile, languages).

Read with the standard ``tomllib``; written by the small writer below, since the file only holds
strings, lists of strings and one table per language, and a project should not need ``tomli-w``
to be edited. Paths inside are relative to the project folder, so the folder can be moved,
zipped, mailed or kept in git.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from subtitles.errors import SubsError
from subtitles.io import atomic_write
from subtitles.names import check_file_name, check_relative_path

CONFIG_NAME = "subs.toml"


class ProjectError(SubsError):
    """A project folder that is missing, damaged or asked to do something it cannot."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class LanguageEntry:
    """One target language: its SRT (relative path) and which engine drafts it."""

    file: str
    engine: str = "auto"  # "auto" = best installed engine; "none" = empty-text copy


@dataclass(frozen=True)
class ProjectConfig:
    title: str
    source: str  # relative path of the source SRT
    source_language: str
    audio: str | None = None
    glossary: str | None = None
    profile: str = "documentary"
    platforms: tuple[str, ...] = ()
    languages: dict[str, LanguageEntry] = field(default_factory=dict)

    def with_language(self, tag: str, entry: LanguageEntry) -> "ProjectConfig":
        langs = dict(self.languages)
        langs[tag] = entry
        return replace(self, languages=langs)


def _str(data: dict[str, Any], key: str, path: Path, default: str | None = None) -> str | None:
    value = data.get(key, default)
    if value is not None and not isinstance(value, str):
        raise ProjectError(f"{path}: {key} must be a string, not {value!r}")
    return value


def read_config(folder: Path) -> ProjectConfig:
    path = folder / CONFIG_NAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProjectError(f"{folder} is not a subs project (no {CONFIG_NAME}); "
                           "create one with: subs init FOLDER --source film.en.srt") from None
    except tomllib.TOMLDecodeError as err:
        raise ProjectError(f"{path}: {err}") from None
    except UnicodeDecodeError as err:  # #17: this was a traceback
        raise ProjectError(f"{path}: not UTF-8 text (byte {err.start}); save it as UTF-8") \
            from None
    title = _str(data, "title", path)
    source = _str(data, "source", path)
    source_language = _str(data, "source_language", path)
    if not (title and source and source_language):
        raise ProjectError(f"{path}: title, source and source_language are required")
    fix = f"edit {CONFIG_NAME}"
    check_file_name(title, what="title", where=str(path), hint=fix)  # #15: ../../escaped
    check_relative_path(source, what="source", where=str(path), hint=fix)
    languages: dict[str, LanguageEntry] = {}
    raw_langs = data.get("languages", {})
    if not isinstance(raw_langs, dict):
        raise ProjectError(f"{path}: [languages] must be a table")
    for tag, entry in raw_langs.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise ProjectError(f"{path}: [languages.{tag}] needs file = \"languages/...srt\"")
        from subtitles.languages import normalize_language  # a hand-typed [languages.PT-br]

        check_relative_path(entry["file"], what=f"languages.{tag}.file", where=str(path),
                            hint=fix)
        languages[normalize_language(tag)] = LanguageEntry(entry["file"],
                                                           str(entry.get("engine", "auto")))
    if isinstance(data.get("glossary"), str):
        check_relative_path(data["glossary"], what="glossary", where=str(path), hint=fix)
    platforms = data.get("platforms", [])
    if not isinstance(platforms, list) or not all(isinstance(p, str) for p in platforms):
        raise ProjectError(f"{path}: platforms must be a list of strings")
    return ProjectConfig(title, source, source_language, _str(data, "audio", path),
                         _str(data, "glossary", path),
                         _str(data, "profile", path, "documentary") or "documentary",
                         tuple(platforms), languages)


def _quote(value: str) -> str:
    """A TOML basic string: backslash, quote and every control character escaped."""
    out = []
    for ch in value:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _key(key: str) -> str:
    bare = key and all(ch.isalnum() or ch in "-_" for ch in key)
    return key if bare else _quote(key)


def render_config(config: ProjectConfig) -> str:
    lines = ["# subs film project: see docs/project.md", f"title = {_quote(config.title)}",
             f"source = {_quote(config.source)}",
             f"source_language = {_quote(config.source_language)}"]
    if config.audio:
        lines.append(f"audio = {_quote(config.audio)}")
    if config.glossary:
        lines.append(f"glossary = {_quote(config.glossary)}")
    lines.append(f"profile = {_quote(config.profile)}")
    lines.append("platforms = [" + ", ".join(_quote(p) for p in config.platforms) + "]")
    for tag in sorted(config.languages):
        entry = config.languages[tag]
        lines += ["", f"[languages.{_key(tag)}]", f"file = {_quote(entry.file)}",
                  f"engine = {_quote(entry.engine)}"]
    return "\n".join(lines) + "\n"


def write_config(folder: Path, config: ProjectConfig) -> None:
    atomic_write(folder / CONFIG_NAME, render_config(config))
