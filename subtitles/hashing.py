"""SHA-256 as every stage records it: hex digests of bytes, UTF-8 text and files.

Packs, projects, the translation memory, checkpoints and the footage library all decide "is
this the file we wrote?" or "has this input changed?" by these digests, so they must agree on
what is hashed. Files are read in 1 MiB pieces: footage can be tens of GB.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

_CHUNK = 1 << 20


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_text(text: str) -> str:
    """The digest of ``text`` as written to disk (UTF-8, no BOM)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_file(path: Path) -> str:
    """The digest of a file's bytes; OSError (FileNotFoundError included) when unreadable."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_file_or_none(path: Path) -> str | None:
    """``sha256_file``, or None when the file does not exist (it was deleted or never made)."""
    try:
        return sha256_file(path)
    except FileNotFoundError:
        return None
