"""One cue at a time: its state, its live problems, a save with a version check, a review.

This is what the workspace (issue 18) calls; it goes through the same layer as ``subs lang
import`` and ``subs review``: rows and file in one ``State.commit`` (journal, atomic write, one
transaction), under the project's write lock, so ``subs status``, ``subs pack`` and a text editor
see a save at once.

**Versions.** A cue's ``version`` is a hash of what a person sees and decides on (text, status,
reviewer, stale flag, the source text it was made from). It changes however the cue changes (a
save, a review, ``subs update``, an edit in a text editor), so a save made against an older view
is refused with the current cue (409), and nothing is overwritten.

**A file edited on disk.** When a language's file no longer holds what subs wrote (someone
edited it in a text editor), every save and review of that language is refused with a conflict
until the file's edits are taken in (``subs lang import TAG FILE``): the file is never
overwritten, and the cue list shows the file's text meanwhile.

Saving is in ``saves.py`` (many writers, one commit).

**Problems** are ``subs validate``'s own checks (readability by the project's profile and the
language's limits, glossary names expected but missing, text left untranslated, placeholders),
run on the cue with two neighbours each side, so a live check while typing costs one window,
not the film.
"""
from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from subs.project.config import ProjectError
from subs.project.lock import project_lock
from subs.project.state import Slot
from subs.project.sync import HUMAN, clean, is_stale
from subtitles.errors import ParseError, Problem
from subtitles.guard import is_edited
from subtitles.model import Cue, Track

if TYPE_CHECKING:
    from subs.project.folder import Project
    from subs.project.invites import Invites

WINDOW = 2  # neighbours each side a cue's problems are checked with
MAX_TEXT = 2000  # characters; a cue is a line or two, this only stops abuse


class NoSuchCue(ProjectError):
    """A cue number outside the language (the workspace answers 404)."""


@dataclass(frozen=True)
class CueState:
    """One cue of one language as a person working on it sees it."""

    n: int  # 1-based
    start_ms: int
    end_ms: int
    source: str  # the current source text
    text: str
    status: str
    stale: bool
    reviewed_by: str | None
    version: str
    problems: tuple[Problem, ...] = ()
    old_source: str | None = None  # the source the text was made from, when stale
    edited_by: str | None = None
    reviewed_at: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"n": self.n, "start_ms": self.start_ms, "end_ms": self.end_ms,
                "source": self.source, "text": self.text, "status": self.status,
                "stale": self.stale, "reviewed_by": self.reviewed_by, "version": self.version,
                "problems": [problem_dict(p) for p in self.problems],
                "old_source": self.old_source, "edited_by": self.edited_by,
                "reviewed_at": self.reviewed_at}


def problem_dict(problem: Problem) -> dict[str, object]:
    return {"code": problem.code or problem.severity, "message": problem.message,
            "severity": problem.severity, "hint": problem.hint}


@dataclass(frozen=True)
class Saved:
    """What a save or review did: ``saved``, ``unchanged`` or ``conflict`` (with why)."""

    outcome: str
    cue: CueState
    reason: str | None = None


@dataclass(frozen=True)
class CueView:
    slots: tuple[Slot, ...]
    source: tuple[Cue, ...]
    authors: dict[int, str] = field(default_factory=dict)


def version_of(slot: Slot, stale: bool) -> str:
    key = "\0".join((slot.text, slot.status, slot.reviewed_by or "", str(stale),
                     slot.source_text))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def is_cue_stale(slot: Slot, source: Sequence[Cue], k: int) -> bool:
    return slot.status in HUMAN and k < len(source) and (slot.stale
                                                         or is_stale(slot, source[k].text))


def _numbered(cues: Sequence[Cue]) -> list[Cue]:
    """Cues carrying the line numbers they have in the language's SRT, as ``subs check`` says."""
    out, line = [], 1
    for k, cue in enumerate(cues):
        out.append(cue.replace(line=line + 1))  # the timing line follows the number
        line += 4 + cue.text.count("\n")  # number, timing, text lines, blank
    return out


def problems_by_cue(project: "Project", tag: str, texts: Sequence[str],
                    slots: Sequence[Slot], first: int = 0) -> list[list[Problem]]:
    """``subs validate``'s findings for cues ``first``.. (one text per slot), per cue."""
    from subs.project.validate import glossary_problems, readability_problems, text_problems

    rel = project.language_file(tag)
    source = project.state.source()
    if len(source) != len(slots):  # the file is being re-timed; subs validate says why
        return [[] for _ in texts]
    last = first + len(texts)
    typed = [s.text for s in slots]
    typed[first:last] = texts
    everything = _numbered([s.cue().replace(text=t) for s, t in zip(slots, typed)])
    lines = [c.line or 0 for c in everything]
    lo, hi = max(0, first - WINDOW), min(len(slots), last + WINDOW)
    cues, src = everything[lo:hi], source[lo:hi]
    track = Track(tuple(cues), tag, path=rel)
    found = text_problems(src, cues, rel, first=lo)
    found += readability_problems(project, track, rel, tag, source=src)
    found += glossary_problems(project, track, rel, tag, source=src)
    out: list[list[Problem]] = [[] for _ in texts]
    for problem in found:
        if problem.line is None:
            continue
        k = bisect.bisect_right(lines, problem.line) - 1
        if first <= k < last:
            out[k - first].append(problem)
    return out


def state_of(k: int, view: CueView, problems: Sequence[Problem] = ()) -> CueState:
    slot, source = view.slots[k], view.source
    stale = is_cue_stale(slot, source, k)
    current = source[k].text if k < len(source) else slot.source_text
    return CueState(k + 1, slot.start_ms, slot.end_ms, current, slot.text, slot.status, stale,
                    slot.reviewed_by, version_of(slot, stale), tuple(problems),
                    slot.source_text if stale else None, view.authors.get(k),
                    slot.reviewed_at)


def authors_of(invites: "Invites | None", tag: str) -> dict[int, str]:
    if invites is None:
        return {}
    return {k: w["edited"].who for k, w in invites.who_worked(tag).items() if "edited" in w}


def cue_states(project: "Project", tag: str, invites: "Invites | None" = None
               ) -> tuple[CueState, ...]:
    """Every cue of ``tag`` with its problems; a person's edits in the file laid over."""
    slots = project.observe(tag)[0]
    view = CueView(slots, project.state.source(), authors_of(invites, tag))
    problems = problems_by_cue(project, tag, [s.text for s in slots], slots)
    return tuple(state_of(k, view, problems[k]) for k in range(len(slots)))


def check_text(project: "Project", tag: str, n: int, text: str) -> tuple[Problem, ...]:
    """The problems cue ``n`` would have with ``text`` (nothing is saved): live checks."""
    slots = project.observe(tag)[0]
    k = cue_index(slots, n)
    return tuple(problems_by_cue(project, tag, [tidy_text(text)], slots, first=k)[0])


def cue_index(slots: Sequence[Slot], n: int) -> int:
    if not 1 <= n <= len(slots):
        raise NoSuchCue(f"no cue {n}: cues are numbered 1 to {len(slots)}")
    return n - 1


def tidy_text(text: str) -> str:
    """What an SRT can hold: no blank line inside a cue (it would end the cue)."""
    if len(text) > MAX_TEXT:
        raise ProjectError(f"a cue's text is at most {MAX_TEXT} characters")
    return "\n".join(line for line in clean(text).split("\n") if line.strip())


def file_conflict(project: "Project", tag: str) -> str | None:
    """Why nothing may be saved in ``tag`` now (its file edited on disk, or gone), or None."""
    rel = project.language_file(tag)
    path = project.folder / rel
    if not path.exists():
        return (f"{rel} is missing; nothing was saved. Restore it (git checkout, a backup) or "
                f"re-import a copy with: subs lang import {tag} FILE")
    if not is_edited(path, project.state.written_hash(rel)):
        return None
    return (f"{rel} was changed on disk since subs wrote it; nothing was saved, so that "
            f"file is not overwritten. Take its edits in with: subs lang import {tag} {rel}")


def _conflict(project: "Project", tag: str, n: int, reason: str,
              invites: "Invites | None") -> Saved:
    try:
        slots = project.observe(tag)[0]
    except ParseError as err:
        slots = project.state.slots(tag)
        reason += f" ({err})"
    view = CueView(slots, project.state.source(), authors_of(invites, tag))
    k = cue_index(slots, n)
    problems = problems_by_cue(project, tag, [slots[k].text], slots, first=k)[0]
    return Saved("conflict", state_of(k, view, problems), reason)


def _after(project: "Project", tag: str, n: int, outcome: str,
           invites: "Invites | None") -> Saved:
    slots = project.state.slots(tag)
    view = CueView(slots, project.state.source(), authors_of(invites, tag))
    k = n - 1
    problems = problems_by_cue(project, tag, [slots[k].text], slots, first=k)[0]
    return Saved(outcome, state_of(k, view, problems))


def review_cue(project: "Project", tag: str, n: int, by: str, version: str | None = None,
               invites: "Invites | None" = None) -> Saved:
    """Mark cue ``n`` reviewed with its current text (``subs review``'s own action)."""
    from subs.project.actions import review

    with project_lock(project.folder):
        project.state.recover()
        slots = project.state.slots(tag)
        k = cue_index(slots, n)
        reason = file_conflict(project, tag)
        if reason:
            return _conflict(project, tag, n, reason, invites)
        slot = slots[k]
        source = project.state.source()
        if version is not None and version != version_of(slot, is_cue_stale(slot, source, k)):
            return _conflict(project, tag, n, f"cue {n} was changed by someone else first; "
                             "review it again", invites)
        report = review(project, tag, str(n), by)
        if report.skipped:
            return _conflict(project, tag, n, f"cue {n} has no text; there is nothing to "
                             "approve", invites)
        if invites is not None:
            invites.record(tag, k, by, "reviewed")
        return _after(project, tag, n, "saved", invites)
