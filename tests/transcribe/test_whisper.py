"""Window planning and the coverage retry of the faster-whisper adapter."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

from tests import speech
from transcribe import checkpoint, names, whisper
from transcribe.transcript import TranscribeOptions


def test_windows_follow_speech_and_skip_a_long_silence() -> None:
    timeline = speech.build([speech.TESTIMONY[0], ("silence", 3.0), speech.TESTIMONY[1]])
    regions, clips = whisper.plan_windows(timeline.samples, vad=True)
    first, pause, second = timeline.parts
    assert len(clips) == 2  # a 3 s pause (> 1.5 s) starts a new window
    assert clips[0][0] <= first.start_ms + 300 and clips[0][1] < pause.end_ms
    assert clips[1][0] > pause.start_ms and clips[1][1] >= second.end_ms - 300
    assert all(e - s <= whisper.CLIP_MAX_MS for s, e in clips)


def test_without_vad_windows_tile_the_audio() -> None:
    regions, clips = whisper.plan_windows(np.zeros(16_000 * 60, dtype=np.float32), vad=False)
    assert clips == [(0, 28_000), (28_000, 56_000), (56_000, 60_000)]
    assert regions == [(0, 60_000)]


def test_blocks_group_windows_by_audio_time() -> None:
    clips = [(0, 20_000), (21_000, 40_000), (50_000, 70_000), (300_000, 310_000)]
    assert whisper.plan_blocks(clips, 60) == [[0, 1], [2], [3]]
    assert whisper.plan_blocks([], 60) == []


@dataclass
class FakeWord:
    start: float
    end: float
    word: str
    probability: float = 0.9


@dataclass
class FakeSegment:
    start: float
    end: float
    text: str
    words: list[FakeWord] = field(default_factory=list)
    no_speech_prob: float = 0.01
    avg_logprob: float = -0.2
    compression_ratio: float = 1.2


def segment(start: float, end: float, count: int) -> FakeSegment:
    step = (end - start) / count
    words = [FakeWord(start + i * step, start + (i + 1) * step, f" w{i}") for i in range(count)]
    return FakeSegment(start, end, "".join(w.word for w in words), words)


def test_a_window_that_lost_words_with_the_prompt_is_decoded_again_without_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """tiny.en with VAD, prompt and hotwords once dropped half the text (issue 4). The model
    cannot be made to do that on demand, so the decoder is replaced by a double here."""
    calls: list[names.Hints] = []

    def fake_decode(model: Any, audio: Any, clips: Any, language: str, options: Any,
                    hints: names.Hints, on_end: Any) -> list[FakeSegment]:
        calls.append(hints)
        if hints.prompt:  # the prompted decode stops after 2 s of a 10 s window
            return [segment(0.0, 2.0, 4)]
        return [segment(0.0, 10.0, 20)]

    monkeypatch.setattr(whisper, "_decode", fake_decode)
    state = checkpoint.State("k", "en", 1.0, 10_000, [(0, 10_000)], [(0, 10_000)], [[0]])
    hints = names.Hints("This testimony mentions ZAKA.", "ZAKA")
    words, notes = whisper.decode_block(None, None, state, [0], TranscribeOptions(), hints,
                                        lambda ms: None)
    assert [h.prompt for h in calls] == ["This testimony mentions ZAKA.", None]
    assert len(words) == 20
    assert notes == ["the window at 0:00 lost words with the glossary prompt; decoded again "
                     "without it"]
