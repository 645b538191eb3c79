"""``subs pack PROJECT_DIR``: a film project's source and languages, packed as people left them.

Nothing is transcribed or translated. What the QA report needs beyond the texts comes from
the project, read-only: each cue's status in its state (machine drafts not yet reviewed, and
cues whose source changed since, are marked for review, as ``subs status`` counts them) and
each language's engine from ``subs.toml``. The glossary check runs on every language as on a
pack from a film (audit of issue 7: a project pack checked nothing and reported no review).
"""
from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Callable

from subtitles.errors import EngineUnavailable, Problem, SubsError
from subtitles.io import load_track
from subtitles.model import Track
from subtitles.platforms import PLATFORMS

from subs.packing.pipeline import PackOptions, PackResult, check_media_file, publish
from subs.packing.stages import Translation

log = logging.getLogger(__name__)

BY_HAND = "by hand"  # the engine of a language no machine drafted a cue of


MIN_COMPLETE_PCT = 90  # below this share of cues with text, a language is partial


def pack_project(folder: Path, opts: PackOptions,
                 note: Callable[[str], None] = log.info, *,
                 min_complete_pct: float = MIN_COMPLETE_PCT,
                 ship_partial: bool = False) -> PackResult:
    """Pack a film project folder (``subs init``).

    ``opts.targets`` (``--to``), when given, limits the languages; the project's own title,
    glossary, profile and platforms fill in whatever the command line left at its default.
    Issue 16: a language with text in fewer than ``min_complete_pct`` % of its cues is partial:
    left out of the pack, or with ``ship_partial`` packed and flagged; either way the QA report
    and the notes say so in a plain sentence.
    """
    from subs.project.pack import project_tracks

    check_media_file(opts.media_file)
    project = project_tracks(folder)
    for line in project.notes:
        note(line)
    tracks = dict(project.tracks)
    source_lang = project.source_language
    if opts.targets:
        missing = [t for t in opts.targets if t not in tracks]
        if missing:
            have = ", ".join(t for t in tracks if t != source_lang) or "none"
            raise SubsError(f"{folder}: no language {', '.join(missing)} in this project "
                            f"(it has: {have}; add one with subs lang add)")
        tracks = {source_lang: tracks[source_lang],
                  **{t: tracks[t] for t in opts.targets if t != source_lang}}
    notices = _partial_languages(tracks, source_lang, min_complete_pct, ship_partial)
    for tag, text in notices.items():
        note(f"{tag}: {text}")
        if not ship_partial:
            del tracks[tag]
    root = Path(folder).resolve()
    source_path = root / (tracks[source_lang].path or "")
    # The source as its file has it (project_tracks checked they agree): cues carry lines.
    tracks[source_lang] = load_track(source_path, language=source_lang).track
    for tag in list(tracks)[1:]:
        tracks[tag] = tracks[tag].replace(path=str(root / (tracks[tag].path or "")))
    opts = dataclasses.replace(
        opts,
        input=project.audio if project.audio and project.audio.exists() else source_path,
        title=opts.title or project.title,
        source_language=source_lang,
        glossary=opts.glossary or project.glossary,
        platforms=opts.platforms if opts.platforms != tuple(PLATFORMS) or not project.platforms
        else tuple(project.platforms),
        profile=opts.profile if opts.profile != "documentary" else project.profile)
    glossary = None
    if opts.glossary:
        from glossary.load import load_glossary

        glossary = load_glossary(opts.glossary)
    translations = project_translations(root, tracks)
    return publish(opts, tracks, translations, glossary, None, note, notices)


def _partial_languages(tracks: dict[str, Track], source_lang: str, min_pct: float,
                       ship: bool) -> dict[str, str]:
    """tag -> the sentence for each language under the threshold (tracks hold cues with text)."""
    total = len(tracks[source_lang])
    out = {}
    for tag, track in tracks.items():
        if tag == source_lang or not total:
            continue
        pct = 100 * len(track) / total
        if pct >= min_pct:
            continue
        done = f"only {len(track)} of {total} cues translated ({pct:.0f}%, under {min_pct:g}%)"
        out[tag] = (f"PARTIAL: {done}; shipped as it is (--partial), the other cues have no "
                    "subtitles" if ship else
                    f"LEFT OUT of the pack: {done}; finish it, or pass --partial to ship it "
                    "flagged")
    return out


def project_translations(root: Path, tracks: dict[str, Track]) -> dict[str, Translation]:
    """Per language: its engine, its cues to review and its cue counts, from the project.

    Review findings name source lines (``tracks``' first track is read from the source file);
    the QA report points them at the same cue in the pack.
    """
    from subs.project.folder import open_project
    from subs.project.sync import HUMAN, is_stale

    source = next(iter(tracks.values()))
    out: dict[str, Translation] = {}
    project = open_project(root)
    try:
        for tag in list(tracks)[1:]:
            slots = project.observe(tag)[0]
            review: list[Problem] = []
            for k, slot in enumerate(slots):
                line = source.cues[k].line if k < len(source.cues) else None
                where = project.language_file(tag)
                if slot.status == "machine":
                    review.append(Problem(where, line, "warning",
                                          f"cue {k + 1} is a machine draft, not reviewed",
                                          f"check it, then: subs review {tag} --cues {k + 1}",
                                          "review"))
                elif slot.status in HUMAN and k < len(source.cues) and (
                        slot.stale or is_stale(slot, source.cues[k].text)):
                    review.append(Problem(where, line, "warning",
                                          f"cue {k + 1}: its source changed since it was "
                                          "translated", "check it against the source", "stale"))
            counts = {status: sum(s.status == status for s in slots)
                      for status in ("machine", "edited", "reviewed", "empty")}
            engine = engine_label(project.config.languages[tag].engine,
                                  project.config.source_language, tag, counts["machine"])
            out[tag] = Translation(tracks[tag], engine, tuple(review), counts)
    finally:
        project.close()
    return out


def engine_label(configured: str, source: str, target: str, machine_cues: int) -> str:
    """The engine that drafts this language (``subs.toml``'s, "auto" resolved as ``subs lang
    add`` resolves it), as a film pack names it; ``by hand`` when no cue is a machine draft."""
    if machine_cues == 0 or configured == "none":
        return BY_HAND
    from translate.engine import get_engine

    try:
        engine = get_engine(configured, source, target)
    except EngineUnavailable:
        return configured  # drafted by an engine no longer installed: its configured name
    return f"{engine.name} {engine.version}".strip()
