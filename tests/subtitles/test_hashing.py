"""One SHA-256 helper for every stage (subtitles/hashing.py)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from subtitles.hashing import sha256_bytes, sha256_file, sha256_file_or_none, sha256_text


def test_17_bytes_text_and_file_agree(tmp_path: Path) -> None:
    text = "Re'im — רעים\n" * 100_000  # over one read of 1 MiB
    path = tmp_path / "a.srt"
    path.write_text(text, encoding="utf-8")
    expected = hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert sha256_text(text) == sha256_bytes(path.read_bytes()) == sha256_file(path) == expected
    assert sha256_file_or_none(path) == expected


def test_17_a_missing_file_is_none_only_when_asked(tmp_path: Path) -> None:
    assert sha256_file_or_none(tmp_path / "gone.srt") is None
    with pytest.raises(FileNotFoundError):
        sha256_file(tmp_path / "gone.srt")
