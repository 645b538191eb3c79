"""Footage for library tests: short real speech (piper), a renamed copy, a corrupt file and a
video without audio, plus a glossary. Built once per session (speech is cached by tests/speech.py).
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest

from subs.library import claims
from subs.library.db import Library, open_library
from subs.library.scan import add_paths
from subs.library.worker import Outcome
from tests.speech import build

# Short testimony lines, one per recording, each with a glossary name.
LINES = {
    "day1/int01.wav": "I drove south on Route 232 with two other medics.",
    "day1/int02.wav": "In the afternoon the volunteers from ZAKA arrived.",
    "day2/int03.wav": "We sent the wounded to the hospitals in Ashkelon and Netivot.",
}
COPY = "day2/renamed-copy-of-int01.wav"
BROKEN = "day2/broken.mp4"
VIDEO_ONLY = "day2/video-only.mp4"
GLOSSARY = ("term,variants,type\n"
            "ZAKA,Zaka|Zakah,organization\n"
            "Route 232,Route two thirty two,place\n"
            "Re'im,Rayim|Reim,place\n"
            "Netivot,Netivoth,place\n")


def write_video_only(path: Path) -> None:
    """A real, playable MPEG-4 video with no audio stream (what a muted camera card holds)."""
    import av
    import numpy as np

    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for _ in range(10):
            frame = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), dtype=np.uint8),
                                               format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


def make_footage(root: Path) -> Path:
    """The footage folder: 3 speech files, a renamed copy, a corrupt file, a silent video."""
    for name, text in LINES.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        build([("silence", 0.6), text, ("silence", 0.6)], snr_db=35.0).save(target)
    shutil.copy(root / "day1/int01.wav", root / COPY)
    (root / BROKEN).write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"not really a movie " * 200)
    write_video_only(root / VIDEO_ONLY)
    return root


@pytest.fixture(scope="session")
def footage_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_footage(tmp_path_factory.mktemp("footage"))


@pytest.fixture
def footage(footage_master: Path, tmp_path: Path) -> Path:
    """A private copy, so tests may rename, delete or add files."""
    return Path(shutil.copytree(footage_master, tmp_path / "footage"))


@pytest.fixture
def glossary_file(tmp_path: Path) -> Path:
    path = tmp_path / "names.csv"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


# Stored transcripts for search and export tests (times chosen to check timecodes).
TEXTS = {
    "a.wav": [(61_000, "We drove south on Route 232 at dawn."),
              (65_000, "The volunteers from Zaka came later."),
              (3_725_120, "Route 232 was closed, the route to Sderot too.")],
    "b.wav": [(2_000, "Nobody drove on the route that day, not even 232 buses."),
              (9_000, "We met near Kibbutz Rayim and drove on.")],
}


def _outcome(key: str, cues: list[tuple[int, str]]) -> Outcome:
    words, stored = [], []
    for start, text in cues:
        for i, word in enumerate(text.split()):
            words.append((start + i * 400, start + i * 400 + 350, f" {word}", 0.9))
        stored.append((start, start + 400 * len(text.split()), text, None))
    return Outcome(key, cues=tuple(stored), words=tuple(words), language="en",
                   language_probability=0.99, duration_ms=4_000_000)


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    folder = tmp_path / "lib"
    (tmp_path / "media").mkdir()
    with open_library(folder, create=True) as library:
        for number, (name, cues) in enumerate(TEXTS.items()):
            media = tmp_path / "media" / name
            media.write_bytes(bytes([number]) * 64)
            add_paths(library, [media])
        owner = claims.new_owner()
        while (key := claims.claim_next(library, owner)) is not None:
            path = library.conn.execute("SELECT path FROM paths WHERE hash = ?",
                                        (key,)).fetchone()[0]
            claims.record(library, _outcome(key, TEXTS[Path(path).name]), owner)
    with open_library(folder) as opened:
        yield opened
