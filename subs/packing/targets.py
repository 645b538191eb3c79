"""``--to es,ca,pt-BR``: target tags validated before any work, with the valid ones on error.

Tags become file names, so each is checked with langcodes (``../../x`` is refused). What is
"valid" for a pack is what the installed engines can make from its source language, so that is
what an unknown tag's error lists (issue 7: "a clear error listing the valid ones").
"""
from __future__ import annotations

from subtitles.errors import SubsError, UnknownLanguage
from subtitles.languages import normalize_language


class UnknownTarget(SubsError):
    """A ``--to`` tag that is no language; lists what the installed engines make instead."""

    def __init__(self, tag: str, source: str | None, choices: tuple[str, ...]) -> None:
        super().__init__(tag, source, choices)
        self.tag = tag
        self.source = source
        self.choices = choices

    def __str__(self) -> str:
        listed = ", ".join(self.choices) or "none"
        if self.source is None:
            return (f"unknown language tag {self.tag!r} "
                    f"(languages the installed engines can make: {listed})")
        return (f"unknown language tag {self.tag!r} (languages this pack can make from "
                f"{self.source}: {listed}, or {self.source} itself)")


def reachable_languages(engine: str, source: str | None) -> tuple[str, ...]:
    """Targets the installed engines (or the one named) translate into from ``source``
    (from any language when None), sorted; the source itself is left out."""
    from translate.engine import ENGINES, installed_pairs, tag_matches

    names = set(ENGINES) if engine == "auto" else {engine}
    found = {t for name, pairs in installed_pairs().items() if name in names
             for s, t in pairs if source is None or tag_matches(s, source)}
    return tuple(sorted((t for t in found if t != source), key=str.lower))


def parse_targets(spec: str, source: str | None = None, engine: str = "auto", *,
                  project: bool = False) -> tuple[str, ...]:
    """``"es, ca,pt-br"`` -> ``("es", "ca", "pt-BR")``; each tag validated (no ``../x``).

    A tag that is no language fails naming the languages the engines can reach from
    ``source``. For a project folder (``project``) such a tag is kept as typed: the project
    has no such language, and ``pack_project`` refuses it listing the ones it has.
    """
    tags: list[str] = []
    for part in spec.split(","):
        if part.strip():
            try:
                tag = normalize_language(part)
            except UnknownLanguage:
                if not project:
                    raise UnknownTarget(part.strip(), source,
                                        reachable_languages(engine, source)) from None
                tag = part.strip()
            if tag not in tags:
                tags.append(tag)
    return tuple(tags)
