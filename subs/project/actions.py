"""What the project commands do, without click: add, import, review, update, status.

Each action reads the files first (edit detection), computes the whole outcome in memory, and
hands it to ``State.commit`` (journal, atomic file writes, one transaction), so a kill at any
point leaves files and state that agree. Conflicts are part of the same commit and are appended,
never rewritten.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from subs.project.config import CONFIG_NAME, ProjectError
from subs.project.drafts import machine_texts
from subs.project.folder import Project, add_language_entry
from subs.project.languages import known_as, same_language
from subs.project.state import Outcome, Slot, iter_ranges, replace_slot
from subs.project.sync import HUMAN, Conflict, clean, fill_drafts, is_stale, plan_update
from subtitles.align import align_cues, normalize_text
from subtitles.errors import Problem
from subtitles.hashing import sha256_file_or_none
from subtitles.languages import normalize_language
from subtitles.model import Cue
from subtitles.progress import Progress



def add_language(project: Project, raw_tag: str, *, engine: str = "auto",
                 on_progress: Progress | None = None) -> tuple[str, str]:
    """Draft a new language; returns (file, engine used, "none" for an empty copy)."""
    tag = normalize_language(raw_tag)
    have = known_as(tag, project.config.languages)
    if have is not None:
        same = "" if have == tag else f" as {have}"
        raise ProjectError(f"language {tag} is already in this project{same} "
                           f"({project.config.languages[have].file})")
    if same_language(tag, project.config.source_language):
        raise ProjectError(f"{tag} is the source language of this project")
    source = project.state.source()
    rel = project.new_language_file(tag)
    if (project.folder / rel).exists():
        raise ProjectError(f"{rel} already exists; import it with: subs lang import {tag} {rel}")
    from subs.project.config import LanguageEntry

    project.config = project.config.with_language(tag, LanguageEntry(rel, engine))
    texts, used = machine_texts(project, tag, source, on_progress=on_progress)
    slots = tuple(Slot(c.start_ms, c.end_ms, c.text, t, "machine" if t else "empty")
                  for c, t in zip(source, texts or [""] * len(source)))
    add_language_entry(project, tag, engine)
    project.state.commit(Outcome(languages={tag: slots},
                                 files={rel: project.render_language(slots)}))
    return rel, used


def reviewer_name(given: str | None) -> str:
    """``--by``, else git's user.name, else the login name."""
    if given:
        return given
    try:
        out = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True,
                             timeout=5)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    import getpass

    return getpass.getuser()


@dataclass(frozen=True)
class ReviewReport:
    marked: int
    total: int
    skipped: tuple[int, ...]  # 1-based numbers of the picked cues that have no text


def review(project: Project, raw_tag: str, cues: str | None, by: str) -> ReviewReport:
    """Mark cues reviewed (their current text, edits included).

    A cue without text is never marked: there is nothing to approve, and ``subs pack`` would
    leave it out while ``subs status`` counted it done.
    """
    tag = project.tag(raw_tag)
    slots, sha, _, _ = project.observe(tag)
    source = project.state.source()
    picked = set(range(len(slots))) if cues is None else set(iter_ranges(cues, len(slots)))
    skipped = tuple(k + 1 for k in sorted(picked) if not normalize_text(slots[k].text))
    when = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    out = []
    for k, slot in enumerate(slots):
        if k in picked and k + 1 not in skipped:
            slot = replace_slot(slot, status="reviewed", stale=False, reviewed_by=by,
                                reviewed_at=when, source_text=source[k].text)
        out.append(slot)
    project.state.commit(Outcome(languages={tag: tuple(out)},
                                 hashes={project.language_file(tag): sha}))
    return ReviewReport(len(picked) - len(skipped), len(slots), skipped)


@dataclass(frozen=True)
class UpdateReport:
    language: str
    carried: int  # a person's cues that followed their source
    stale: int
    drafted: int
    conflicts: int


def update(project: Project, *, new_source: Sequence[Cue] | None = None,
           on_progress: Progress | None = None) -> list[UpdateReport]:
    """Carry every language onto the source file's current cues (or ``new_source``)."""
    old = project.state.source()
    if new_source is None:
        new_source = project.load_source()[0].cues
    new = tuple(Cue(c.start_ms, c.end_ms, c.text) for c in new_source)
    files: dict[str, str] = {}
    languages: dict[str, tuple[Slot, ...]] = {}
    reports = []
    seen = {tag: project.observe(tag) for tag in sorted(project.config.languages)}
    expect: dict[str, str | None] = {project.language_file(t): o[1] for t, o in seen.items()}
    expect[project.config.source] = sha256_file_or_none(project.folder / project.config.source)
    alignment = align_cues(old, new)
    for tag, (slots, *_) in seen.items():  # all files read (and checked) before any is written
        plan = plan_update(old, new, slots, alignment)
        texts = None
        if plan.draft:
            texts, _ = machine_texts(project, tag, new, on_progress=on_progress)
            if texts is not None:
                texts = [texts[j] for j in plan.draft]
        done = fill_drafts(plan, texts)
        languages[tag] = done
        files[project.language_file(tag)] = project.render_language(done)
        if plan.conflicts:
            rel = project.conflicts_file(tag)
            files[rel] = project.conflict_text(tag, "update", plan.conflicts)
            expect[rel] = sha256_file_or_none(project.folder / rel)
        reports.append(UpdateReport(tag, sum(s.status in HUMAN for s in done),
                                    sum(s.stale for s in done), len(texts or ()),
                                    len(plan.conflicts)))
    files[project.config.source] = project.render_language(
        tuple(Slot(c.start_ms, c.end_ms, c.text, c.text, "machine") for c in new))
    project.state.commit(Outcome(source=new, languages=languages, files=files, expect=expect))
    return reports


@dataclass(frozen=True)
class ImportReport:
    changed: int
    refused: tuple[Problem, ...]  # reviewed cues the file would change (nothing was imported)
    conflicts: int
    replaced: tuple[Problem, ...] = ()  # reviewed cues replaced under --force
    added: bool = False  # the language was new to the project


def import_target(project: Project, raw_tag: str, path: str) -> tuple[str, bool]:
    """The language a file is imported as, and whether it is new to the project.

    A new language's file goes to ``languages/FILM.LANG.srt``; one already there that subs does
    not know (and that is not the file being imported) is never overwritten.
    """
    tag = normalize_language(raw_tag)
    have = known_as(tag, project.config.languages)  # issue 16: ro-RO is the project's ro
    if have is not None:
        return have, False
    if same_language(tag, project.config.source_language):
        raise ProjectError(f"{tag} is the source language of this project")
    target = project.folder / project.new_language_file(tag)
    if target.exists() and target.resolve() != Path(path).resolve():
        raise ProjectError(f"{target.relative_to(project.folder)} already exists and is not in "
                           f"{CONFIG_NAME}; move it away or import that file")
    return tag, True


def import_language(project: Project, raw_tag: str, cues: Sequence[Cue], path: str, *,
                    force: bool = False) -> ImportReport:
    """Take a volunteer's file: its text replaces the language's text, cue by cue.

    ``cues`` must already have passed validation (same count as the source). A reviewed cue
    whose text would change is refused (all of them listed) unless ``force``; every person's
    text that is replaced goes to ``conflicts/`` first. A language not yet in the project is
    added (issue 8: import is how a volunteer's file comes in), every cue with text recorded
    as edited by a person.
    """
    tag, new = import_target(project, raw_tag, path)
    if new:
        return _import_new(project, tag, cues)
    recorded = project.state.slots(tag)
    if (project.folder / project.language_file(tag)).exists():
        slots, sha, _, _ = project.observe(tag)
    else:  # #15: the file was deleted; importing a copy is the advice, so it must work
        slots, sha = recorded, None
    source = project.state.source()
    reviewed = tuple(_reviewed(path, k, s, c, force) for k, (s, c) in enumerate(zip(slots, cues))
                     if s.status == "reviewed" and clean(c.text) != clean(s.text))
    if reviewed and not force:
        return ImportReport(0, reviewed, 0)
    out: list[Slot] = []
    lost: list[Conflict] = []
    for k, (slot, cue) in enumerate(zip(slots, cues)):
        text = clean(cue.text)
        if text == clean(slot.text):
            out.append(slot)
            continue
        if slot.status in HUMAN and slot.text.strip():
            lost.append(Conflict(k + 1, slot.start_ms, slot.end_ms, f"replaced by {path}",
                                 slot.source_text, slot.text, slot.status))
        out.append(replace_slot(slot, text=text, status="edited", stale=False,
                                source_text=source[k].text, reviewed_by=None, reviewed_at=None))
    done = tuple(out)
    files = {project.language_file(tag): project.render_language(done)}
    expect: dict[str, str | None] = {project.language_file(tag): sha}
    if lost:
        rel = project.conflicts_file(tag)
        files[rel] = project.conflict_text(tag, "lang import", tuple(lost))
        expect[rel] = sha256_file_or_none(project.folder / rel)
    project.state.commit(Outcome(languages={tag: done}, files=files, expect=expect))
    # issue 16: counted against what subs last recorded, so a volunteer importing the project's
    # own file, edited in place, sees their changes counted (the file already held them)
    return ImportReport(sum(1 for a, b in zip(recorded, done) if _text_of(a) != _text_of(b)),
                        (), len(lost), reviewed)


def _text_of(slot: Slot) -> str:
    return clean(slot.text)


def _reviewed(path: str, k: int, slot: Slot, cue: Cue, force: bool) -> Problem:
    who = f"cue {k + 1} was reviewed by {slot.reviewed_by or 'someone'}"
    if force:
        return Problem(path, cue.line, "warning", f"{who}; replaced",
                       "the reviewed text is kept in conflicts/", "reviewed")
    return Problem(path, cue.line, "error", f"{who}; the file changes it",
                   "pass --force to replace reviewed cues", "reviewed")


def _import_new(project: Project, tag: str, cues: Sequence[Cue]) -> ImportReport:
    """Add ``tag`` with the file's text on the source's times; subs.toml in the same commit."""
    from subs.project.config import LanguageEntry, render_config

    source = project.state.source()
    rel = project.new_language_file(tag)
    slots = tuple(Slot(s.start_ms, s.end_ms, s.text, clean(c.text),
                       "edited" if normalize_text(c.text) else "empty")
                  for s, c in zip(source, cues))
    config = project.config.with_language(tag, LanguageEntry(rel))
    files = {rel: project.render_language(slots), CONFIG_NAME: render_config(config)}
    expect = {rel: sha256_file_or_none(project.folder / rel),
              CONFIG_NAME: sha256_file_or_none(project.folder / CONFIG_NAME)}
    project.state.commit(Outcome(languages={tag: slots}, files=files, expect=expect))
    project.config = config
    return ImportReport(sum(s.status == "edited" for s in slots), (), 0, added=True)


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    file: str
    total: int
    empty: int
    machine: int
    edited: int
    reviewed: int
    stale: int
    problems: int
    readable: bool = True  # False: the file has syntax errors; counts are from the last read

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def language_status(project: Project, tag: str, problems: int,
                    readable: bool = True) -> LanguageStatus:
    """Counts for one language; for an unreadable file, what subs last knew of it."""
    slots = project.observe(tag)[0] if readable else project.state.slots(tag)
    source = project.state.source()
    count = {s: sum(1 for x in slots if x.status == s) for s in ("empty", "machine", "edited",
                                                                  "reviewed")}
    stale = sum(1 for k, s in enumerate(slots)
                if s.status in HUMAN and k < len(source) and (s.stale or is_stale(s, source[k].text)))
    return LanguageStatus(tag, project.language_file(tag), len(slots), count["empty"],
                          count["machine"], count["edited"], count["reviewed"], stale, problems,
                          readable)
