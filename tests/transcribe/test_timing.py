"""Word times against the speech regions (transcribe.timing) and the cue rule for a sentence's
stranded first word (transcribe.cues.reattach); issue 14."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from subtitles.profiles import get_profile
from transcribe.cues import build_cues
from transcribe.timing import MIN_WORD_MS, repair
from transcribe.transcript import Word

LIMITS = get_profile("documentary").for_language("en")
# The reported case: speech to 42.76 s, a 20 s pause, speech again from 62.6 s.
REGIONS = [(38_000, 42_764), (62_600, 66_000)]
BUG = [Word(40_000, 40_500, " behind"), Word(40_600, 41_000, " the"),
       Word(41_100, 42_700, " trees."), Word(42_760, 42_764, " I"),
       Word(62_800, 63_000, " told"), Word(63_050, 63_300, " her"),
       Word(63_350, 63_700, " to"), Word(63_750, 64_200, " keep"),
       Word(64_250, 64_900, " quiet.")]


def test_14_a_first_word_timed_at_the_start_of_a_pause_moves_to_its_sentence() -> None:
    words, notes = repair(BUG, REGIONS)
    i = words[3]
    assert REGIONS[1][0] <= i.start_ms < i.end_ms <= words[4].start_ms
    assert len(notes) == 1 and "'I'" in notes[0]
    assert [w.text for w in words] == [w.text for w in BUG]


def test_14_the_first_word_after_a_pause_opens_the_next_cue() -> None:
    """On the old code the cue before the pause ended "...trees. I"."""
    for words in (BUG, repair(BUG, REGIONS)[0]):
        cues = build_cues(words, LIMITS, "en")
        assert [c.text.replace("\n", " ") for c in cues] == [
            "behind the trees.", "I told her to keep quiet."]
        assert cues[1].start_ms >= 62_000 and cues[0].end_ms <= 43_300


def test_a_word_never_sits_in_or_straddles_a_silence() -> None:
    words = [Word(41_000, 43_500, " trees"), Word(50_000, 50_300, " um"),
             Word(62_000, 63_000, " told")]
    fixed, _ = repair(words, REGIONS)
    for w in fixed:
        assert any(s <= w.start_ms <= w.end_ms <= e for s, e in REGIONS), w


def test_short_words_inside_speech_stay() -> None:
    words = [Word(39_000, 39_020, " a"), Word(39_030, 39_400, " word")]
    assert repair(words, REGIONS) == (words, [])


def test_a_sentence_that_goes_on_keeps_its_last_word() -> None:
    """A clause ("...and I,") or a whole short sentence before the pause stays where it is."""
    words = [Word(41_100, 42_000, " trees."), Word(42_100, 42_500, " Yes."),
             Word(62_800, 63_000, " Told")]
    cues = build_cues(words, LIMITS, "en")
    assert cues[-1].text == "Told"
    assert all(c.end_ms < 43_100 for c in cues[:-1])


regions = st.lists(st.tuples(st.integers(0, 5_000), st.integers(1, 5_000)), min_size=1,
                   max_size=6)


@given(regions, st.lists(st.tuples(st.integers(0, 40_000), st.integers(0, 2_000)), max_size=20))
def test_repair_keeps_every_word_inside_a_region(raw: list[tuple[int, int]],
                                                 spans: list[tuple[int, int]]) -> None:
    pos, made = 0, []
    for gap, length in raw:
        made.append((pos + gap, pos + gap + length))
        pos += gap + length
    words = sorted((Word(s, s + n, f" w{k}") for k, (s, n) in enumerate(spans)),
                   key=lambda w: w.start_ms)
    fixed, _ = repair(words, made)
    assert [w.text for w in fixed] == [w.text for w in words]
    for w in fixed:
        assert any(s <= w.start_ms <= w.end_ms <= e for s, e in made), (w, made)
    assert all(w.end_ms - w.start_ms >= 0 for w in fixed)
    assert MIN_WORD_MS > 0
