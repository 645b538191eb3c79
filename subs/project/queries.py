"""Read-only questions about a project, for the CLI and for any other front end (issue 16).

``cue_states(folder, tag)`` answers "which cues?": each cue of a language with its state
(``stale``, ``machine``, ``edited``, ``reviewed`` or ``empty``), the counts of ``subs status``
cue by cue. ``source_state(project)`` says whether the source file still matches what the
languages were synced to (``subs pack`` refuses otherwise; ``subs status`` says so).
Nothing here writes: a person's edits in the files are read as they are, as every command
reads them (see ``Project.observe``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from subs.project.folder import Project, open_project
from subs.project.sync import HUMAN, is_stale
from subtitles.errors import ParseError, Problem

CUE_STATES = ("stale", "machine", "edited", "reviewed", "empty")


@dataclass(frozen=True)
class CueState:
    """One cue of a language. ``state`` is ``stale`` for a person's text whose source cue
    changed since; otherwise the cue's status."""

    number: int  # 1-based, as in the SRT
    start_ms: int
    end_ms: int
    state: str  # one of CUE_STATES
    text: str
    source_text: str  # the source cue's current text
    reviewed_by: str | None = None

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def project_cue_states(project: Project, raw_tag: str) -> tuple[CueState, ...]:
    """Every cue of one language of an open project, edits in its file included."""
    tag = project.tag(raw_tag)
    slots = project.observe(tag)[0]
    source = project.state.source()
    out = []
    for k, slot in enumerate(slots):
        current = source[k].text if k < len(source) else slot.source_text
        stale = slot.status in HUMAN and (slot.stale or is_stale(slot, current))
        out.append(CueState(k + 1, slot.start_ms, slot.end_ms,
                            "stale" if stale else slot.status, slot.text, current,
                            slot.reviewed_by if slot.status == "reviewed" else None))
    return tuple(out)


def cue_states(folder: str | os.PathLike[str], tag: str) -> tuple[CueState, ...]:
    """Every cue of language ``tag`` of the project holding ``folder``, with its state."""
    project = open_project(folder)
    try:
        return project_cue_states(project, tag)
    finally:
        project.close()


@dataclass(frozen=True)
class SourceState:
    readable: bool
    changed: bool  # differs from the cues the languages were synced to: subs update is due
    problems: tuple[Problem, ...] = ()  # the reader's findings (errors when not readable)


def source_state(project: Project) -> SourceState:
    """Whether the source file can be read and still matches the project's recorded source."""
    try:
        track, problems = project.load_source()
    except ParseError as err:
        return SourceState(False, True, tuple(err.problems))
    recorded = [(c.start_ms, c.end_ms, c.text) for c in project.state.source()]
    return SourceState(True, [(c.start_ms, c.end_ms, c.text) for c in track.cues] != recorded,
                       tuple(problems))
