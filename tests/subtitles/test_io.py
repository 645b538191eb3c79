"""Files are sacred: atomic writes survive failures and kills; loads report encodings."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from subtitles.errors import OutputExists
from subtitles.io import atomic_write, ensure_writable, load_track, save_track
from subtitles.model import Cue, Track

ROOT = Path(__file__).parents[2]


def test_failing_write_leaves_the_old_file_and_no_temp(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "film.srt"
    target.write_text("old\n")

    def disk_error(fd: int) -> None:  # a full disk cannot be made on demand; fail fsync instead
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_error)
    with pytest.raises(OSError):
        save_track(Track((Cue(0, 1000, "new"),)), target)
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["film.srt"]


def test_killed_writer_leaves_the_old_file(tmp_path: Path) -> None:
    """A real process killed in the middle of writing 200 MB: the target is still the old file."""
    target = tmp_path / "film.srt"
    target.write_text("old\n")
    code = ("import sys; from subtitles.io import atomic_write; "
            "atomic_write(sys.argv[1], b'x' * 200_000_000)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(target)], cwd=ROOT)
    deadline = time.monotonic() + 20
    while not any(p.name.endswith(".tmp") and p.stat().st_size > 1_000_000
                  for p in tmp_path.iterdir()):  # kill it half-way through the data
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert target.read_text() == "old\n"


def test_save_writes_utf8_without_bom_and_crlf_on_request(tmp_path: Path) -> None:
    track = Track((Cue(0, 1000, "שלום\nעולם"),))
    save_track(track, tmp_path / "a.vtt")
    save_track(track, tmp_path / "b.srt", crlf=True)
    assert (tmp_path / "a.vtt").read_bytes() == \
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nשלום\nעולם\n".encode()
    assert (tmp_path / "b.srt").read_bytes() == \
        "1\r\n00:00:00,000 --> 00:00:01,000\r\nשלום\r\nעולם\r\n".encode()


def test_existing_output_and_input_are_protected(tmp_path: Path) -> None:
    source = tmp_path / "in.srt"
    source.write_text("x")
    with pytest.raises(OutputExists, match="pass --force"):
        ensure_writable(source)
    with pytest.raises(OutputExists, match="it is the input"):
        ensure_writable(source, force=True, inputs=(source,))
    ensure_writable(tmp_path / "new.srt")


def test_load_takes_language_from_the_name(tmp_path: Path) -> None:
    path = tmp_path / "film.he.srt"
    atomic_write(path, "1\n00:00:01,000 --> 00:00:02,000\nשלום\n")
    parsed = load_track(path)
    assert parsed.track.language == "he" and parsed.track.path == str(path)
    assert parsed.track[0].line == 2
