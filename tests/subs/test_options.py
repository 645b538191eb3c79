"""Options shared by several commands are one definition (subs/options.py)."""
from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from subs.cli import cli
from translate.engine import ENGINES


def _command(*path: str) -> click.Command:
    command: click.Command | None = cli.get_command(click.Context(cli), path[0])
    for name in path[1:]:
        assert isinstance(command, click.Group)
        command = command.get_command(click.Context(command), name)
    assert command is not None
    return command


def _option(command: click.Command, flag: str) -> click.Option:
    found = [p for p in command.params if isinstance(p, click.Option) and flag in p.opts]
    assert found, f"{command.name} has no {flag}"
    return found[0]


@pytest.mark.parametrize("path", [("check",), ("fix",), ("convert",), ("glossary", "apply"),
                                  ("glossary", "check")])
def test_17_encoding_reads_the_same_everywhere(path: tuple[str, ...]) -> None:
    assert _option(_command(*path), "--encoding").help == \
        "Input encoding, e.g. cp1255 (default: detected)."


@pytest.mark.parametrize("path", [("check",), ("fix",), ("transcribe",), ("translate",)])
def test_17_profiles_file_is_offered_wherever_a_profile_is_read_from_it(
        path: tuple[str, ...]) -> None:
    command = _command(*path)
    assert _option(command, "--profile").default == "documentary"
    assert _option(command, "--profiles").help == \
        "TOML file of extra profiles (default: $SUBS_PROFILES)."


@pytest.mark.parametrize("path, extra", [(("translate",), []), (("lang", "add"), ["none"])])
def test_17_engine_names_come_from_the_registry(path: tuple[str, ...], extra: list[str]) -> None:
    choice = _option(_command(*path), "--engine").type
    assert isinstance(choice, click.Choice)
    assert list(choice.choices) == ["auto", *ENGINES, *extra]


def test_17_translate_reads_profiles_from_profiles(tmp_path: Path) -> None:
    """--profiles was missing on translate: a custom profile could not be named there."""
    profiles = tmp_path / "p.toml"
    profiles.write_text('[profiles.festival]\nbase = "relaxed"\nmax_cps = 15\n', encoding="utf-8")
    args = ["translate", str(tmp_path / "none.srt"), "--to", "es", "--profile", "festival"]
    without = CliRunner().invoke(cli, args)
    assert "unknown profile 'festival'" in without.output
    given = CliRunner().invoke(cli, [*args, "--profiles", str(profiles)])
    assert given.exit_code == 1 and "profile" not in given.output  # on to reading the file


@pytest.mark.parametrize("path", [("status",), ("lang", "import"), ("serve",), ("invite",)])
def test_18_the_project_folder_option_reads_the_same_everywhere(path: tuple[str, ...]) -> None:
    option = _option(_command(*path), "-C")
    assert option.opts == ["-C", "--project"] and option.default == "."
    assert option.help == "The project folder (or any folder inside it)."
