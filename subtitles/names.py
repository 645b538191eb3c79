"""One check for every name that becomes a path (#15 item 4).

A film title becomes ``TITLE.es.srt``; ``languages.es.file`` in ``subs.toml`` is a path inside
the project. Read from a flag, a hand-edited config or a database, such a name must not climb
out of its folder (``../../escaped``), hide (``.x``), break a line (a newline in a file name
breaks scripts and SRT tools) or exceed what a file system takes (255 bytes per name).
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

from subtitles.errors import SubsError

_DRIVE = re.compile(r"[A-Za-z]:([\\/]|$)")  # C:\x, C:/x: absolute on Windows
MAX_NAME_BYTES = 200  # 255 minus room for ".pt-BR.machine.srt.new" and a temp file's suffix


class BadName(SubsError):
    """A name that cannot become a path: ``WHERE: error: WHAT 'NAME' ...: WHY (HINT)``."""

    def __init__(self, where: str, what: str, name: str, why: str, hint: str) -> None:
        super().__init__(where, what, name, why, hint)
        self.where = where
        self.what = what
        self.name = name
        self.why = why
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.where}: error: {self.what} {self.name!r} {self.why} ({self.hint})"


def _problem(part: str) -> str | None:
    if not part:
        return "is empty"
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in part):
        return "holds a control character or line break"
    if "/" in part or "\\" in part:
        return "holds a slash"
    if part in (".", "..") or part.startswith("."):
        return "starts with a dot"
    if len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        return f"is longer than {MAX_NAME_BYTES} bytes"
    return None


def check_file_name(name: str, *, what: str, where: str, hint: str) -> str:
    """``name`` as one file-name part (a film title), else ``BadName``."""
    why = _problem(name)
    if why:
        raise BadName(where, what, name, why, hint)
    return name


def check_relative_path(path: str, *, what: str, where: str, hint: str) -> str:
    """``path`` as a relative path that stays inside its folder, else ``BadName``."""
    pure = PurePosixPath(path.replace("\\", "/"))
    if pure.is_absolute() or path.startswith(("/", "\\")) or _DRIVE.match(path):
        raise BadName(where, what, path, "is not a path inside the folder", hint)
    for part in pure.parts:
        why = _problem(part)
        if why:
            if part == "..":
                why = "leads out of the folder"
            raise BadName(where, what, path, why, hint)
    return path
