"""Any audio or video file PyAV opens -> mono float32 samples at 16 kHz, and what went wrong.

This is faster-whisper's own ``decode_audio`` pipeline (same resampler, same frame grouping, so
the samples are the same), with what it hides brought out: it skips undecodable frames silently
and fails with ``IndexError`` on a video without sound, so a damaged file used to give an empty
or one-cue SRT and exit 0. Here a file with no audio track or no decodable audio is an
``AudioError``, and one whose decoded length falls well short of the container's stated duration
(or that had frames skipped) gives a warning for the person (``decoded 1.3 s of a 69.0 s file;
the file may be damaged``).

PyAV and numpy are imported inside the function, so ``subs --help`` stays fast.
"""
from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from subtitles.errors import SubsError

if TYPE_CHECKING:
    import numpy as np

RATE = 16_000
SHORT_BY_MS = 1_000  # decoded audio may fall this much short of the stated duration...
SHORT_BY_SHARE = 0.02  # ...or this share of it (encoder padding, rounding) without a warning
_GROUP = 500_000  # samples per resampler call, as faster-whisper


class AudioError(SubsError):
    """An input that PyAV cannot open or decode as audio."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def decode(path: str | os.PathLike[str]) -> tuple["np.ndarray", list[str]]:
    """(samples, warnings); raises ``AudioError`` when there is no audio to transcribe."""
    import av
    import numpy as np

    name = str(path)
    if not Path(path).is_file():
        raise AudioError(name, "no such file" if not Path(path).exists() else "not a file")
    try:
        container = av.open(name, mode="r", metadata_errors="ignore")
    except Exception as err:  # PyAV raises its own error family for every bad container
        raise AudioError(name, f"cannot decode as audio or video ({type(err).__name__}: {err})"
                         ) from None
    with container:
        if not container.streams.audio:
            raise AudioError(name, "has no audio track" + (
                " (a video without sound)" if container.streams.video else ""))
        stated_ms = _stated_ms(container)
        chunks, skipped = _decode_stream(container)
    gc.collect()  # frees the resampler's buffers, as faster-whisper does (its issue 390)
    pcm = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)
    samples: "np.ndarray" = pcm.astype(np.float32) / 32768.0
    if not len(samples):
        raise AudioError(name, "no audio could be decoded (the file is damaged or empty)")
    decoded_ms = len(samples) * 1000 // RATE
    warnings = []
    if stated_ms and stated_ms - decoded_ms > max(SHORT_BY_MS, stated_ms * SHORT_BY_SHARE):
        warnings.append(f"decoded {decoded_ms / 1000:.1f} s of a {stated_ms / 1000:.1f} s file; "
                        "the file may be damaged")
    elif skipped:
        warnings.append(f"{skipped} piece{'s' * (skipped != 1)} of audio could not be decoded "
                        "and were left out; the file may be damaged")
    return samples, warnings


def _stated_ms(container: Any) -> int | None:
    """The duration the file claims: its audio stream's, else the container's (None: unknown)."""
    stream = container.streams.audio[0]
    if stream.duration and stream.time_base:
        return int(stream.duration * stream.time_base * 1000)
    if container.duration:
        return int(container.duration * 1000 // 1_000_000)  # av.time_base: microseconds
    return None


def _decode_stream(container: Any) -> tuple[list["np.ndarray"], int]:
    """The first audio stream as s16 mono chunks, and how many times decoding failed. A file
    that breaks off (truncated download) ends the stream with what was decoded so far."""
    import av

    resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
    fifo = av.AudioFifo()
    chunks: list["np.ndarray"] = []
    skipped = 0

    def resample(frame: Any) -> None:
        for out in resampler.resample(frame):
            chunks.append(out.to_ndarray().reshape(-1))

    frames = container.decode(audio=0)
    while True:
        try:
            frame = next(frames)
        except StopIteration:
            break
        except av.error.InvalidDataError:  # a damaged frame: skipped, as faster-whisper does
            skipped += 1
            continue
        except av.error.FFmpegError:  # the file breaks off: keep what came before
            skipped += 1
            break
        frame.pts = None  # faster-whisper's fix for a timestamp check of the fifo
        fifo.write(frame)
        if fifo.samples >= _GROUP:
            resample(fifo.read())
    if fifo.samples:
        resample(fifo.read())
    resample(None)  # flush
    return chunks, skipped
