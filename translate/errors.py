"""Errors a user can cause in translation that the shared ``subtitles.errors`` does not cover."""
from __future__ import annotations

from subtitles.errors import SubsError


class SourceLanguageUnknown(SubsError):
    """The source language is neither given nor in the file name (``film.en.srt``)."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path

    def __str__(self) -> str:
        return (f"{self.path}: cannot tell the source language (name the file like film.en.srt "
                "or pass --from en)")
