"""Read-only questions about a project, for the CLI and any other front end (issue 16).

``cue_state_name`` and ``language_cues(folder, tag)`` answer "which cues?" on top of the
workspace's per-cue layer (``subs.project.cues.cue_states``, issue 18), so ``subs status LANG``
and the browser see the same cues the same way: each cue ``stale`` (a person's text whose
source cue changed since), ``machine``, ``edited``, ``reviewed`` or ``empty``.
``source_state(project)`` says whether the source file still matches what the languages were
synced to (``subs pack`` refuses otherwise; ``subs status`` says so). Nothing here writes.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from subs.project.cues import CueState, cue_states
from subs.project.folder import Project, open_project
from subtitles.errors import ParseError, Problem

CUE_STATES = ("stale", "machine", "edited", "reviewed", "empty")


def cue_state_name(cue: CueState) -> str:
    """One word for a cue: ``stale`` before its status, since that is what needs doing."""
    return "stale" if cue.stale else cue.status


def language_cues(folder: str | os.PathLike[str], tag: str) -> tuple[CueState, ...]:
    """Every cue of language ``tag`` of the project holding ``folder`` (any spelling of it)."""
    project = open_project(folder)
    try:
        return cue_states(project, project.tag(tag))
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
