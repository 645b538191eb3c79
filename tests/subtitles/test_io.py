"""Files are sacred: atomic writes survive failures and kills; loads report encodings."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from subtitles.errors import OutputExists, WriteError
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
    with pytest.raises(WriteError) as err:
        save_track(Track((Cue(0, 1000, "new"),)), target)
    assert str(err.value) == (f"{target}: cannot write: No space left on device "
                              "(free some disk space; nothing was replaced)")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["film.srt"]


def test_unwritable_folder_is_one_error_and_the_folders_made_are_removed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A mode-555 folder stops everyone but root, so the OS refusal is simulated."""
    def refuse(**kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied", str(kwargs["dir"]))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    target = tmp_path / "new" / "deeper" / "film.srt"
    with pytest.raises(WriteError) as err:
        atomic_write(target, "text")
    assert str(err.value) == (f"{target}: cannot write: Permission denied "
                              "(choose a folder you can write to)")
    assert list(tmp_path.iterdir()) == []


def test_a_file_where_the_output_folder_belongs(tmp_path: Path) -> None:
    (tmp_path / "film.srt").write_text("keep")
    for target in (tmp_path / "film.srt" / "x.vtt", tmp_path / "film.srt" / "a" / "x.vtt"):
        with pytest.raises(WriteError) as err:
            atomic_write(target, "text")
        assert str(err.value) == (f"{target}: cannot write: {tmp_path / 'film.srt'} is a file, "
                                  "not a folder (choose another output path)")
    assert (tmp_path / "film.srt").read_text() == "keep"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_a_folder_the_os_cannot_make() -> None:
    with pytest.raises(WriteError) as err:
        atomic_write("/proc/x/y.vtt", "text")
    assert str(err.value) == ("/proc/x/y.vtt: cannot write: cannot create the folder /proc/x: "
                              "No such file or directory (choose another output path)")


def test_killed_writer_leaves_the_old_file(tmp_path: Path) -> None:
    """A real process SIGKILLed with 200 MB written to the temp file and not yet renamed (it
    kills itself in ``fsync``, so the moment is certain on a busy machine too; issue 12): the
    target is still the old file."""
    target = tmp_path / "film.srt"
    target.write_text("old\n")
    code = ("import os, signal, sys; from subtitles.io import atomic_write; "
            "os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL); "
            "atomic_write(sys.argv[1], b'x' * 200_000_000)")
    proc = subprocess.run([sys.executable, "-c", code, str(target)], cwd=ROOT, timeout=300)
    assert proc.returncode == -signal.SIGKILL
    assert target.read_text() == "old\n"
    left = [p for p in tmp_path.iterdir() if p != target]
    assert [p.stat().st_size for p in left] == [200_000_000]  # the killed run's temp file


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
