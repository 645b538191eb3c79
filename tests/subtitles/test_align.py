"""subtitles.align: old source cues -> new source cues (re-timed, corrected, split, merged)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from subtitles.align import align_cues, estimate_offset, normalize_text
from subtitles.model import Cue

WORDS = ["river", "mother", "train", "winter", "school", "bread", "letter", "window", "snow",
         "market", "father", "soldiers", "village", "night", "brother", "garden"]


def film(n: int = 10) -> list[Cue]:
    return [Cue(i * 3000, i * 3000 + 2500,
                f"{WORDS[i % 16]} {WORDS[(i * 7 + 3) % 16]} and the {WORDS[(i * 5 + 1) % 16]} {i}")
            for i in range(n)]


def shifted(cues: list[Cue], ms: int) -> list[Cue]:
    return [c.replace(start_ms=c.start_ms + ms, end_ms=c.end_ms + ms) for c in cues]


def kinds(old: list[Cue], new: list[Cue]) -> list[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    return [(m.kind, m.old, m.new) for m in align_cues(old, new).matches]


def test_identical_tracks_map_one_to_one() -> None:
    old = film()
    assert kinds(old, old) == [("same", (i,), (i,)) for i in range(10)]


def test_global_shift_is_estimated_and_followed() -> None:
    old = film()
    new = shifted(old, 1500)
    assert estimate_offset(old, new) == 1500
    assert kinds(old, new) == [("same", (i,), (i,)) for i in range(10)]


def test_changed_text_on_the_same_time_is_changed_not_removed() -> None:
    old = film()
    new = shifted(old, 1500)
    new[3] = new[3].replace(text="something else entirely was said here")
    new[6] = new[6].replace(text=new[6].text + " indeed")
    result = dict(((m.old, m.new), m.kind) for m in align_cues(old, new).matches)
    assert result[((3,), (3,))] == "changed"
    assert result[((6,), (6,))] == "changed"


def test_split_merge_removed_and_added_cues() -> None:
    old = film()
    new = list(old)
    a, b = old[2], old[3]
    new[2:4] = [Cue(a.start_ms, b.end_ms, a.text + " " + b.text)]  # merge 2+3
    c = old[5]
    half = (c.start_ms + c.end_ms) // 2
    words = c.text.split()
    new[4:5] = [Cue(c.start_ms, half, " ".join(words[:3])), Cue(half, c.end_ms, " ".join(words[3:]))]
    assert new[4].text.startswith(words[0])
    del new[7]  # old 7 (merge and split cancel out in the indexes)
    new.append(Cue(40_000, 42_000, "a cue nobody had before"))
    assert kinds(old, new) == [
        ("same", (0,), (0,)), ("same", (1,), (1,)), ("merged", (2, 3), (2,)),
        ("same", (4,), (3,)), ("split", (5,), (4, 5)), ("same", (6,), (6,)),
        ("removed", (7,), ()), ("same", (8,), (7,)), ("same", (9,), (8,)),
        ("added", (), (9,))]


def test_unrelated_cues_are_not_forced_together() -> None:
    old = [Cue(0, 2000, "the river froze that winter")]
    new = [Cue(60_000, 62_000, "we never saw the house again")]
    assert sorted(kinds(old, new)) == [("added", (), (0,)), ("removed", (0,), ())]


def test_comparison_ignores_markup_case_and_spacing() -> None:
    assert normalize_text("<i>Hello</i>  World") == normalize_text("hello world") == "hello world"


@given(st.integers(min_value=-5000, max_value=5000), st.integers(min_value=1, max_value=25))
def test_shifted_copy_always_maps_one_to_one(shift: int, n: int) -> None:
    old = film(n)
    matches = align_cues(old, shifted(old, shift)).matches
    assert [(m.old, m.new) for m in matches] == [((i,), (i,)) for i in range(n)]


@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(WORDS)), min_size=0, max_size=12),
       st.lists(st.tuples(st.integers(0, 3), st.sampled_from(WORDS)), min_size=0, max_size=12))
def test_every_cue_is_accounted_for_once_in_order(a: list[tuple[int, str]],
                                                   b: list[tuple[int, str]]) -> None:
    def make(spec: list[tuple[int, str]]) -> list[Cue]:
        out, t = [], 0
        for gap, word in spec:
            t += gap * 500
            out.append(Cue(t, t + 1500, word))
            t += 1500
        return out

    old, new = make(a), make(b)
    matches = align_cues(old, new).matches
    assert [i for m in matches for i in m.old] == list(range(len(old)))
    assert [j for m in matches for j in m.new] == list(range(len(new)))
