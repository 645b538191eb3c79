"""What ``subs pack`` takes from a project folder: the source and every language, as they are.

Read-only: a person's edits in the files are used as typed (reviewed and edited cues as they
are, machine drafts as drafted), nothing is translated again and the state is not changed.
Cues with no text yet are left out (a player would show an empty box) and counted in ``notes``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from subs.project.config import ProjectError
from subs.project.folder import open_project
from subtitles.model import Cue, Track


@dataclass(frozen=True)
class ProjectTracks:
    title: str
    source_language: str
    tracks: dict[str, Track]  # source language first, then each language in tag order
    audio: Path | None
    glossary: Path | None
    profile: str
    platforms: tuple[str, ...]
    notes: tuple[str, ...] = ()


def project_tracks(folder: str | os.PathLike[str]) -> ProjectTracks:
    """The tracks to pack from the project holding ``folder``.

    Raises ProjectError when the source file changed since the languages were synced (their
    cues would not match it: run ``subs update`` first), or a language file is missing;
    a broken SRT raises its ``PATH:LINE`` ParseError.
    """
    project = open_project(folder)
    try:
        cfg = project.config
        source = project.state.source()
        on_disk = project.load_source()[0]
        if [(c.start_ms, c.end_ms, c.text) for c in on_disk.cues] != \
                [(c.start_ms, c.end_ms, c.text) for c in source]:
            raise ProjectError(f"{cfg.source} changed since the languages were synced; "
                               "run subs update first")
        tracks = {cfg.source_language: Track(source, cfg.source_language, cfg.source)}
        notes = []
        for tag in sorted(cfg.languages):
            slots = project.observe(tag)[0]
            cues = tuple(Cue(s.start_ms, s.end_ms, s.text) for s in slots if s.text.strip())
            if len(cues) < len(slots):
                notes.append(f"{cfg.languages[tag].file}: {len(slots) - len(cues)} cue(s) "
                             "without text left out")
            tracks[tag] = Track(cues, tag, cfg.languages[tag].file)
        root = project.folder
        return ProjectTracks(cfg.title, cfg.source_language, tracks,
                             (root / cfg.audio).resolve() if cfg.audio else None,
                             root / cfg.glossary if cfg.glossary else None,
                             cfg.profile, cfg.platforms, tuple(notes))
    finally:
        project.close()

