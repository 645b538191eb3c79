"""Issue 15 item 15: advice names flags that exist; the same input answers the same way."""
from __future__ import annotations

import re
import shutil
import wave
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from subs.cli import cli

ROOT = Path(__file__).parents[2]
DATA = Path(__file__).parents[1] / "data"
# flags of other programs that messages name: pip, dask-worker, espeak-ng; --help is click's own
OTHER_PROGRAMS = {"--force-reinstall", "--nthreads", "--ipa", "--help"}


def all_flags() -> set[str]:
    flags: set[str] = set()

    def walk(command: click.Command) -> None:
        for param in command.params:
            if isinstance(param, click.Option):
                flags.update(o for o in param.opts + param.secondary_opts if o.startswith("--"))
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None:
                    walk(sub)

    walk(cli)
    return flags


def test_15_every_flag_a_message_names_exists() -> None:
    flags = all_flags() | OTHER_PROGRAMS
    named: dict[str, str] = {}
    for package in ("subs", "subtitles", "glossary", "translate", "transcribe"):
        for path in (ROOT / package).rglob("*.py"):
            for match in re.finditer(r"(?<![\w-])(--[a-z][a-z0-9-]+)", path.read_text("utf-8")):
                named.setdefault(match[1], str(path.relative_to(ROOT)))
    assert {flag: where for flag, where in named.items() if flag not in flags} == {}


@pytest.mark.parametrize("command", [
    ["glossary", "apply", "g.en.srt", "-g", "names.csv", "-o", "g.en.srt"],
    ["transcribe", "a.wav", "-o", "a.wav"],
])
def test_15_output_equal_to_input_advises_no_missing_flag(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           command: list[str]) -> None:
    shutil.copy(DATA / "srt" / "clean.srt", tmp_path / "g.en.srt")
    (tmp_path / "names.csv").write_text("term\nMiriam\n", encoding="utf-8")
    with wave.open(str(tmp_path / "a.wav"), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(16000)
        audio.writeframes(b"\x00\x00" * 1600)
    monkeypatch.chdir(tmp_path)
    name = "a.wav" if command[0] == "transcribe" else "g.en.srt"
    before = (tmp_path / name).read_bytes()
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {name} already exists; it is the input; write the output "
                             "to another file\n")
    assert "--in-place" not in result.stderr
    assert (tmp_path / name).read_bytes() == before


@pytest.mark.parametrize("char, says", [("\x1b[2J", "terminal escape sequence"),
                                        ("\x07", "control character (U+0007)"),
                                        ("\x9b", "control character (U+009B)")])
def test_15_check_warns_of_control_characters_in_cue_text(tmp_path: Path, char: str,
                                                           says: str) -> None:
    path = tmp_path / "c.en.srt"
    path.write_text(f"1\n00:00:01,000 --> 00:00:03,000\nHello{char} there.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert f"{path}:2: warning: cue text holds a {says}" in result.output


def test_15_a_nul_in_cue_text_is_named_as_webvtt_forbids_it() -> None:
    from subtitles.model import Cue, Track
    from subtitles.profiles import get_profile
    from subtitles.readability import check_track

    problems = check_track(Track((Cue(1000, 3000, "Hel\x00lo"),)), get_profile("documentary"))
    assert [p.message for p in problems if p.code == "control"] == [
        "cue text holds a NUL character (U+0000), which WebVTT forbids"]
