"""Errors a user can cause in translation that the shared ``subtitles.errors`` does not cover."""
from __future__ import annotations

import math

from subtitles.errors import SubsError


class SourceLanguageUnknown(SubsError):
    """The source language is neither given nor in the file name (``film.en.srt``), and
    detection, when it ran (``detected``), was unsure or had too few letters to go on."""

    def __init__(self, path: str, detected: str | None = None, probability: float = 0.0,
                 letters: int = 0) -> None:
        super().__init__(path, detected, probability, letters)
        self.path = path
        self.detected = detected
        self.probability = probability
        self.letters = letters

    def __str__(self) -> str:
        from subtitles.languages import DETECT_MIN_LETTERS, DETECT_MIN_PROBABILITY

        text = (f"{self.path}: cannot tell the source language (name the file like "
                "film.en.srt or pass --from en)")
        if self.detected is None:
            return text
        sure = math.floor(self.probability * 100) / 100
        text += f"; detection says {self.detected} with probability {sure:.2f}"
        if self.letters < DETECT_MIN_LETTERS:
            return text + f", from only {self.letters} letters ({DETECT_MIN_LETTERS} needed)"
        return text + f", under {DETECT_MIN_PROBABILITY:g}"


class MemoryUnusable(SubsError):
    """The translation memory file cannot be opened or is not a subs memory (#17: a file that
    is not SQLite, or a folder subs cannot write, ended in a traceback)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return (f"cannot use {self.path} as the translation memory ({self.reason}); pass "
                "--memory with another file, or set $SUBS_MEMORY")
