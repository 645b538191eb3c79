"""The stages before packing: source track (read or transcribed, glossary applied), translations.

Each stage's result is kept in ``pack/.subs/`` with a key of everything it depends on (input
file identity, model, glossary contents, engine name and version), so a rerun reuses what is
done: an unchanged film is not transcribed again, an unchanged translation not redone. Inside a
stage the transcriber's checkpoint and the translation memory (``.subs/memory.sqlite``, which
also protects human edits made through ``subs translate``) make an interrupted run resume.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from subtitles.errors import Problem, SubsError
from subtitles.formats import FORMATS
from subtitles.hashing import sha256_file, sha256_text
from subtitles.io import atomic_write, load_track, render_track
from subtitles.model import Track
from subtitles.progress import StageProgress

if TYPE_CHECKING:
    from glossary.model import Glossary
    from transcribe.transcript import Word

log = logging.getLogger(__name__)

CHECKPOINT = "transcript.checkpoint.json"
WORDS = "source.words.json"


def is_subtitle_file(path: Path) -> bool:
    suffix = path.suffix.lower()
    return any(suffix in fmt.extensions for fmt in FORMATS.values())


def file_identity(path: Path) -> str:
    """Name, size and modification time: cheap for a 10 GB film, changes when it is replaced."""
    stat = path.stat()
    return f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"


def digest(*parts: object) -> str:
    return sha256_text(json.dumps(parts, sort_keys=True, default=str))


@dataclass
class WorkDir:
    """``pack/.subs``: cached stage outputs and the keys they were made under."""

    root: Path
    state: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        try:
            self.state = json.loads((self.root / "state.json").read_text("utf-8"))
        except (FileNotFoundError, ValueError):
            self.state = {}

    def cached(self, name: str, key: str) -> tuple[Track, dict[str, Any]] | None:
        entry = self.state.get(name)
        path = self.root / f"{name}.srt"
        if not entry or entry.get("key") != key or not path.exists():
            return None
        track = load_track(path, language=entry.get("language")).track
        return track, entry

    def store(self, name: str, key: str, track: Track, **extra: Any) -> None:
        atomic_write(self.root / f"{name}.srt", render_track(track, "srt"))
        self.state[name] = {"key": key, "language": track.language, **extra}
        atomic_write(self.root / "state.json", json.dumps(self.state, indent=1) + "\n")


@dataclass(frozen=True)
class Source:
    track: Track
    notes: tuple[str, ...] = ()
    changes: tuple[Problem, ...] = ()
    model: str | None = None
    # (start_ms, end_ms) of each transcribed word; empty for a subtitle-file source
    words: tuple[tuple[int, int], ...] = ()


def store_words(work: WorkDir, key: str, words: "Sequence[Word]") -> None:
    """Keep the transcript's words beside ``source.srt`` (a platform split is timed at a
    pause between them, ``subtitles.fit``), under the source stage's key."""
    data = {"key": key, "words": [w.as_dict() for w in words]}
    atomic_write(work.root / WORDS, json.dumps(data, ensure_ascii=False) + "\n")


def load_words(work: WorkDir, key: str) -> tuple[tuple[int, int], ...]:
    """The stored words' spans when they were made under ``key``; none otherwise (a missing,
    unreadable or stale file only costs the split its word timing)."""
    try:
        data = json.loads((work.root / WORDS).read_text("utf-8"))
        if data.get("key") != key:
            return ()
        return tuple((int(w["start_ms"]), int(w["end_ms"])) for w in data["words"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return ()


def remove_words(work: WorkDir) -> None:
    (work.root / WORDS).unlink(missing_ok=True)


def read_source(path: Path, language: str | None) -> Track:
    track = load_track(path, language=language).track
    if not track.language:
        raise SubsError(f"{path}: cannot tell the source language from the file name "
                        "(pass --from, e.g. --from en)")
    return track


def require_cues(track: Track, path: Path, *, transcribed: bool) -> None:
    """Refuse a source with no cues before anything is written: a pack of empty files in
    every language looks done and is not (audit of issue 7)."""
    if track.cues:
        return
    if transcribed:
        raise SubsError(f"{path}: no speech found, so there is nothing to pack "
                        "(check the film has a voice track, or pass its SRT instead)")
    raise SubsError(f"{path}: no cues, so there is nothing to pack "
                    "(check it is the source subtitle file and that it is not empty)")


def transcribe_source(path: Path, work: WorkDir, *, language: str | None, model: str,
                      glossary_path: Path | None,
                      progress: StageProgress | None) -> tuple[Track, tuple["Word", ...]]:
    """Whisper over the film, resumable through the transcriber's own checkpoint file: its
    cues and its timed words."""
    from transcribe.transcript import TranscribeOptions
    from transcribe.whisper import transcribe_file

    options = TranscribeOptions(model=model, language=language,
                                glossary=str(glossary_path) if glossary_path else None)
    on_progress = (lambda done, total: progress("transcribe", done, total)) if progress else None
    work.root.mkdir(parents=True, exist_ok=True)
    transcript = transcribe_file(str(path), options, on_progress=on_progress,
                                 checkpoint=work.root / CHECKPOINT)
    return transcript.track.replace(language=transcript.language), transcript.words


def source_stage(path: Path, work: WorkDir, *, language: str | None, model: str,
                 glossary: "Glossary | None", glossary_path: Path | None,
                 progress: StageProgress | None) -> Source:
    """The source-language track, from a subtitle file or by transcription, glossary applied."""
    gloss_key = glossary_key(glossary_path)
    is_subs = is_subtitle_file(path)
    key = digest("source", file_identity(path), language, None if is_subs else model, gloss_key)
    hit = work.cached("source", key)
    if hit:
        track, entry = hit
        require_cues(track, path, transcribed=not is_subs)
        return Source(track, ("source: reused " + str(work.root / "source.srt"),),
                      model=entry.get("model"),
                      words=() if is_subs else load_words(work, key))
    words: tuple[Word, ...] = ()
    if is_subs:
        track = read_source(path, language)
        used_model = None
    else:
        track, words = transcribe_source(path, work, language=language, model=model,
                                         glossary_path=glossary_path, progress=progress)
        used_model = model
    require_cues(track, path, transcribed=not is_subs)
    changes: tuple[Problem, ...] = ()
    if glossary is not None:
        from glossary.apply import apply_glossary

        # a transcript's near misses were put to the audio already (transcribe.rescore); only a
        # subtitle file's are fixed on spelling alone
        applied = apply_glossary(track, glossary, fuzzy=is_subs)
        track = applied.track
        changes = tuple(change.as_problem(str(path)) for change in applied.changes)
    if words:
        store_words(work, key, words)
    else:  # a subtitle file's source, or no words: an earlier film's must not time this one
        remove_words(work)
    work.store("source", key, track, model=used_model)
    if not is_subs:
        from transcribe.checkpoint import discard

        discard(work.root / CHECKPOINT)
    stored = work.cached("source", key)  # read back: cues now carry their line in source.srt
    assert stored is not None
    return Source(stored[0], changes=changes, model=used_model,
                  words=tuple((w.start_ms, w.end_ms) for w in words))


def glossary_key(path: Path | None) -> str | None:
    return sha256_file(path) if path else None


@dataclass(frozen=True)
class Translation:
    track: Track
    engine: str
    review: tuple[Problem, ...] = ()
    stats: dict[str, Any] = field(default_factory=dict)
    reused: bool = False


def machine_draft(translation: Translation) -> str | None:
    """What a reader must know about a translation that no person has reviewed (issue 13):
    ``"unreviewed machine translation (apertium 3.8)"``, ``"... 12 of 40 cues unreviewed"``
    for a project language partly reviewed; None when every cue was made or checked by hand."""
    counts = translation.stats
    engine = translation.engine
    if engine == "by hand":
        return None
    if isinstance(counts.get("machine"), int):  # a project: cue statuses are known
        machine = int(counts["machine"])
        total = sum(int(v) for k, v in counts.items()
                    if k in ("machine", "edited", "reviewed", "empty") and isinstance(v, int))
        if machine == 0:
            return None
        if machine < total:
            return f"machine translation ({engine}), {machine} of {total} cues unreviewed"
    return f"unreviewed machine translation ({engine})"


def _problem_from(data: dict[str, Any]) -> Problem:
    return Problem(data["path"], data.get("line"), data.get("severity", "warning"),
                   data["message"], data.get("hint"), data.get("code"))


def translate_stage(source: Track, target: str, work: WorkDir, *, engine_name: str,
                    glossary: "Glossary | None", glossary_path: Path | None, profile: str,
                    progress: StageProgress | None) -> Translation:
    """One target language, reusing the cached translation when nothing it depends on changed."""
    from translate.engine import get_engine
    from translate.pipeline import translate_track
    from translate.memory import open_memory

    assert source.language is not None
    engine = get_engine(engine_name, source.language, target)
    key = digest("translate", render_track(source, "srt"), target, engine.name, engine.version,
                 glossary_key(glossary_path), profile)
    hit = work.cached(target, key)
    if hit:
        track, entry = hit
        return Translation(track, entry["engine"], tuple(_problem_from(p) for p in
                                                         entry.get("review", [])),
                           entry.get("stats", {}), reused=True)
    from subtitles.profiles import get_profile

    on_progress = ((lambda done, total: progress(f"translate {target}", done, total))
                   if progress else None)
    memory = open_memory(str(work.root / "memory.sqlite"))
    try:
        result = translate_track(source, engine, source=source.language, target=target,
                                 glossary=glossary, memory=memory,
                                 profile=get_profile(profile),
                                 on_progress=on_progress)
    finally:
        memory.close()
    track = result.track.replace(language=target)
    review = tuple(result.problems)
    stats = _stats_dict(result.stats)
    label = f"{engine.name} {engine.version}".strip()
    work.store(target, key, track, engine=label, review=[p.as_dict() for p in review],
               stats=stats)
    stored = work.cached(target, key)  # read back, as a rerun does: cues carry their line
    assert stored is not None
    return Translation(stored[0], label, review, stats)


def _stats_dict(stats: object) -> dict[str, Any]:
    if stats is None:
        return {}
    if isinstance(stats, dict):
        return dict(stats)
    as_dict = getattr(stats, "as_dict", None)
    if callable(as_dict):
        return dict(as_dict())
    import dataclasses

    if dataclasses.is_dataclass(stats) and not isinstance(stats, type):
        return dataclasses.asdict(stats)
    return {"summary": str(stats)}
