"""Saving cues: one, or many arriving at once from many people, in one commit (issue 18).

A save is checked against its cue's ``version`` (see ``cues.py``) and goes through
``State.commit`` under the project's write lock, as ``subs lang import`` does. Every commit
costs two SQLite transactions and an atomic file write whatever it changes, so twenty people
saving at once would queue twenty commits; ``Saver`` lets the saves that arrive while one
commit runs share the next one (``save_cues``), each still checked in arrival order against
the cue as the saves before it left it, so two saves sent with the same version never both
win.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, ContextManager, Sequence

from subs.project.config import ProjectError
from subs.project.cues import (CueView, NoSuchCue, Saved, authors_of, cue_index, file_conflict,
                               is_cue_stale, problems_by_cue, state_of, tidy_text, version_of)
from subs.project.lock import project_lock
from subs.project.state import Outcome, Slot, replace_slot
from subs.project.sync import clean
from subtitles.errors import ParseError
from subtitles.hashing import sha256_file_or_none, sha256_text

if TYPE_CHECKING:
    from subs.project.folder import Project
    from subs.project.invites import Invites


@dataclass
class SaveRequest:
    """One person's save, waiting for the commit that takes it (see ``Saver``)."""

    tag: str
    n: int
    text: str
    version: str
    by: str
    result: Saved | None = None
    error: BaseException | None = None


def save_cue(project: "Project", tag: str, n: int, text: str, version: str, by: str,
             invites: "Invites | None" = None) -> Saved:
    """Put ``text`` in cue ``n`` when ``version`` is still the cue's; else a conflict."""
    request = SaveRequest(tag, n, text, version, by)
    save_cues(project, [request], invites)
    if request.error is not None:
        raise request.error
    assert request.result is not None
    return request.result


def save_cues(project: "Project", requests: Sequence[SaveRequest],
              invites: "Invites | None" = None) -> None:
    """Apply saves in order, each checked against the cue as the ones before it left it; then
    one ``State.commit`` for all of them (one journal, one file write per language, one
    transaction). Each request gets its ``result`` or ``error``."""
    for request in requests:
        try:
            request.text = tidy_text(request.text)
        except ProjectError as err:
            request.error = err
    with project_lock(project.folder):
        project.state.recover()
        source = project.state.source()
        languages: dict[str, tuple[Slot, ...]] = {}
        files: dict[str, str] = {}
        expect: dict[str, str | None] = {}
        done: list[tuple[SaveRequest, int]] = []
        for request in requests:
            if request.error is not None:
                continue
            tag, n = request.tag, request.n
            if tag not in languages:
                languages[tag] = project.state.slots(tag)
            slots = languages[tag]
            try:
                k = cue_index(slots, n)
            except NoSuchCue as err:
                request.error = err
                continue
            reason = file_conflict(project, tag)
            slot = slots[k]
            current = version_of(slot, is_cue_stale(slot, source, k))
            if reason is None and request.version != current:
                reason = (f"cue {n} was changed by someone else first; here is its current "
                          "text (yours is kept in the box)")
            if reason:
                request.result = Saved("conflict", state_of(k, CueView(slots, source)), reason)
                continue
            if request.text == clean(slot.text):
                request.result = Saved("unchanged", state_of(k, CueView(slots, source)))
                continue
            new = replace_slot(slot, text=request.text,
                               status="edited" if request.text.strip() else "empty",
                               stale=False, source_text=source[k].text, reviewed_by=None,
                               reviewed_at=None)
            languages[tag] = slots[:k] + (new,) + slots[k + 1:]
            rel = project.language_file(tag)
            files[rel] = ""
            expect[rel] = project.state.file_hash(rel)
            done.append((request, k))
        written = {tag: slots for tag, slots in languages.items()
                   if project.language_file(tag) in files}
        for tag, slots in written.items():
            files[project.language_file(tag)] = project.render_language(slots)
        if written:
            project.state.commit(Outcome(languages=written, files=files, expect=expect))
        if invites is not None and done:
            invites.record_many([(r.tag, k, r.by, "edited") for r, k in done])
        for request, k in done:
            rel = project.language_file(request.tag)
            if sha256_file_or_none(project.folder / rel) != sha256_text(files[rel]):
                request.result = Saved("conflict", state_of(k, CueView(
                    project.observe(request.tag)[0], source)),
                    f"{rel} was changed on disk while saving; the file was left as it is")
            else:
                view = CueView(languages[request.tag], source)
                request.result = Saved("saved", state_of(k, view))
        _finish_results(project, requests, invites)


def _finish_results(project: "Project", requests: Sequence[SaveRequest],
                    invites: "Invites | None") -> None:
    """Each result with its problems and authors, from the rows as they are now."""
    views: dict[str, CueView] = {}
    source = project.state.source()
    for request in requests:
        if request.result is None:
            continue
        tag, k = request.tag, request.result.cue.n - 1
        if tag not in views:
            try:
                slots = project.observe(tag)[0]  # the file's text, when it was edited on disk
            except ParseError:
                slots = project.state.slots(tag)
            views[tag] = CueView(slots, source, authors_of(invites, tag))
        view = views[tag]
        problems = problems_by_cue(project, tag, [view.slots[k].text], view.slots, first=k)[0]
        request.result = Saved(request.result.outcome, state_of(k, view, problems),
                               request.result.reason)


class Saver:
    """Group commit: saves that arrive while one commit runs all go into the next one.

    Each save costs two SQLite transactions and an atomic file write whatever it changes, so
    twenty people saving at once would queue twenty commits; here the first waiting thread
    takes every save queued so far and commits them together (``save_cues``), each still
    checked against its cue's version in arrival order. ``use`` gives the open project to one
    thread at a time (the workspace's lock).
    """

    def __init__(self, use: "Callable[[], ContextManager[Project]]",
                 invites: "Invites | None" = None) -> None:
        self.use = use
        self.invites = invites
        self._pending: list[SaveRequest] = []
        self._queue = threading.Lock()
        self._leader = threading.Lock()

    def save(self, tag: str, n: int, text: str, version: str, by: str) -> Saved:
        request = SaveRequest(tag, n, text, version, by)
        with self._queue:
            self._pending.append(request)
        with self._leader:
            if request.result is None and request.error is None:
                with self._queue:
                    batch, self._pending = self._pending, []
                try:
                    with self.use() as project:
                        save_cues(project, batch, self.invites)
                except BaseException as err:  # every waiting save hears of it, not only ours
                    for other in batch:
                        if other.result is None and other.error is None:
                            other.error = err
        if request.error is not None:
            raise request.error
        assert request.result is not None
        return request.result
