"""One immutable cue model for every stage of the pipeline.

Times are integer milliseconds everywhere (adapters convert once, at the edge). A cue remembers
the 1-based line of its file it came from, so every later message (readability, glossary,
validation) can point a person at ``PATH:LINE``.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Iterable, Iterator


@dataclass(frozen=True)
class Cue:
    """One subtitle: text shown from ``start_ms`` to ``end_ms``.

    ``text`` holds the display lines joined by ``\\n``; inline markup (``<i>``) is kept as written,
    since formats and players differ on what they honour. ``line`` is the 1-based line of the
    cue's timing line in its source file, or None for cues made in memory.
    """

    start_ms: int
    end_ms: int
    text: str
    speaker: str | None = None
    style: str | None = None
    line: int | None = None

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def replace(self, **changes: object) -> "Cue":
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Track:
    """An ordered sequence of cues in one language (a BCP-47 tag, or None if unknown)."""

    cues: tuple[Cue, ...] = ()
    language: str | None = None
    path: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.cues, tuple):
            object.__setattr__(self, "cues", tuple(self.cues))

    def __len__(self) -> int:
        return len(self.cues)

    def __iter__(self) -> Iterator[Cue]:
        return iter(self.cues)

    def __getitem__(self, index: int) -> Cue:
        return self.cues[index]

    def with_cues(self, cues: Iterable[Cue]) -> "Track":
        return dataclasses.replace(self, cues=tuple(cues))

    def replace(self, **changes: object) -> "Track":
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def sorted(self) -> "Track":
        """Cues ordered by start then end (stable, so equal times keep file order)."""
        return self.with_cues(sorted(self.cues, key=lambda c: (c.start_ms, c.end_ms)))
