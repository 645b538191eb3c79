"""A film project folder: ``subs.toml``, the source SRT, ``languages/``, ``conflicts/``, state.

::

    film/
      subs.toml                 title, source, glossary, profile, platforms, languages
      film.en.srt               the source (a person may correct it; ``subs update`` follows)
      languages/film.ro.srt     one plain SRT per language, edited in any editor
      conflicts/film.ro.txt     every text of a person's that could not follow its cue
      .subs/state.sqlite        what subs last wrote (see state.py); add ``.subs/`` to git too

Every command first reads the files and compares them with the state (edit detection), so
what a person typed in an editor is always the newest truth.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from subs.project.config import (CONFIG_NAME, LanguageEntry, ProjectConfig, ProjectError,
                                 read_config, write_config)
from subs.project.state import Outcome, Slot, State, open_state
from subs.project.sync import Conflict, merge_file
from subtitles.errors import Problem
from subtitles.hashing import sha256_file_or_none
from subtitles.io import atomic_write, language_from_name, load_track, render_track
from subtitles.languages import normalize_language
from subtitles.names import check_file_name
from subtitles.model import Cue, Track


@dataclass
class Project:
    folder: Path
    config: ProjectConfig
    state: State

    @property
    def stem(self) -> str:
        return self.config.title

    def language_file(self, tag: str) -> str:
        """Where the language ``tag`` lives, as subs.toml records it."""
        return self.config.languages[tag].file

    def new_language_file(self, tag: str) -> str:
        """Where a language added now goes: ``languages/FILM.TAG.srt`` (the one place this
        name is made; later reads go through ``language_file``)."""
        return f"languages/{self.stem}.{tag}.srt"

    def tag(self, raw: str) -> str:
        """A language of this project, named by any spelling of its tag."""
        return language_tag(self.config, raw)

    def load_source(self) -> tuple[Track, tuple[Problem, ...]]:
        parsed = load_track(self.folder / self.config.source, language=self.config.source_language)
        return parsed.track.replace(path=self.config.source), parsed.problems

    def observe(self, tag: str) -> tuple[tuple[Slot, ...], str, int, tuple[Problem, ...]]:
        """The language's cue rows with a person's edits in the file laid over them.

        Returns (slots, file hash, number of cues edited since subs last looked, warnings).
        Unchanged bytes skip parsing; a broken file raises the reader's ``PATH:LINE`` errors
        and nothing is changed.
        """
        rel = self.language_file(tag)
        slots = self.state.slots(tag)
        sha = sha256_file_or_none(self.folder / rel)
        if sha is None:
            raise ProjectError(f"{rel} is missing; restore it (git checkout, a backup) or "
                               f"re-import a copy with: subs lang import {tag} FILE")
        if sha == self.state.file_hash(rel):
            return slots, sha, 0, ()
        parsed = load_track(self.folder / rel, language=tag)
        merged, changed = merge_file(slots, parsed.track.cues, self.state.source())
        return merged, sha, changed, tuple(parsed.problems)

    def render_language(self, slots: tuple[Slot, ...]) -> str:
        return render_track(Track(tuple(s.cue() for s in slots)), "srt")

    def conflicts_file(self, tag: str) -> str:
        return f"conflicts/{self.stem}.{tag}.txt"

    def conflict_text(self, tag: str, command: str, conflicts: tuple[Conflict, ...]) -> str:
        """The conflicts file with these entries appended (old entries are never dropped)."""
        rel = self.conflicts_file(tag)
        try:
            old = (self.folder / rel).read_text(encoding="utf-8")
        except FileNotFoundError:
            old = (f"# Text typed by people that subs could not keep on its cue ({tag}).\n"
                   "# Copy what you need back into the SRT, then delete the entry.\n")
        when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        body = "".join(c.render() for c in conflicts)
        return f"{old}\n== subs {command}, {when}: {len(conflicts)} case(s)\n{body}"

    def close(self) -> None:
        self.state.close()


def language_tag(config: ProjectConfig, raw: str) -> str:
    """A language of the project ``config`` describes, named by any spelling of its tag."""
    tag = normalize_language(raw)
    if tag not in config.languages:
        have = ", ".join(sorted(config.languages)) or "none yet"
        raise ProjectError(f"language {tag} is not in this project (languages: {have}; "
                           f"add it with: subs lang add {tag})")
    return tag


def find_project(start: str | os.PathLike[str]) -> Path:
    """The folder holding ``subs.toml``: ``start`` or the nearest one above it (like git)."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ProjectError(f"{start} is not inside a subs project (no {CONFIG_NAME}); "
                       "create one with: subs init FOLDER --source film.en.srt")


def rebuild_state(start: str | os.PathLike[str] = ".") -> list[str]:
    """Make a new ``.subs/state.sqlite`` from the project's files (#15: a damaged one).

    The damaged database is kept beside it (``state.sqlite.damaged-TIME``), never deleted.
    What only the database knew is lost: review marks, and which texts were machine drafts;
    every cue with text counts as edited by a person. Returns what was done, to print.
    """
    from subs.project.state import STATE_NAME, _lock, _unlock

    folder = find_project(start)
    config = read_config(folder)
    source = load_track(folder / config.source, language=config.source_language).track
    lines = []
    lock = _lock(folder)
    try:
        old = folder / STATE_NAME
        if old.exists():
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
            kept = old.with_name(f"{old.name}.damaged-{stamp}")
            os.replace(old, kept)
            lines.append(f"{STATE_NAME}: moved aside to {kept.relative_to(folder)}")
    finally:
        _unlock(lock)
    state = open_state(folder, create=True)
    try:
        cues = tuple(Cue(c.start_ms, c.end_ms, c.text) for c in source.cues)
        source_sha = sha256_file_or_none(folder / config.source) or ""
        state.commit(Outcome(source=cues, hashes={config.source: source_sha}))
        for tag, entry in sorted(config.languages.items()):
            base = tuple(Slot(c.start_ms, c.end_ms, c.text, "", "empty") for c in cues)
            parsed = load_track(folder / entry.file, language=tag)
            slots, _ = merge_file(base, parsed.track.cues, cues)
            file_sha = sha256_file_or_none(folder / entry.file) or ""
            state.commit(Outcome(languages={tag: slots}, hashes={entry.file: file_sha}))
            lines.append(f"{entry.file}: {sum(s.status == 'edited' for s in slots)} cues with "
                         "text, all counted as edited (review marks are not in the files)")
    finally:
        state.close()
    return lines


def open_project(start: str | os.PathLike[str] = ".") -> Project:
    folder = find_project(start)
    config = read_config(folder)
    return Project(folder, config, open_state(folder))


@dataclass(frozen=True)
class InitOptions:
    source: Path
    language: str | None = None
    audio: Path | None = None
    glossary: Path | None = None
    title: str | None = None
    profile: str = "documentary"
    platforms: tuple[str, ...] = ()


def _title(source: Path) -> str:
    stem = source.name.rsplit(".", 1)[0]
    if language_from_name(source) and "." in stem:
        stem = stem.rsplit(".", 1)[0]
    return stem


def init_project(folder: Path, options: InitOptions) -> Project:
    """Make the project folder: config, a clean UTF-8 copy of the source, empty state."""
    if (folder / CONFIG_NAME).exists():
        raise ProjectError(f"{folder} is already a subs project ({CONFIG_NAME} exists)")
    parsed = load_track(options.source)
    language = options.language or parsed.track.language
    if not language:
        raise ProjectError(f"{options.source}: cannot tell the source language from the name; "
                           "pass --language (e.g. --language en) or name it film.en.srt")
    language = normalize_language(language)
    title = options.title or _title(options.source)
    check_file_name(title, what="film name", where=str(folder),
                    hint="pass --title with a plain name, e.g. --title film")
    source_rel = f"{title}.{language}.srt"
    glossary_rel = None
    if options.glossary is not None:
        from glossary.load import load_glossary  # checked now, not at the first translation

        load_glossary(options.glossary)
        glossary_rel = options.glossary.name
        if glossary_rel in (CONFIG_NAME, source_rel):
            raise ProjectError(f"{options.glossary}: rename the glossary (e.g. names.csv)")
    folder.mkdir(parents=True, exist_ok=True)
    if options.glossary is not None and glossary_rel is not None:
        atomic_write(folder / glossary_rel, options.glossary.read_bytes())
    audio = os.path.relpath(options.audio.resolve(), folder.resolve()) if options.audio else None
    config = ProjectConfig(title, source_rel, language, audio, glossary_rel, options.profile,
                           options.platforms)
    cues = tuple(Cue(c.start_ms, c.end_ms, c.text) for c in parsed.track.cues)
    text = render_track(Track(cues), "srt")
    state = open_state(folder, create=True)
    write_config(folder, config)
    state.commit(Outcome(source=cues, files={source_rel: text}))
    (folder / "languages").mkdir(exist_ok=True)
    if not (folder / ".gitignore").exists():
        atomic_write(folder / ".gitignore", "# keep .subs/ in git: it remembers what subs wrote\n"
                     "*.tmp\n")
    return Project(folder, config, state)


def add_language_entry(project: Project, tag: str, engine: str) -> str:
    """Record the language in subs.toml; returns its file's relative path."""
    rel = project.new_language_file(tag)
    project.config = project.config.with_language(tag, LanguageEntry(rel, engine))
    write_config(project.folder, project.config)
    return rel
