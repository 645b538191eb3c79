"""Never overwrite what a person edited: the one rule behind every output subs writes again.

A command that writes a file a person may later edit remembers the SHA-256 of the bytes it
wrote, in a ``WriteRecord``: the translation memory's ``outputs`` table (``subs translate``), a
pack's ``.subs/written.json`` (``subs pack``), a project's ``files`` table (``subs lang``,
``subs update``). Each store answers one question, ``written_hash(key)``; the decisions are
made here, the same way for all of them:

- a file that is missing, or still holds the bytes recorded, is subs's own: replace it;
- a file whose bytes differ from the record was edited by a person (``is_edited``): keep it and
  write the new output beside it, as ``FILE.new`` (``beside_path``, the one name for that
  copy), unless ``--force``;
- an input is never an output (``is_input``), whatever else is asked.

What a command does with a file it never recorded differs with what the command is for
(``subs translate`` refuses it without ``--force``; ``subs pack`` treats it as edited), and is
documented with the command.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol, runtime_checkable

from subtitles.hashing import sha256_file_or_none

NEW_SUFFIX = ".new"


@runtime_checkable
class WriteRecord(Protocol):
    """A store of the digests of files subs wrote, by the store's own key for each file."""

    def written_hash(self, key: str, /) -> str | None: ...


def beside_path(path: str | os.PathLike[str]) -> Path:
    """``out/film.es.srt`` -> ``out/film.es.srt.new``: where new output goes when a person
    edited the file at ``path``. The suffix keeps the copy out of players' and uploaders' way
    (and out of ``pack.zip``) until a person decides."""
    p = Path(path)
    return p.with_name(p.name + NEW_SUFFIX)


def is_beside_copy(name: str) -> bool:
    return name.endswith(NEW_SUFFIX)


def is_edited(path: str | os.PathLike[str], recorded: str | None) -> bool:
    """Did subs write ``path`` (``recorded`` is the digest it wrote) and a person change it
    since? False for a missing file and for one subs never recorded."""
    if recorded is None:
        return False
    now = sha256_file_or_none(Path(path))
    return now is not None and now != recorded


def is_input(path: str | os.PathLike[str], inputs: tuple[str | os.PathLike[str], ...]) -> bool:
    """Is ``path`` one of ``inputs`` (the same file, through any name or link)?"""
    target = Path(path)
    if not target.exists():
        return False
    return any(Path(source).exists() and target.samefile(source) for source in inputs)
