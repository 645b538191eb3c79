"""One engine protocol and the registry that finds an engine for a language pair.

An engine translates a batch of plain sentences (no markup, glossary terms already masked) and
returns exactly one output per input. Engines are registered by name and imported lazily, so
``subs --help`` never loads CTranslate2, Bergamot or a subprocess. ``get_engine("auto", ...)``
picks the best installed engine for a pair; a pair nobody has names the pairs that do exist and
how to add more, instead of failing deep inside an adapter.
"""
from __future__ import annotations

import importlib
import logging
import os
from typing import Protocol, Sequence, runtime_checkable

from subtitles.errors import EngineUnavailable
from subtitles.languages import base_language

log = logging.getLogger(__name__)

Pair = tuple[str, str]


def engine_threads() -> int:
    """Threads an engine may use: ``$SUBS_THREADS``, else the cores up to 4 (edit suites and
    CI machines are shared). A value that is not a positive number is ignored, with a warning."""
    default = min(4, os.cpu_count() or 1)
    value = os.environ.get("SUBS_THREADS", "").strip()
    if not value:
        return default
    if value.isdigit() and int(value) > 0:
        return int(value)
    log.warning("ignoring SUBS_THREADS=%r (not a positive whole number); using %d",
                value, default)
    return default


@runtime_checkable
class Engine(Protocol):
    """A machine translation engine.

    ``name`` and ``version`` key the translation memory (a new model version must not reuse old
    output). ``translate`` is batched: callers pass a whole film's sentences at once, since
    per-call start-up is what makes cue-by-cue translation slow.
    """

    name: str
    version: str

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]: ...


class EngineFactory(Protocol):
    """What each engine module offers the registry (module-level functions)."""

    def pairs(self) -> list[Pair]: ...

    def load(self, source: str, target: str) -> Engine: ...

    def install_hint(self) -> str: ...


# Best first: neural engines before the rule-based one ("auto" walks this order).
ENGINES: dict[str, str] = {
    "bergamot": "translate.bergamot",
    "argos": "translate.argos",
    "apertium": "translate.apertium",
}


def engine_module(name: str) -> EngineFactory:
    if name not in ENGINES:
        raise EngineUnavailable(f"unknown engine {name!r}; known engines: auto, "
                                f"{', '.join(ENGINES)}")
    module: EngineFactory = importlib.import_module(ENGINES[name])
    return module


def tag_matches(offered: str, wanted: str) -> bool:
    """Does an engine's ``offered`` tag serve a request for ``wanted``?

    Equal tags match; so do tags of one base language when either side names no region or
    script (an engine for ``pt-BR`` serves ``pt``, a ``pt`` engine serves ``pt-BR``), but
    ``pt-PT`` never serves ``pt-BR``.
    """
    if offered.lower() == wanted.lower():
        return True
    if base_language(offered) != base_language(wanted):
        return False
    return "-" not in offered or "-" not in wanted


def find_pair(pairs: Sequence[Pair], source: str, target: str) -> Pair | None:
    """The engine's own pair for a request: an exact match first, else a base-language one."""
    for offered in pairs:
        if offered[0].lower() == source.lower() and offered[1].lower() == target.lower():
            return offered
    for offered in pairs:
        if tag_matches(offered[0], source) and tag_matches(offered[1], target):
            return offered
    return None


def installed_pairs() -> dict[str, list[Pair]]:
    """Every engine's installed pairs; an engine whose library is missing lists none."""
    found: dict[str, list[Pair]] = {}
    for name in ENGINES:
        try:
            found[name] = engine_module(name).pairs()
        except (ImportError, OSError) as err:
            log.info("engine %s unavailable: %s", name, err)
            found[name] = []
    return found


def describe_pairs(pairs: dict[str, list[Pair]]) -> str:
    parts = [f"{name} {', '.join(f'{s}->{t}' for s, t in sorted(p))}"
             for name, p in pairs.items() if p]
    return "; ".join(parts) if parts else "none"


def _unavailable(name: str, source: str, target: str,
                 pairs: dict[str, list[Pair]]) -> EngineUnavailable:
    who = "no installed engine" if name == "auto" else f"engine {name!r} has no pair"
    hints = "; ".join(engine_module(n).install_hint() for n in ENGINES
                      if name in ("auto", n))
    return EngineUnavailable(f"{who} for {source} -> {target}; installed pairs: "
                             f"{describe_pairs(pairs)} (to add one: {hints})")


def get_engine(name: str, source: str, target: str) -> Engine:
    """The engine ``name`` (or the best installed one for "auto") loaded for source -> target.

    Raises EngineUnavailable naming the installed pairs and how to install more.
    """
    names = list(ENGINES) if name == "auto" else [name]
    if name != "auto":
        engine_module(name)  # unknown names fail here, with the list of known ones
    pairs = {n: p for n, p in installed_pairs().items() if n in names or name == "auto"}
    for candidate in names:
        pair = find_pair(pairs.get(candidate, []), source, target)
        if pair is not None:
            log.info("engine %s serves %s -> %s as %s -> %s", candidate, source, target, *pair)
            return engine_module(candidate).load(*pair)
    raise _unavailable(name, source, target, pairs)

