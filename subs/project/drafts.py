"""Machine drafts for a project language: the configured engine, glossary and memory.

A pair no installed engine serves is not an error for a volunteer: ``engine = "auto"`` then
gives an empty-text copy with the source timing, to be typed by hand. Naming an engine that
lacks the pair is an error (the person asked for it).
"""
from __future__ import annotations

import logging
from typing import Sequence

from typing import TYPE_CHECKING

from subtitles.errors import EngineUnavailable
from subtitles.model import Cue, Track
from subtitles.progress import Progress

if TYPE_CHECKING:
    from glossary.model import Glossary
    from subs.project.folder import Project

log = logging.getLogger(__name__)



def machine_texts(project: "Project", tag: str, cues: Sequence[Cue], *,
                  on_progress: Progress | None = None) -> tuple[list[str] | None, str]:
    """One machine translation per cue (None when no engine serves the pair) and engine name."""
    entry = project.config.languages[tag]
    if entry.engine == "none" or not cues:
        return None, entry.engine
    from translate.engine import get_engine

    source = project.config.source_language
    try:
        engine = get_engine(entry.engine, source, tag)
    except EngineUnavailable as err:
        if entry.engine != "auto":
            raise
        log.info("no engine for %s -> %s: %s", source, tag, err)
        return None, "none"
    from subtitles.profiles import get_profile
    from translate import translate_track
    from translate.memory import open_memory

    track = Track(tuple(cues), source, path=project.config.source)
    # the whole track goes in, so sentences spanning cues keep their context; the project's
    # memory makes every unchanged sentence a lookup, so only new or changed ones reach the engine
    with open_memory(project.folder / ".subs" / "memory.sqlite") as memory:
        done = translate_track(track, engine, source=source, target=tag,
                               glossary=_glossary(project), memory=memory,
                               profile=get_profile(project.config.profile),
                               on_progress=on_progress)
    out = [c.text for c in done.track.cues]
    if len(out) != len(cues):  # the contract is one cue out per cue in; never guess
        raise EngineUnavailable(f"translation returned {len(out)} cues for {len(cues)}")
    return out, engine.name


def _glossary(project: "Project") -> "Glossary | None":
    if not project.config.glossary:
        return None
    from glossary.load import load_glossary

    return load_glossary(project.folder / project.config.glossary)

