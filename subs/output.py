"""What the CLI prints: diagnostics, summaries and progress bars, always to the right stream.

Results go to stdout; diagnostics, progress and notes to stderr, so ``subs x > out`` is clean.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator

import click

from subtitles.errors import Problem
from subtitles.formats import FORMATS

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
