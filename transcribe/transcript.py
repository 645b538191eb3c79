"""What transcription takes and gives: options in, a Transcript of cues and timed words out.

These are plain frozen dataclasses with int milliseconds, so nothing of faster-whisper (float
seconds, its Segment and Word named tuples) leaves ``transcribe/whisper.py``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from subtitles.model import Track


@dataclass(frozen=True)
class Word:
    """One recognised word. ``text`` keeps Whisper's leading space and punctuation (`` Re'im,``);
    ``probability`` is the model's confidence, for review tools that flag doubtful words."""

    start_ms: int
    end_ms: int
    text: str
    probability: float = 1.0

    def as_dict(self) -> dict[str, object]:
        return {"start_ms": self.start_ms, "end_ms": self.end_ms, "text": self.text,
                "probability": round(self.probability, 4)}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> "Word":
        return cls(int(data["start_ms"]), int(data["end_ms"]),  # type: ignore[call-overload]
                   str(data["text"]), float(data.get("probability", 1.0)))  # type: ignore[arg-type]


@dataclass(frozen=True)
class TranscribeOptions:
    """Everything that changes the result; a checkpoint is only resumed under equal options.

    ``language`` None means detect it; ``glossary`` is a path to the producer's names CSV.
    ``block_s`` is how much audio is transcribed between two checkpoint saves.
    """

    model: str = "base"
    language: str | None = None
    task: str = "transcribe"
    glossary: str | None = None
    beam_size: int = 5
    batch_size: int = 8
    vad: bool = True
    profile: str = "documentary"
    profiles_file: str | None = None
    threads: int = 0  # 0: faster-whisper's default (all cores, capped at 4)
    compute_type: str = "int8"
    block_s: int = 300
    window_s: int = 29  # speech per decoding window (Whisper sees 30 s at a time)
    model_dir: str | None = None  # cache for assembled models; None: $SUBS_MODEL_DIR or ~/.cache
    allow_download: bool = False

    def fingerprint(self) -> dict[str, object]:
        """The options that shape the words (not threads or where models are cached)."""
        return {"model": self.model, "language": self.language, "task": self.task,
                "glossary": self.glossary, "beam_size": self.beam_size,
                "batch_size": self.batch_size, "vad": self.vad, "block_s": self.block_s,
                "window_s": self.window_s,
                "compute_type": self.compute_type}


LanguageSource = Literal["given", "detected", "english-only"]


@dataclass(frozen=True)
class Start:
    """What is known before the first window is decoded, for the caller to tell at once: the
    language (given, detected, or fixed by an English-only model) and whether saved progress
    was accepted (``resumed_blocks`` of ``blocks`` already done)."""

    language: str
    language_probability: float
    language_source: LanguageSource
    resumed: bool
    resumed_blocks: int
    blocks: int


@dataclass(frozen=True)
class Transcript:
    """The result: readable cues in ``track``, every word with its timing, and what to tell."""

    track: Track
    language: str
    language_probability: float
    words: tuple[Word, ...] = ()
    duration_ms: int = 0
    warnings: tuple[str, ...] = field(default=())
    language_source: LanguageSource = "detected"
    name_fixes: tuple[Any, ...] = ()  # transcribe.rescore.NameFix: misheard names put right
