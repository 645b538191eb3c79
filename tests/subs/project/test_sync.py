"""Edit detection and update planning (pure), and the issue's property: for any sequence of
edits and updates, no text a person typed disappears without appearing in ``conflicts/``."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import event, given, settings
from hypothesis import strategies as st

from subs.project.actions import add_language, review, update
from subs.project.folder import InitOptions, Project, init_project
from subs.project.state import Slot
from subs.project.sync import merge_file, plan_update
from subtitles.model import Cue
from tests.subs.project.common import edit_cue, read_cues, source_cues, write_srt


def slots_for(cues: list[Cue], status: str = "machine") -> tuple[Slot, ...]:
    return tuple(Slot(c.start_ms, c.end_ms, c.text, f"t:{c.text}", status) for c in cues)


def test_merge_file_finds_edits_and_ignores_line_end_noise() -> None:
    src = source_cues()
    slots = slots_for(src)
    typed = [Cue(c.start_ms, c.end_ms, f"t:{c.text}  \r") for c in src]
    typed[4] = typed[4].replace(text="mine")
    merged, changed = merge_file(slots, typed, src)
    assert changed == 1
    assert [k for k, s in enumerate(merged) if s.status == "edited"] == [4]
    assert merged[4].text == "mine"


def test_merge_file_with_a_cue_split_in_the_editor_keeps_both_halves() -> None:
    src = source_cues()
    slots = slots_for(src)
    cues = [Cue(s.start_ms, s.end_ms, s.text) for s in slots]
    c = cues[2]
    cues[2:3] = [c.replace(end_ms=c.start_ms + 1000, text="first half"),
                 c.replace(start_ms=c.start_ms + 1000, text="second half")]
    merged, changed = merge_file(slots, cues, src)
    assert changed == 1 and merged[2].text == "first half\nsecond half"


def test_plan_update_conflicts_for_removed_split_and_merged_human_cues() -> None:
    old = source_cues()
    slots = list(slots_for(old))
    for k in (1, 4, 6, 7):
        slots[k] = Slot(old[k].start_ms, old[k].end_ms, old[k].text, f"human {k}", "edited")
    new = list(old)
    c = old[4]
    words = c.text.split()
    new[4:5] = [c.replace(end_ms=c.start_ms + 1200, text=" ".join(words[:3])),
                c.replace(start_ms=c.start_ms + 1200, text=" ".join(words[3:]))]
    a, b = new[7], new[8]  # old 6 and 7
    new[7:9] = [a.replace(end_ms=b.end_ms, text=a.text + " " + b.text)]
    del new[1]
    plan = plan_update(old, new, tuple(slots))
    assert sorted(c.cue for c in plan.conflicts) == [2, 5, 7, 8]
    texts = [s.text for s in plan.slots]
    assert "human 4" in texts and "human 6\nhuman 7" in texts and "human 1" not in texts
    assert all(s.stale for s in plan.slots if s.text.startswith("human"))


def test_plan_update_keeps_machine_drafts_and_redrafts_changed_ones() -> None:
    old = source_cues()
    new = [c.replace(start_ms=c.start_ms + 1500, end_ms=c.end_ms + 1500) for c in old]
    new[3] = new[3].replace(text="My mother sold bread in a small shop.")
    plan = plan_update(old, new, slots_for(old))
    assert plan.draft == (3,)
    assert [s.text for k, s in enumerate(plan.slots) if k != 3] == [
        f"t:{c.text}" for k, c in enumerate(old) if k != 3]
    assert not any(s.stale for s in plan.slots)


# -- the property ------------------------------------------------------------------------------

edit = st.tuples(st.just("edit"), st.integers(0, 40), st.booleans())
mutation = st.tuples(st.sampled_from(["shift", "change", "delete", "delete", "append", "split",
                                     "split", "merge", "merge"]),
                     st.integers(0, 40), st.integers(-3000, 3000))
step = st.one_of(edit, st.tuples(st.just("update"), st.lists(mutation, min_size=1, max_size=3)),
                 st.tuples(st.just("review"), st.integers(0, 40)))


def mutate(cues: list[Cue], kind: str, k: int, ms: int) -> list[Cue]:
    cues = list(cues)
    if not cues:
        return [Cue(1000, 3000, "a new beginning")]
    k %= len(cues)
    c = cues[k]
    if kind == "shift":
        ms = max(ms, -min(x.start_ms for x in cues))
        return [x.replace(start_ms=x.start_ms + ms, end_ms=x.end_ms + ms) for x in cues]
    if kind == "change":
        cues[k] = c.replace(text=c.text + " and more")
    elif kind == "delete":
        del cues[k]
    elif kind == "append":
        end = cues[-1].end_ms
        cues.append(Cue(end + 500, end + 2500, f"something new at {end}"))
    elif kind == "split" and c.duration_ms >= 400:
        mid = c.start_ms + c.duration_ms // 2
        words = c.text.split() + ["too"]
        half = len(words) // 2
        cues[k:k + 1] = [c.replace(end_ms=mid, text=" ".join(words[:half])),
                         c.replace(start_ms=mid, text=" ".join(words[half:]))]
    elif kind == "merge" and k + 1 < len(cues):
        cues[k:k + 2] = [c.replace(end_ms=cues[k + 1].end_ms,
                                   text=c.text + " " + cues[k + 1].text)]
    return cues


def human_texts(project: Project) -> list[str]:
    slots = project.observe("ro")[0]
    return [s.text for s in slots if s.status in ("edited", "reviewed") and s.text.strip()]


@given(st.lists(step, max_size=8))
def test_no_typed_text_disappears_without_a_conflict(steps: list[tuple]) -> None:  # type: ignore[type-arg]
    shm = "/dev/shm" if Path("/dev/shm").is_dir() else None  # fsync is free there
    with tempfile.TemporaryDirectory(dir=shm) as tmp:
        root = Path(tmp)
        src = write_srt(root / "film.en.srt", source_cues()[:5])
        project = init_project(root / "film", InitOptions(src))
        add_language(project, "ro", engine="none")
        ro = root / "film" / "languages" / "film.ro.srt"
        for k in (1, 3, 5):  # a volunteer has been at work before the generated steps
            edit_cue(ro, k, f"typed at {k}")
        typed = 0
        try:
            for op in steps:
                n = len(read_cues(ro))
                if op[0] == "edit" and n:
                    typed += 1
                    edit_cue(ro, op[1] % n + 1, f"typed {typed}" + (" line" if op[2] else ""))
                elif op[0] == "review" and n:
                    review(project, "ro", f"{op[1] % n + 1}", "Ana")
                elif op[0] == "update":
                    before = human_texts(project)
                    new = list(project.state.source())
                    for kind, k, ms in op[1]:
                        new = mutate(new, kind, k, ms)
                    update(project, new_source=new)
                    file_text = ro.read_text(encoding="utf-8")
                    conflicts = root / "film" / "conflicts" / "film.ro.txt"
                    kept = conflicts.read_text(encoding="utf-8") if conflicts.exists() else ""
                    event(f"conflicts file: {bool(kept)}")
                    for text in before:
                        assert text in file_text or text in kept, (text, op)
                    assert project.observe("ro")[2] == 0  # no phantom edits after writing
        finally:
            project.close()
