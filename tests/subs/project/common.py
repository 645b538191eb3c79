"""Shared helpers for the project tests: a ten-cue testimony source and SRT editing by hand."""
from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner, Result

from subs.cli import cli
from subtitles.model import Cue, Track
from subtitles.io import render_track, load_track

LINES = [
    "My name is Anna and I was born in Lodz.",
    "We lived near the market square.",
    "My father was a tailor.",
    "My mother worked in a small shop.",
    "In the winter everything changed.",
    "The soldiers came to our street.",
    "We had to leave the house.",
    "I never saw my school again.",
    "We walked to the station at night.",
    "The train was very cold.",
]


def source_cues(shift_ms: int = 0) -> list[Cue]:
    return [Cue(1000 + i * 3000 + shift_ms, 3500 + i * 3000 + shift_ms, text)
            for i, text in enumerate(LINES)]


def write_srt(path: Path, cues: list[Cue]) -> Path:
    path.write_text(render_track(Track(tuple(cues)), "srt"), encoding="utf-8")
    return path


def read_cues(path: Path) -> list[Cue]:
    return list(load_track(path).track.cues)


def edit_cue(path: Path, number: int, text: str) -> None:
    """Change cue ``number``'s text the way a person in a text editor would (CRLF kept)."""
    raw = path.read_text(encoding="utf-8")
    blocks = re.split(r"\n\n", raw.strip("\n"))
    head = blocks[number - 1].split("\n")[:2]
    blocks[number - 1] = "\n".join(head + [text])
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def make_project(tmp_path: Path, *languages: tuple[str, str]) -> Path:
    """``subs init`` a project in tmp_path/film, then ``subs lang add`` (tag, engine) pairs."""
    src = write_srt(tmp_path / "film.en.srt", source_cues())
    folder = tmp_path / "film"
    result = run("init", str(folder), "--source", str(src))
    assert result.exit_code == 0, result.output
    for tag, engine in languages:
        result = run("lang", "add", tag, "--engine", engine, "-C", str(folder))
        assert result.exit_code == 0, result.output
    return folder
