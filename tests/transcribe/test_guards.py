"""Hallucination guards on words and phrases Whisper is known to invent."""
from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from transcribe.guards import (HOLE_MARGIN_MS, HOLE_MS, collapse_repeats, coverage, fill_gaps,
                               is_credit, is_phantom, segment_is_silence)
from transcribe.transcript import Word


def w(text: str, start: int = 0) -> Word:
    return Word(start, start + 100, text)


def test_credits_are_always_phantoms() -> None:
    assert is_credit("Subtitles by the Amara.org community")
    assert is_phantom(" Subtitles by the Amara.org community", "en", alone=False, probability=1)


def test_thank_you_alone_in_a_window_is_dropped_but_kept_amid_speech() -> None:
    assert is_phantom(" Thank you.", "en", alone=True, probability=0.95)
    assert not is_phantom(" Thank you.", "en", alone=False, probability=0.95)
    assert is_phantom(" Thank you.", "en", alone=False, probability=0.2)
    assert not is_phantom(" Thank you for listening.", "en", alone=True, probability=0.9)


def test_phantoms_of_other_languages() -> None:
    assert is_phantom("תודה רבה", "he", alone=True, probability=0.9)
    assert is_phantom("Untertitel im Auftrag des ZDF", "de", alone=False, probability=0.9)


def test_whisper_silence_rule() -> None:
    assert segment_is_silence(0.9, -1.4)
    assert not segment_is_silence(0.9, -0.3)  # confident text: keep it
    assert not segment_is_silence(0.1, -1.4)
    assert segment_is_silence(0.93, -0.08, 17.3)  # a confident "4-4-4-4-..." loop over noise
    assert not segment_is_silence(0.2, -0.08, 17.3)


def test_repeated_phrase_is_kept_once() -> None:
    words = [w(" and"), w(" the"), w(" road"), w(" the"), w(" road"), w(" the"), w(" road"),
             w(" ended.")]
    kept, dropped = collapse_repeats(words)
    assert [x.text for x in kept] == [" and", " the", " road", " ended."]
    assert dropped == 4


def test_a_word_said_twice_is_not_a_loop() -> None:
    words = [w(" no,"), w(" no."), w(" I"), w(" stayed.")]
    assert collapse_repeats(words) == (words, 0)


def test_coverage_of_speech_by_words() -> None:
    regions = [(0, 1000), (2000, 3000)]
    assert coverage([Word(0, 1000, "a"), Word(2000, 3000, "b")], regions) == 1.0
    assert coverage([Word(0, 500, "a")], regions) == 0.25
    assert coverage([], []) == 1.0
    assert coverage([Word(0, 600, "a"), Word(400, 1000, "b")], regions) == 0.5


def test_holes_of_the_prompted_decode_are_filled_and_its_words_kept() -> None:
    prompted = [Word(0, 400, " ZAKA"), Word(400, 800, " came."), Word(5000, 5400, " Then")]
    plain = [Word(0, 400, " Zaka"), Word(450, 800, " came."), Word(1200, 1500, " We"),
             Word(1500, 1900, " left."), Word(5050, 5400, " Then"), Word(5600, 6000, " home.")]
    assert [x.text for x in fill_gaps(prompted, plain)] == [
        " ZAKA", " came.", " We", " left.", " Then", " home."]


def test_a_pause_shorter_than_a_hole_is_not_filled() -> None:
    prompted = [Word(0, 400, " a"), Word(400 + HOLE_MS - 1, 2000, " b")]
    assert fill_gaps(prompted, [Word(500, 900, " x")]) == prompted


def test_nothing_prompted_takes_every_plain_word() -> None:
    plain = [Word(100, 200, " b"), Word(0, 100, " a")]
    assert fill_gaps([], plain) == [plain[1], plain[0]]


words = st.builds(lambda start, length, text: Word(start, start + length, text),
                  st.integers(0, 60_000), st.integers(1, 3_000), st.sampled_from([" a", " b"]))


def in_a_hole(word: Word, prompted: list[Word]) -> bool:
    """The docstring's rule, worked out apart from ``fill_gaps``: the word's middle is
    ``HOLE_MARGIN_MS`` clear of every prompted word, and the prompted words around it leave a
    pause of at least ``HOLE_MS`` (none before it, or none after it: always a hole)."""
    middle = (word.start_ms + word.end_ms) / 2
    if any(p.start_ms - HOLE_MARGIN_MS < middle < p.end_ms + HOLE_MARGIN_MS for p in prompted):
        return False
    before = [p.end_ms for p in prompted if p.end_ms <= middle]
    after = [p.start_ms for p in prompted if p.start_ms >= middle]
    return not before or not after or min(after) - max(before) >= HOLE_MS


@given(st.lists(words, max_size=30), st.lists(words, max_size=30))
def test_filling_keeps_every_prompted_word_and_adds_only_inside_holes(
        prompted: list[Word], plain: list[Word]) -> None:
    """The result is exactly the prompted words plus every plain word in a hole: a
    ``fill_gaps`` that fills nothing, or fills too much, fails here."""
    merged = fill_gaps(prompted, plain)
    assert sorted(merged, key=lambda x: (x.start_ms, x.end_ms)) == merged
    expected = prompted + [word for word in plain if in_a_hole(word, prompted)]
    assert Counter(merged) == Counter(expected)

