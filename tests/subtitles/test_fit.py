"""Issue 13: platform copies within the limits: split in time, or overflow to the same sentence."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from subtitles.fit import fit_track
from subtitles.model import Cue, Track
from subtitles.profiles import get_profile
from subtitles.markup import visible_text

DOC = get_profile("documentary")
LONG = ("Condujimos hacia el sur por la Ruta 232 con otros dos médicos, y en el cruce de "
        "Mivtachim vimos coches quemados.")


def _within(track: Track) -> None:
    for i, cue in enumerate(track.cues):
        lines = visible_text(cue.text).split("\n")
        assert len(lines) <= 2 and all(len(line) <= 42 for line in lines), cue.text
        assert cue.duration_ms >= 833, cue
        assert i == 0 or cue.start_ms >= track.cues[i - 1].end_ms


def _words(track: Track) -> list[str]:
    return " ".join(c.text for c in track.cues).split()


def test_13_a_long_cue_is_split_in_time_at_a_phrase_boundary() -> None:
    track = Track((Cue(1000, 6000, LONG), Cue(6100, 8000, "Nadie venía.")), "es")
    fitted = fit_track(track, DOC)
    _within(fitted.track)
    assert _words(fitted.track) == _words(track)
    assert len(fitted.track) == 3
    assert fitted.track.cues[0].text.replace("\n", " ").endswith("médicos,")
    assert [(c.cue, c.kind) for c in fitted.changes] == [(1, "split")]
    assert "(timed in proportion to the text)" in fitted.changes[0].message


def test_13_a_cue_too_short_to_split_gives_words_to_the_same_sentence() -> None:
    track = Track((Cue(1000, 2400, LONG[:-1].replace(" y en", " en")[:95]),
                   Cue(2500, 5000, "cerca de la carretera.")), "es")
    fitted = fit_track(track, DOC)
    _within(fitted.track)
    assert _words(fitted.track) == _words(track)
    assert len(fitted.track) == 2 and fitted.changes[0].kind == "moved"
    assert "next of the same sentence" in fitted.changes[0].message


def test_13_a_cue_that_fits_is_only_rewrapped() -> None:
    track = Track((Cue(1000, 4000, "Mi madre nos llevó a la estación."),), "es")
    fitted = fit_track(track, DOC)
    assert fitted.track.cues == track.cues and fitted.changes == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1200, 7000), st.integers(20, 130)), min_size=1,
                max_size=12))
def test_13_words_are_kept_and_splits_stay_readable(items: list[tuple[int, int]]) -> None:
    words = LONG.split()
    cues, start = [], 0
    for duration, size in items:
        text = " ".join((words * 3)[:max(1, size // 7)])
        cues.append(Cue(start, start + duration, text))
        start += duration + 200
    track = Track(tuple(cues), "es")
    fitted = fit_track(track, DOC)
    assert _words(fitted.track) == _words(track)
    for i, cue in enumerate(fitted.track.cues):
        assert i == 0 or cue.start_ms >= fitted.track.cues[i - 1].end_ms
        assert cue.duration_ms >= 833, cue


def test_13_a_split_is_timed_at_the_pause_between_source_words() -> None:
    # the speaker pauses from 3400 to 3900 ms; by the text alone the cut would be near 3750
    words = [(1000, 1800), (1900, 2700), (2800, 3400), (3900, 4800), (4900, 5900)]
    track = Track((Cue(1000, 6000, LONG), Cue(6100, 8000, "Nadie venía.")), "es")
    by_text = fit_track(track, DOC).track.cues
    fitted = fit_track(track, DOC, words=words)
    _within(fitted.track)
    assert _words(fitted.track) == _words(track)
    first, second = fitted.track.cues[:2]
    assert (first.text, second.text) == (by_text[0].text, by_text[1].text)
    # the minimum gap between the parts (83 ms) sits in the middle of the pause
    assert (first.end_ms, second.start_ms) == (3608, 3691)
    assert by_text[0].end_ms > 3700  # by the text alone it would have been later
    assert fitted.track.cues[2] == by_text[2]
    assert "(timed at pauses between the speaker's words)" in fitted.changes[0].message


def test_13_without_a_pause_that_leaves_both_parts_long_enough_the_split_is_by_text() -> None:
    words = [(1000, 1100), (1200, 5900)]  # the only pause is 200 ms into the cue
    track = Track((Cue(1000, 6000, LONG),), "es")
    assert fit_track(track, DOC, words=words).track == fit_track(track, DOC).track


@settings(max_examples=60, deadline=None)
@given(st.integers(1700, 7000), st.lists(st.tuples(st.integers(0, 7000), st.integers(0, 900)),
                                         max_size=30))
def test_13_splits_timed_by_any_words_stay_readable(duration: int,
                                                    spans: list[tuple[int, int]]) -> None:
    words = [(1000 + s, 1000 + s + n) for s, n in spans]  # overlapping, outside, empty: any
    track = Track((Cue(1000, 1000 + duration, LONG), Cue(9000, 10000, "Nadie venía.")), "es")
    fitted = fit_track(track, DOC, words=words)
    assert _words(fitted.track) == _words(track)
    for i, cue in enumerate(fitted.track.cues):
        assert i == 0 or cue.start_ms >= fitted.track.cues[i - 1].end_ms
        assert cue.duration_ms >= 833, cue
