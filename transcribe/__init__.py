"""Speech -> readable subtitles with a packaged Whisper model (faster-whisper, offline).

``transcribe_file(path, options)`` is the one entry point; see ``transcribe.whisper``.
Importing this package loads neither faster-whisper nor numpy.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from transcribe.transcript import TranscribeOptions, Transcript, Word

if TYPE_CHECKING:
    from transcribe.whisper import transcribe_file

__all__ = ["TranscribeOptions", "Transcript", "Word", "transcribe_file"]


def __getattr__(name: str) -> Any:
    if name == "transcribe_file":  # lazy: keeps `import transcribe` light
        from transcribe.whisper import transcribe_file

        return transcribe_file
    raise AttributeError(name)
