"""Decoding: the samples faster-whisper would get, and damaged inputs said out loud."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests import speech
from transcribe.audio import AudioError, decode


@pytest.fixture(scope="module")
def flac(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return speech.save_encoded(tmp_path_factory.mktemp("audio") / "noise.flac",
                               speech.noise(10.0))


def test_samples_are_faster_whispers(flac: Path) -> None:
    from faster_whisper import decode_audio

    samples, warnings = decode(flac)
    assert warnings == []
    assert np.array_equal(samples, decode_audio(str(flac), sampling_rate=16_000))


def test_a_damaged_header_is_an_error_not_an_empty_srt(flac: Path, tmp_path: Path) -> None:
    """The audit's testimony.flac with its first 200 bytes overwritten decoded to 0 samples,
    and transcription said "no speech found" and exited 0."""
    bad = tmp_path / "bad.flac"
    bad.write_bytes(bytes(range(200)) + flac.read_bytes()[200:])
    with pytest.raises(AudioError) as caught:
        decode(bad)
    assert str(caught.value) == f"{bad}: no audio could be decoded (the file is damaged or empty)"


def test_a_truncated_file_is_warned_about(flac: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.flac"
    cut.write_bytes(flac.read_bytes()[:60_000])
    samples, warnings = decode(cut)
    assert 0 < len(samples) < 16_000 * 5
    seconds = len(samples) // 16 / 1000
    assert warnings == [f"decoded {seconds:.1f} s of a 10.0 s file; the file may be damaged"]


def test_a_video_without_sound(tmp_path: Path) -> None:
    import av

    video = tmp_path / "silent.mp4"
    with av.open(str(video), "w") as container:
        stream = container.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for _ in range(5):
            frame = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    with pytest.raises(AudioError) as caught:
        decode(video)
    assert str(caught.value) == f"{video}: has no audio track (a video without sound)"
