"""Checkpoints: saved whole, resumed only for the same input and options."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from transcribe import checkpoint
from transcribe.transcript import TranscribeOptions, Word


def state(key: str) -> checkpoint.State:
    return checkpoint.State(key, "en", 0.98, 60_000, [(0, 1), (1, 2)],
                            [(100, 19_000), (25_500, 49_000)], [[0], [1]], done=1,
                            words=[Word(100, 400, " Re", 0.6), Word(400, 700, "'im,", 0.7)],
                            warnings=["dropped 'Thank you.'"])


def test_round_trip(tmp_path: Path) -> None:
    audio = tmp_path / "a.wav"
    audio.write_bytes(b"RIFF")
    key = checkpoint.run_key(audio, TranscribeOptions())
    path = tmp_path / "a.srt.partial"
    checkpoint.save(path, state(key))
    assert checkpoint.load(path, key) == state(key)


def test_other_options_or_input_do_not_resume(tmp_path: Path) -> None:
    audio = tmp_path / "a.wav"
    audio.write_bytes(b"RIFF")
    options = TranscribeOptions()
    key = checkpoint.run_key(audio, options)
    path = tmp_path / "a.srt.partial"
    checkpoint.save(path, state(key))
    assert checkpoint.run_key(audio, replace(options, beam_size=1)) != key
    assert checkpoint.run_key(audio, replace(options, threads=2)) == key  # speed only
    assert checkpoint.load(path, checkpoint.run_key(audio, replace(options, language="he"))) \
        is None
    audio.write_bytes(b"RIFF and more")
    assert checkpoint.run_key(audio, options) != key


def test_damaged_or_missing_checkpoints_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "x.partial"
    assert checkpoint.load(path, "k") is None
    path.write_text("{not json")
    assert checkpoint.load(path, "k") is None
    path.write_text('{"version": 1, "key": "k", "language": "en"}')
    assert checkpoint.load(path, "k") is None
    checkpoint.discard(path)
    assert not path.exists()
    checkpoint.discard(path)


def test_12_settled_words_are_what_a_checkpoint_gives_back(tmp_path: Path) -> None:
    audio = tmp_path / "a.wav"
    audio.write_bytes(b"RIFF")
    key = checkpoint.run_key(audio, TranscribeOptions())
    fine = state(key)
    fine.words = [Word(100, 400, " Re", 0.123456789), Word(400, 700, "'im,", 2 / 3)]
    checkpoint.save(tmp_path / "a.partial", fine)
    loaded = checkpoint.load(tmp_path / "a.partial", key)
    assert loaded is not None and loaded.words != fine.words
    assert loaded.words == checkpoint.settled(fine.words) == [
        Word(100, 400, " Re", 0.1235), Word(400, 700, "'im,", 0.6667)]


def test_15_a_checkpoint_that_does_not_fit_the_audio_is_discarded_saying_so(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "a.srt.partial"
    for damaged in (replace(state("k"), windows=[(0, 1), (1, 9)]),   # region 9 does not exist
                    replace(state("k"), blocks=[[0], [7]]),           # window 7 does not exist
                    replace(state("k"), regions=[(100, 19_000), (25_500, 99_000)]),
                    replace(state("k"), done=5)):
        checkpoint.save(path, damaged)
        caplog.clear()
        assert checkpoint.load(path, "k", 60_000) is None
        assert "discarding checkpoint" in caplog.text
    checkpoint.save(path, state("k"))
    assert checkpoint.load(path, "k", 61_000) is None  # made for other audio
    assert checkpoint.load(path, "k", 60_000) == state("k")
