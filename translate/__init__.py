"""Translation: sentence-aware MT that keeps every cue's timing (see docs/translation.md).

``get_engine(name, source, target)`` finds an engine; ``translate_track(track, engine, ...)``
translates a track into one with the same cues and times. Engines load their libraries lazily.
"""
from __future__ import annotations

from translate.engine import Engine, get_engine
from translate.pipeline import Stats, Translated, translate_track

__all__ = ["Engine", "Stats", "Translated", "get_engine", "translate_track"]
