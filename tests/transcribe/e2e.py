"""Shared real-model runs for the e2e tests, made once per test session.

Transcribing costs seconds of both CPUs, so the audio and the clean run are cached here
(``functools.cache``) and reused by tests/transcribe and tests/subs alike.
"""
from __future__ import annotations

import functools
from pathlib import Path

from tests import speech
from transcribe.transcript import TranscribeOptions, Transcript

BLOCK_S = 10  # small blocks: several checkpoints in a minute of audio (the resume test needs it)
NOISE_GAP_S = 20.0


def glossary_csv() -> Path:
    path = speech.cache_dir() / "e2e-names.csv"
    if not path.exists():
        rows = ["term,variants,type"] + [f"{name},,place" for name in speech.NAMES]
        speech.write_text_atomic(path, "\n".join(rows) + "\n")
    return path


@functools.cache
def gap_timeline() -> speech.Timeline:
    """The testimony with a 20 s noise gap in the middle (nobody speaks there)."""
    t = speech.TESTIMONY
    return speech.build([t[0], ("silence", 0.7), t[1], ("silence", 0.7), t[2],
                         ("noise", NOISE_GAP_S),
                         t[3], ("silence", 0.7), t[4], ("silence", 0.7), t[5]])


@functools.cache
def gap_wav() -> Path:
    path = speech.cache_dir() / "e2e-testimony-gap.wav"
    if not path.exists():
        gap_timeline().save(path)
    return path


def options() -> TranscribeOptions:
    """What ``subs transcribe --glossary G --block-seconds 10`` asks for."""
    return TranscribeOptions(glossary=str(glossary_csv()), block_s=BLOCK_S, allow_download=True)


@functools.cache
def clean_run() -> Transcript:
    from transcribe import transcribe_file

    return transcribe_file(gap_wav(), options())
