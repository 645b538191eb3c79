"""Issue 15 items 10 and 13 in a library: a FIFO among the footage, a damaged library.db."""
from __future__ import annotations

import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest
from click.testing import CliRunner

from subs.cli import cli

ROOT = Path(__file__).parents[3]


def write_wav(path: Path) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\x00\x01" * 16000)


def test_15_a_fifo_named_wav_is_skipped_not_waited_on(tmp_path: Path) -> None:
    footage = tmp_path / "footage"
    footage.mkdir()
    write_wav(footage / "real.wav")
    os.mkfifo(footage / "pipe.wav")
    done = subprocess.run([sys.executable, "-m", "subs", "library", "add", str(footage),
                           "-L", str(tmp_path / "lib")], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "pipe.wav" in done.stdout + done.stderr
    assert "not a regular file" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", [["status"], ["search", "hello"], ["add", "{footage}"]])
def test_15_damaged_pages_in_library_db_are_one_line(tmp_path: Path, command: list[str]) -> None:
    footage = tmp_path / "footage"
    footage.mkdir()
    for n in range(40):
        write_wav(footage / f"clip{n:02}.wav")
    lib = tmp_path / "lib"
    assert CliRunner().invoke(cli, ["library", "add", str(footage), "-L", str(lib)]).exit_code == 0
    db = lib / "library.db"
    for extra in ("library.db-wal", "library.db-shm"):
        (lib / extra).unlink(missing_ok=True)
    data = bytearray(db.read_bytes())
    for offset in range(4096, len(data), 4096):  # every page but the first
        data[offset:offset + 64] = b"\xa5" * 64
    db.write_bytes(bytes(data))
    args = [str(footage) if part == "{footage}" else part for part in command]
    result = CliRunner().invoke(cli, ["library", *args, "-L", str(lib)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if command[0] == "search":  # search names the library folder (#17's message)
        assert result.stderr.startswith(f"Error: {lib}: cannot search the library: ")
    else:
        assert result.stderr.startswith(f"{db}: error: ")
    assert "subs library add" in result.stderr  # what to do
    assert result.stderr.count("\n") == 1
