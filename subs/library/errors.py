"""Errors a person can cause while using a footage library."""
from __future__ import annotations

from subtitles.errors import SubsError


class LibraryError(SubsError):
    """A library that cannot be used as asked; ``str(err)`` says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class MediaError(LibraryError):
    """One media file that cannot be transcribed (unreadable, no audio track, not on this
    worker): recorded as that file's failure, the run goes on."""
