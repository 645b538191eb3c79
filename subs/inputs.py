"""``InputFile``: the click type of every file a command reads (#15).

``click.Path(exists=True, dir_okay=False)`` answered a missing or odd input with the usage text
and exit 2, while the readers answered ``PATH: error: ...`` and exit 1. Inputs now go through
``subtitles.io.check_input`` as they are parsed, so every command says the same thing about a
missing file, a folder, a FIFO or an unreadable one: one ``PATH: error: WHAT (what to do)`` line,
exit 1 (``SubsGroup.invoke`` prints it).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click


class InputFile(click.ParamType):  # type: ignore[type-arg]  # generic only since click 8.2
    """A regular file to read; ``path_type=Path`` gives a ``Path``, else a ``str``."""

    name = "file"

    def __init__(self, path_type: type | None = None) -> None:
        self.path_type = path_type

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        from subtitles.io import check_input

        check_input(value)  # raises ParseError: PATH: error: WHAT (what to do)
        return Path(value) if self.path_type is Path else str(value)
