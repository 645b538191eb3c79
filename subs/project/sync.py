"""Keeping languages in step with their files and their source: pure functions, no I/O.

``merge_file`` is edit detection: a language file's cues laid over the cue rows subs last wrote;
any cue whose text differs is a person's edit. ``plan_update`` carries every language onto a new
source through ``subtitles.align``: people's text follows its source cue (with the new times),
machine drafts whose source changed are re-drafted, and every case where a person's text cannot
simply follow (its source cue was removed, split or merged) becomes a ``Conflict``, which the
caller writes to ``conflicts/`` before anything else, so it is never lost.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from subs.project.state import Slot, replace_slot
from subtitles.align import Alignment, align_cues, normalize_text
from subtitles.model import Cue
from subtitles.timing import format_srt

HUMAN = ("edited", "reviewed")


@dataclass(frozen=True)
class Conflict:
    """A person's text that could not simply follow its cue; written to ``conflicts/``."""

    cue: int  # 1-based cue number in the file the text came from
    start_ms: int
    end_ms: int
    reason: str
    source_text: str
    text: str
    status: str

    def render(self) -> str:
        return (f"-- cue {self.cue} ({format_srt(self.start_ms)} --> {format_srt(self.end_ms)}),"
                f" {self.status}: {self.reason}\nsource was: {self.source_text}\n"
                f"text:\n{self.text}\n")


def clean(text: str) -> str:
    """Text as an editor may save it back: line ends and trailing spaces do not count."""
    return "\n".join(line.rstrip() for line in text.replace("\r", "").strip().split("\n"))


def is_stale(slot: Slot, source_text: str) -> bool:
    return slot.status != "empty" and normalize_text(slot.source_text) != normalize_text(source_text)


def _assign(slots: Sequence[Slot], cues: Sequence[Cue]) -> list[list[Cue]]:
    """File cues per slot: by position when the counts agree, else by time overlap."""
    if len(slots) == len(cues):
        return [[c] for c in cues]
    out: list[list[Cue]] = [[] for _ in slots]
    if not slots:
        return out
    for cue in cues:
        def fit(k: int) -> tuple[int, int]:
            s = slots[k]
            overlap = min(s.end_ms, cue.end_ms) - max(s.start_ms, cue.start_ms)
            distance = abs((s.start_ms + s.end_ms) - (cue.start_ms + cue.end_ms))
            return (overlap, -distance)
        out[max(range(len(slots)), key=fit)].append(cue)
    return out


def merge_file(slots: Sequence[Slot], cues: Sequence[Cue],
               source: Sequence[Cue] | None = None) -> tuple[tuple[Slot, ...], int]:
    """Slots updated with the file's text; returns them and how many cues a person changed.

    A changed cue becomes ``edited`` (a reviewed cue loses its review: the text it approved is
    gone). Editing a cue also takes it off the stale list: its source text becomes the current
    one (``source``, the source cues the slots belong to), since the person saw it.
    """
    out: list[Slot] = []
    changed = 0
    for k, (slot, mine) in enumerate(zip(slots, _assign(slots, cues))):
        text = clean("\n".join(c.text for c in mine))
        if text == clean(slot.text):
            out.append(slot)
            continue
        changed += 1
        current = source[k].text if source is not None and k < len(source) else slot.source_text
        out.append(replace_slot(slot, text=text, status="edited", stale=False,
                                source_text=current, reviewed_by=None, reviewed_at=None))
    return tuple(out), changed


@dataclass(frozen=True)
class Plan:
    """The outcome of an update for one language; ``draft`` lists cues needing machine text."""

    slots: tuple[Slot, ...]
    draft: tuple[int, ...]
    conflicts: tuple[Conflict, ...]


def _carry(slot: Slot, new: Cue) -> Slot:
    stale = slot.status in HUMAN and is_stale(slot, new.text)
    source_text = slot.source_text if stale else new.text
    return replace_slot(slot, start_ms=new.start_ms, end_ms=new.end_ms, stale=stale,
                        source_text=source_text)


def _blank(new: Cue) -> Slot:
    return Slot(new.start_ms, new.end_ms, new.text, "", "empty")


def plan_update(old_source: Sequence[Cue], new_source: Sequence[Cue],
                slots: Sequence[Slot], alignment: Alignment | None = None) -> Plan:
    """Carry ``slots`` (made for ``old_source``) onto ``new_source``; see the module docstring.

    ``alignment`` (of ``old_source`` onto ``new_source``) is computed when not given; callers
    updating several languages compute it once.
    """
    alignment = alignment or align_cues(old_source, new_source)
    out: list[Slot | None] = [None] * len(new_source)
    draft: list[int] = []
    conflicts: list[Conflict] = []
    for match in alignment.matches:
        olds = [slots[i] for i in match.old]
        human = [(i, s) for i, s in zip(match.old, olds) if s.status in HUMAN and s.text.strip()]
        news = [new_source[j] for j in match.new]
        if not match.new:
            conflicts += [_conflict(i, s, "its source cue was removed") for i, s in human]
            continue
        if not human:
            keep = match.kind == "same" and olds[0].status != "empty"
            for j, cue in zip(match.new, news):
                out[j] = _carry(olds[0], cue) if keep else _blank(cue)
                if not keep:
                    draft.append(j)
            continue
        if len(match.old) == 1 and len(match.new) == 1:
            out[match.new[0]] = _carry(olds[0], news[0])
            continue
        # split or merge with a person's text: keep it on the cue that overlaps most, stale
        target = max(match.new, key=lambda j: _overlap(new_source[j], olds, alignment.offset_ms))
        text = "\n".join(s.text for _, s in human)
        made_from = " ".join(s.source_text for s in olds)
        status = "reviewed" if all(s.status == "reviewed" for _, s in human) else "edited"
        what = "split" if len(match.new) > 1 else "merged with its neighbour"
        for j, cue in zip(match.new, news):
            if j == target:
                first = human[0][1]
                out[j] = Slot(cue.start_ms, cue.end_ms, made_from, text, status, True,
                              first.reviewed_by if status == "reviewed" else None,
                              first.reviewed_at if status == "reviewed" else None)
            else:
                out[j] = _blank(cue)
                draft.append(j)
        conflicts += [_conflict(i, s, f"its source cue was {what}; the text was kept on "
                                f"new cue {target + 1} (check it)") for i, s in human]
    for j, slot in enumerate(out):
        if slot is None:  # an added cue
            out[j] = _blank(new_source[j])
            draft.append(j)
    done = tuple(s for s in out if s is not None)
    return Plan(done, tuple(sorted(set(draft))), tuple(conflicts))


def _overlap(cue: Cue, olds: Sequence[Slot], offset: int) -> int:
    start, end = olds[0].start_ms + offset, olds[-1].end_ms + offset
    return min(end, cue.end_ms) - max(start, cue.start_ms)


def _conflict(index: int, slot: Slot, reason: str) -> Conflict:
    return Conflict(index + 1, slot.start_ms, slot.end_ms, reason, slot.source_text, slot.text,
                    slot.status)


def fill_drafts(plan: Plan, texts: Sequence[str] | None) -> tuple[Slot, ...]:
    """Put machine text (one per ``plan.draft`` cue) in place; None leaves them empty."""
    slots = list(plan.slots)
    if texts is not None:
        for j, text in zip(plan.draft, texts):
            slots[j] = replace_slot(slots[j], text=text, status="machine" if text else "empty")
    return tuple(slots)
