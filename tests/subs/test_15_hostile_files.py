"""Issue 15: files that are odd, too long, unreachable or links: one line, exit 1, no traceback.

Items 7 (links, stale temp files), 10 (only regular files are opened), 11 (names over 255
bytes, folders one cannot enter) and 15 (missing and unreadable inputs answered alike).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from subs.cli import cli
from subtitles.io import atomic_write

ROOT = Path(__file__).parents[2]
DATA = Path(__file__).parents[1] / "data"
LONG = "a" * 300


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(DATA / "srt" / "clean.srt", tmp_path / "g.en.srt")
    (tmp_path / "names.csv").write_text("term\nMiriam\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output  # check reports on stdout, the others on stderr


@pytest.mark.parametrize("args", [
    ["convert", "g.en.srt", f"{LONG}.vtt"],
    ["check", f"{LONG}.srt"],
    ["fix", "g.en.srt", "-o", f"{LONG}.srt"],
    ["glossary", "apply", "g.en.srt", "-g", "names.csv", "-o", f"{LONG}.srt"],
])
def test_15_a_name_over_255_bytes_is_one_line(work: Path, args: list[str]) -> None:
    code, err = run(*args)
    assert code == 1
    assert err.count("\n") <= 2 and "file name too long" in err.lower()
    assert "255 bytes" in err


def test_15_translate_into_a_folder_name_over_255_bytes(work: Path) -> None:
    code, err = run("translate", "g.en.srt", "--to", "es", "--engine", "apertium",
                    "-o", LONG, "--memory", str(work / "m.sqlite"))
    assert code == 1 and "too long" in err.lower()


def test_15_a_name_of_250_bytes_still_gets_its_temp_file(tmp_path: Path) -> None:
    target = tmp_path / ("b" * 250 + ".srt")
    atomic_write(target, "x")
    assert target.read_text() == "x"


@pytest.mark.parametrize("command", [
    ["fix", "{IN}", "-o", "out.srt"],
    ["glossary", "apply", "{IN}", "-g", "names.csv", "-o", "out.srt"],
    ["check", "{IN}"],
    ["convert", "{IN}", "out.vtt"],
])
@pytest.mark.parametrize("kind", ["missing", "folder", "fifo"])
def test_15_missing_and_unreadable_inputs_answer_alike(work: Path, command: list[str],
                                                       kind: str) -> None:
    name = f"{kind}.srt"
    if kind == "folder":
        (work / name).mkdir()
    elif kind == "fifo":
        os.mkfifo(work / name)
    code, err = run(*[name if part == "{IN}" else part for part in command])
    assert code == 1
    assert err.startswith(f"{name}: error: ")
    assert "Usage:" not in err
    assert not (work / "out.srt").exists() and not (work / "out.vtt").exists()


def test_15_fix_in_place_writes_through_a_link(work: Path) -> None:
    real = work / "real.en.srt"
    shutil.copy(DATA / "srt" / "clean.srt", real)
    (work / "link.en.srt").symlink_to(real.name)
    before = real.read_bytes()
    code, _ = run("fix", "link.en.srt", "--in-place", "--profile", "relaxed")
    assert code == 0
    assert (work / "link.en.srt").is_symlink()
    atomic_write(work / "link.en.srt", "changed\n")
    assert (work / "link.en.srt").is_symlink() and real.read_text() == "changed\n"
    assert before != real.read_bytes()


def test_15_a_killed_write_leaves_no_temp_file_for_ever(tmp_path: Path) -> None:
    target = tmp_path / "film.srt"
    code = ("import os, sys\nfrom subtitles import io\n"
            "def die(tmp, target): os._exit(9)\n"
            "io.os.replace = die\n"
            f"io.atomic_write({str(target)!r}, 'half')\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT)
    assert done.returncode == 9
    left = [p.name for p in tmp_path.iterdir()]
    assert len(left) == 1 and left[0].startswith(".film.srt.") and left[0].endswith(".tmp")
    atomic_write(target, "whole")
    assert [p.name for p in tmp_path.iterdir()] == ["film.srt"]
    assert target.read_text() == "whole"


def _as_nobody(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run the CLI in a child that cannot bypass permissions: root drops to ``nobody``.

    Root ignores folder permissions, so the child gives its privileges up after fork (the
    interpreter and subs are already loaded); the kernel then refuses it for real.
    """
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        try:
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            os.chdir(cwd)
            result = CliRunner().invoke(cli, args)
            os.write(write, f"{result.exit_code}\n{result.output}{result.exception!r}".encode())
        except BaseException as err:
            os.write(write, f"99\n{err!r}".encode())
        finally:
            os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    code, _, output = b"".join(chunks).decode().partition("\n")
    return int(code), output


def test_15_an_output_folder_one_cannot_enter(tmp_path: Path) -> None:
    shutil.copy(DATA / "srt" / "clean.srt", tmp_path / "g.en.srt")
    # the same conversion once with access, so every module is loaded before the child drops it
    assert run("convert", str(tmp_path / "g.en.srt"), str(tmp_path / "warm.vtt"))[0] == 0
    public = Path(tempfile.mkdtemp(prefix="subs-15-"))  # /tmp itself: nobody may pass through
    os.chmod(public, 0o755)
    shutil.copy(tmp_path / "g.en.srt", public / "g.en.srt")
    os.chmod(public / "g.en.srt", 0o644)
    tmp_path = public
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o700)
    if os.geteuid() != 0:
        os.chmod(locked, 0o000)
    try:
        code, output = _as_nobody(["convert", str(tmp_path / "g.en.srt"),
                                   str(locked / "x.vtt")], tmp_path)
    finally:
        os.chmod(locked, 0o700)
        shutil.rmtree(public)
    assert code == 1, output
    assert "Traceback" not in output and "permission denied" in output.lower()
    assert str(locked) in output


@pytest.fixture
def full_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real, nearly full 64 KiB file system (tmpfs); skipped where mounting is not allowed."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"a small file system needs mount rights: {done.stderr.strip()}")
    try:
        (mount / "fill").write_bytes(b"\0" * 40_000)
        yield mount
    finally:
        if subprocess.run(["umount", str(mount)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], check=False)  # busy: detach lazily


def test_15_a_full_disk_is_one_line_for_pack_and_memory(work: Path, full_disk: Path) -> None:
    code, err = run("pack", "g.en.srt", "-o", str(full_disk / "pack"))
    assert code == 1 and "No space left on device" in err and err.count("\n") == 1
    code, err = run("translate", "g.en.srt", "--to", "es", "--engine", "apertium",
                    "--memory", str(full_disk / "m.sqlite"), "-o", "out")
    assert code == 1
    assert err.count("\n") == 1 and str(full_disk / "m.sqlite") in err
    assert "the disk is full" in err
