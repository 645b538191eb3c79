"""One registry of subtitle formats: name -> Format(read, write).

A format maps text <-> Track and nothing else; files, encodings and atomic writes live in
``subtitles.io``. Each format module is imported only when used, so ``subs --help`` and
``subs check x.srt`` never load pysubs2.
"""
from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from subtitles.errors import ParseError, Problem, UnknownFormat
from subtitles.model import Track


class Unrepresentable(ParseError):
    """A track the target format cannot hold, e.g. a cue past 9:59:59.99 in ASS.

    Writers return text and have no warnings channel, so what they cannot represent faithfully
    is refused rather than silently changed. A ParseError so it prints the same way, at the
    ``PATH:LINE`` the cue was read from (the track's path, else ``<track>``).
    """


@dataclass(frozen=True)
class Parsed:
    """A track read from text, plus every warning found on the way (errors raise ParseError)."""

    track: Track
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Format:
    name: str
    extensions: tuple[str, ...]
    module: str

    def read(self, text: str, path: str = "<text>", *, lenient: bool = False) -> Parsed:
        """Text -> Parsed; raises ParseError listing every error unless ``lenient``."""
        return _load(self.module).read(text, path, lenient=lenient)  # type: ignore[no-any-return]

    def write(self, track: Track) -> str:
        """Track -> text with LF line ends; UTF-8 is the caller's (io's) business.

        Raises Unrepresentable when the format cannot hold the track (ASS: times of 10 h or more).
        """
        return _load(self.module).write(track)  # type: ignore[no-any-return]


def _load(module: str) -> ModuleType:
    return importlib.import_module(f"subtitles.formats.{module}")


FORMATS: dict[str, Format] = {
    "srt": Format("srt", (".srt",), "srt"),
    "vtt": Format("vtt", (".vtt",), "vtt"),
    "sbv": Format("sbv", (".sbv", ".sub"), "sbv"),
    "ttml": Format("ttml", (".ttml", ".dfxp", ".xml"), "ttml"),
    "ass": Format("ass", (".ass", ".ssa"), "ass"),
}


def get_format(name: str) -> Format:
    try:
        return FORMATS[name.lower().lstrip(".")]
    except KeyError:
        raise UnknownFormat(name, tuple(FORMATS)) from None


def format_for_path(path: str | os.PathLike[str]) -> Format:
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.extensions:
            return fmt
    raise UnknownFormat(suffix or str(path), tuple(FORMATS))
