"""Options several commands share, written once so their names, defaults and help agree.

Each is a decorator: ``@encoding_option`` on a command adds ``--encoding`` and passes
``encoding`` to it. Help that depends on the command (what the profile is for, what ``-q``
hides) is the one argument.
"""
from __future__ import annotations

from typing import Callable, TypeVar

import click

from subs.inputs import InputFile

F = TypeVar("F", bound=Callable[..., object])


def profile_option(purpose: str, *, dest: str = "profile_name") -> Callable[[F], F]:
    """``--profile NAME``: the readability profile (default documentary)."""
    return click.option("--profile", dest, default="documentary", show_default=True,
                        help=f"Readability profile {purpose}: documentary, netflix, relaxed, "
                             "or one from --profiles.")


profiles_option = click.option(
    "--profiles", "profiles_file", type=InputFile(),
    help="TOML file of extra profiles (default: $SUBS_PROFILES).")

encoding_option = click.option(
    "--encoding", help="Input encoding, e.g. cp1255 (default: detected).")


def quiet_option(hides: str = "progress bars and notes") -> Callable[[F], F]:
    """``-q/--quiet``: no progress bar (stderr stays for errors)."""
    return click.option("-q", "--quiet", is_flag=True, help=f"No {hides}.")


def engine_option(purpose: str, *, none: bool = False) -> Callable[[F], F]:
    """``--engine``: auto or one of translate.engine.ENGINES (plus ``none`` when asked)."""
    from translate.engine import ENGINES

    choices = ["auto", *ENGINES] + (["none"] if none else [])
    return click.option("--engine", default="auto", show_default=True,
                        type=click.Choice(choices), help=purpose)

# ``-C DIR``: the film project (commands find it like git: DIR or the nearest folder above)
project_option = click.option(
    "-C", "--project", "project_dir", default=".", show_default=True,
    type=click.Path(file_okay=False), help="The project folder (or any folder inside it).")
