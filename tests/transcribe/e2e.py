"""Shared real-model runs for the e2e tests, made once per test session.

Transcribing costs seconds of both CPUs, so the audio and the clean run are cached here
(``functools.cache``) and reused by tests/transcribe and tests/subs alike.
"""
from __future__ import annotations

import functools
from pathlib import Path

from tests import speech
from transcribe.transcript import TranscribeOptions, Transcript

BLOCK_S = 10  # small blocks and windows: several checkpoints in a minute of audio (the
WINDOW_S = 10  # resume test needs them), and the glossary prompt must reach every window
NOISE_GAP_S = 20.0
PAUSE_S = 2.0


def glossary_csv() -> Path:
    path = speech.cache_dir() / "e2e-names.csv"
    if not path.exists():
        rows = ["term,variants,type"] + [f"{name},,place" for name in speech.NAMES]
        speech.write_text_atomic(path, "\n".join(rows) + "\n")
    return path


@functools.cache
def gap_timeline() -> speech.Timeline:
    """The testimony with a 20 s noise gap in the middle (nobody speaks there), and a 2 s
    pause between paragraphs (a witness collecting their thoughts), which makes each
    paragraph a block of its own: six blocks to checkpoint."""
    t = speech.TESTIMONY
    pause = ("silence", PAUSE_S)
    return speech.build([t[0], pause, t[1], pause, t[2], ("noise", NOISE_GAP_S),
                         t[3], pause, t[4], pause, t[5]])


@functools.cache
def gap_wav() -> Path:
    path = speech.cache_dir() / f"e2e-testimony-gap.{speech.RECIPE}.wav"
    if not path.exists():
        gap_timeline().save(path)
    return path


def options() -> TranscribeOptions:
    """What ``subs transcribe --glossary G --block-seconds 10 --window-seconds 10`` asks for."""
    return TranscribeOptions(glossary=str(glossary_csv()), block_s=BLOCK_S, window_s=WINDOW_S,
                             allow_download=True)


@functools.cache
def clean_run() -> Transcript:
    from transcribe.whisper import transcribe_file

    return transcribe_file(gap_wav(), options())
