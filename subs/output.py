"""What the CLI prints: diagnostics, summaries and progress bars, always to the right stream.

Results go to stdout; diagnostics, progress and notes to stderr, so ``subs x > out`` is clean.
"""
from __future__ import annotations

import sys
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, NoReturn

import click

from subtitles.errors import Problem
from subtitles.formats import FORMATS

if TYPE_CHECKING:
    from glossary.model import Glossary
    from subtitles.formats import Parsed

# --to / --from of every command that writes or reads a chosen subtitle format.
FORMAT_CHOICE = click.Choice(sorted(FORMATS), case_sensitive=False)


def echo_problems(problems: Iterable[Problem], *, err: bool = True) -> None:
    for problem in problems:
        click.echo(str(problem), err=err)


def note(message: str) -> None:
    click.echo(message, err=True)


@contextmanager
def progress(total: int, label: str, *, quiet: bool = False,
             show: Callable[[int | None], str] | None = None
             ) -> Iterator[Callable[[int, int], None]]:
    """Yield an ``on_progress(done, total)`` callback that draws a bar on stderr.

    Off a terminal (CI, pipes) it draws nothing, so logs stay readable; ``quiet`` silences it.
    """
    if quiet or not sys.stderr.isatty():
        yield lambda done, total_: None
        return
    with click.progressbar(length=max(total, 1), label=label, file=sys.stderr,
                           item_show_func=show, show_eta=True) as bar:
        state = {"done": 0}

        def update(done: int, total_: int) -> None:
            if total_ and total_ != bar.length:
                bar.length = max(total_, 1)
            step = done - state["done"]
            if step > 0:
                bar.update(step)
                state["done"] = done

        yield update


@contextmanager
def stage_progress(*, quiet: bool = False) -> Iterator[Callable[[str, int, int], None]]:
    """Yield an ``on_progress(stage, done, total)`` callback for a pipeline of stages: one
    ``progress`` bar per stage in turn, each closed when the next stage reports."""
    with ExitStack() as stack:
        current: dict[str, Any] = {"stage": None, "update": None}

        def update(stage: str, done: int, total: int) -> None:
            if stage != current["stage"]:
                stack.close()
                current["stage"] = stage
                current["update"] = stack.enter_context(
                    progress(total, f"{stage:<16}", quiet=quiet))
            current["update"](min(done, total), total)

        yield update


def fail(problems: Iterable[Problem]) -> NoReturn:
    """Print every problem compiler-style on stderr, then exit 1 (no ``Error:`` line: the
    problems already say what is wrong and where)."""
    echo_problems(problems)
    raise click.exceptions.Exit(1)


def load_glossary_or_exit(path: str) -> "Glossary":
    """The glossary at ``path``, or its problems printed (``PATH:LINE: error: ...``) and exit 1."""
    from glossary.load import load_glossary
    from subtitles.errors import GlossaryError

    try:
        return load_glossary(path)
    except GlossaryError as err:
        fail(err.problems)


def load_track_or_exit(path: str, **options: Any) -> "Parsed":
    """``subtitles.io.load_track(path, **options)`` with its warnings printed, or its problems
    printed and exit 1 when the file cannot be read."""
    from subtitles.errors import ParseError
    from subtitles.io import load_track

    try:
        parsed = load_track(path, **options)
    except ParseError as err:
        fail(err.problems)
    echo_problems(parsed.problems)
    return parsed
