"""Cues from word timestamps: unit cases and a property over arbitrary word streams."""
from __future__ import annotations

from itertools import accumulate

from hypothesis import given
from hypothesis import strategies as st

from subtitles.model import Cue
from subtitles.profiles import Limits, get_profile
from transcribe.cues import (HARD_PAUSE_MS, LEAD_MS, TAIL_MS, _W, build_cues, clean_words,
                             reattach)
from transcribe.transcript import Word

LIMITS = get_profile("documentary").for_language("en")


def words_from(text: str, *, start: int = 0, ms_per_char: int = 70, gap: int = 40,
               sentence_pause: int = 400) -> list[Word]:
    out, t = [], start
    for token in text.split():
        length = ms_per_char * len(token) + 60
        out.append(Word(t, t + length, " " + token, 0.9))
        t += length + gap + (sentence_pause if token.endswith(".") else 0)
    return out


def flat(cues: list[Cue]) -> list[str]:
    return " ".join(c.text for c in cues).split()


def test_short_sentence_is_one_line_cue() -> None:
    cues = build_cues(words_from("I was there."), LIMITS, "en")
    assert [c.text for c in cues] == ["I was there."]
    assert cues[0].start_ms == 0
    assert cues[0].duration_ms >= LIMITS.min_duration_ms


def test_breaks_at_sentence_end_rather_than_mid_phrase() -> None:
    text = ("My name is Daniel, and I was a volunteer medic with United Hatzalah that morning. "
            "At half past six the sirens started over Sderot.")
    cues = build_cues(words_from(text), LIMITS, "en")
    assert cues[0].text.replace("\n", " ").endswith("that morning.")
    assert cues[1].text.replace("\n", " ") == "At half past six the sirens started over Sderot."


def test_long_text_becomes_balanced_two_line_cues() -> None:
    text = ("I drove south on Route 232 with two other medics and at the junction we saw burned "
            "cars and people hiding in the bushes by the road and we stopped to help them all")
    cues = build_cues(words_from(text), LIMITS, "en")
    assert len(cues) >= 2
    for cue in cues:
        assert len(cue.lines) <= 2
        assert all(len(line) <= 42 for line in cue.lines)
    assert flat(cues) == text.split()


def test_a_long_silence_always_ends_the_cue() -> None:
    first = words_from("We waited")
    second = words_from("in the shelter.", start=first[-1].end_ms + HARD_PAUSE_MS + 1)
    cues = build_cues(first + second, LIMITS, "en")
    assert [c.text for c in cues] == ["We waited", "in the shelter."]
    assert cues[0].end_ms <= first[-1].end_ms + TAIL_MS


def test_end_is_trimmed_to_speech_plus_tail() -> None:
    words = words_from("My name is Daniel, and I was a volunteer medic.", ms_per_char=90)
    cue = build_cues(words, LIMITS, "en")[0]
    assert words[-1].end_ms < cue.end_ms <= words[-1].end_ms + TAIL_MS


def test_pieces_without_a_space_are_glued_to_their_word() -> None:
    words = [Word(0, 300, " Kibbutz"), Word(300, 500, " Re"), Word(500, 700, "'im,"),
             Word(700, 900, " Be"), Word(900, 1100, "'eri.")]
    assert [w.text for w in clean_words(words, "en")] == ["Kibbutz", "Re'im,", "Be'eri."]
    assert build_cues(words, LIMITS, "en")[0].text == "Kibbutz Re'im, Be'eri."


def test_no_words_no_cues() -> None:
    assert build_cues([], LIMITS, "en") == []
    assert build_cues([Word(0, 100, "  ")], LIMITS, "en") == []


LATIN = "abcdefghijklmnopqrstuvwxyzAZ'0123456789"
KANA_KANJI = "あいうかきしてにのはをんアイカキシタ日本語人車道南医者東京。、"
HEBREW = "אבגדהוזחטיכלמנסעפצקרשת"


@st.composite
def word_streams(draw: st.DrawFn, zero_length: bool = True) -> list[Word]:
    """Words as Whisper gives them: in order, ~60-120 ms per character, pauses of any length,
    some punctuated, some zero-length (DTW does that). Most have a leading space; some are
    pieces without one (`` Re`` + ``'im``, which ``clean_words`` glues back on, except in
    Japanese), Japanese comes as kana and kanji without spaces, Hebrew in its own letters, and
    a few are only a space (dropped)."""
    count = draw(st.integers(0, 120))
    t = draw(st.integers(0, 5000))
    out = []
    for _ in range(count):
        alphabet = draw(st.sampled_from([LATIN, LATIN, LATIN, KANA_KANJI, HEBREW]))
        core = draw(st.text(alphabet, min_size=1, max_size=14))
        token = core + draw(st.sampled_from(["", "", "", ",", ".", "?", ";"]))
        space = draw(st.sampled_from([" ", " ", " ", ""]))
        if not draw(st.integers(0, 30)):
            token, space = " ", ""
        length = draw(st.integers(60, 120)) * len(token) \
            if not zero_length or draw(st.integers(0, 20)) else 0
        out.append(Word(t, t + length, space + token, 0.9))
        t += length + draw(st.sampled_from([0, 0, 30, 80, 200, 600, 1200, 1600, 4000]))
    return out


def check(cues: list[Cue], words: list[Word], limits: Limits, duration_ms: int | None = None,
          language: str = "en") -> None:
    words_of(cues, clean_words(words, language))
    for k, cue in enumerate(cues):
        assert len(cue.lines) <= limits.max_lines
        # a line may only overflow when it is one word longer than a line (never split)
        assert all(len(line) <= limits.max_chars_per_line or " " not in line
                   for line in cue.lines)
        assert 0 < cue.duration_ms <= limits.max_duration_ms
        if k:
            assert cue.start_ms - cues[k - 1].end_ms >= limits.min_gap_ms
        squeezed = (k + 1 < len(cues)
                    and cues[k + 1].start_ms - cue.end_ms == limits.min_gap_ms)
        if not squeezed:  # free time after it: it must be long enough to read
            assert cue.duration_ms >= limits.min_duration_ms or cue.start_ms == 0 or \
                cue.start_ms - cues[k - 1].end_ms == limits.min_gap_ms or \
                cue.end_ms == duration_ms


def words_of(cues: list[Cue], cleaned: list[_W]) -> list[list[_W]]:
    """Each cue's words, checking that every cleaned word is in exactly one cue, in order,
    unchanged. A cue joins its words with spaces; a line break stands for one of those spaces
    or falls between two characters of a word written without spaces (kana, kanji), so a cue
    is matched against the words with its whitespace taken out, and every space it keeps must
    be the end of one of its words."""
    rest = iter(cleaned)
    out = []
    for cue in cues:
        squeezed = "".join(cue.text.split())
        mine: list[_W] = []
        while sum(len(w.text) for w in mine) < len(squeezed):
            mine.append(next(rest))
        assert "".join(w.text for w in mine) == squeezed, (cue.text, mine)
        ends = list(accumulate(len(w.text) for w in mine))
        kept = accumulate(len(piece) for piece in cue.text.replace("\n", "").split(" "))
        assert all(end in ends for end in kept), (cue.text, mine)
        out.append(mine)
    assert next(rest, None) is None, "words left over"
    return out


@given(word_streams())
def test_any_word_stream_gives_cues_within_the_profile(words: list[Word]) -> None:
    check(build_cues(words, LIMITS, "en"), words, LIMITS)


@given(word_streams(), st.sampled_from(["ja", "he", "de"]))
def test_other_languages_profiles_hold_too(words: list[Word], language: str) -> None:
    limits = get_profile("documentary").for_language(language)
    check(build_cues(words, limits, language), words, limits, language=language)


@given(word_streams(), st.sampled_from(["en", "he", "ja", "ja-JP"]))
def test_pieces_are_glued_on_except_in_japanese(words: list[Word], language: str) -> None:
    """What the properties above compare cues against, checked on its own: blank words go,
    a piece without a leading space joins the word before it (not in Japanese, written
    without spaces), no character is lost, and times never step back."""
    cleaned = clean_words(words, language)
    spoken = [w for w in words if w.text.strip()]
    firsts = [i for i, w in enumerate(spoken)
              if i == 0 or language.startswith("ja") or w.text[:1].isspace()]
    assert [c.text for c in cleaned] == ["".join(w.text.strip() for w in spoken[a:b])
                                         for a, b in zip(firsts, firsts[1:] + [len(spoken)])]
    assert all(0 <= c.start <= c.end for c in cleaned)
    assert all(a.start <= b.start for a, b in zip(cleaned, cleaned[1:]))


@st.composite
def streams_with_a_length(draw: st.DrawFn) -> tuple[list[Word], int]:
    """Words and the media's length: often barely past the last word's end. Words here have
    some length: a run of zero-length words at the media's very end would need more cues than
    there are milliseconds left, and no timing can be within the media and the gap then."""
    words = draw(word_streams(zero_length=False))
    last = max((w.end_ms for w in words), default=0)
    return words, last + draw(st.sampled_from([1, 1, 2, 90, 300, 700, 5000]))


@given(streams_with_a_length())
def test_ends_stay_within_the_tail_and_the_media(stream: tuple[list[Word], int]) -> None:
    """Issue 4: "end times trimmed to speech (+ at most 0.5 s)". A cue ends at most TAIL_MS
    after its last word unless it needs more for the minimum duration, and then only after it
    started LEAD_MS early where the silence before allowed; it never ends past the media."""
    words, duration = stream
    cues = build_cues(words, LIMITS, "en", duration)
    check(cues, words, LIMITS, duration)
    # the words as the cues see them: a stranded first word moved to its sentence (issue 14)
    spoken = reattach(clean_words(words, "en"))
    for k, (cue, mine) in enumerate(zip(cues, words_of(cues, spoken))):
        assert cue.end_ms <= duration
        if cue.end_ms > mine[-1].end + TAIL_MS:
            assert cue.duration_ms <= LIMITS.min_duration_ms
            assert cue.start_ms <= mine[0].start - LEAD_MS or cue.start_ms == 0 or \
                cue.start_ms - cues[k - 1].end_ms == LIMITS.min_gap_ms


def test_a_short_last_cue_leads_before_it_outstays_and_stops_at_the_end() -> None:
    """A 15.000 s clip's last cue ended at 15.481 with its last word at 14.492 (issue 4)."""
    words = [Word(13_900, 14_100, " Go"), Word(14_150, 14_492, " home.")]
    cue, = build_cues(words, LIMITS, "en", 15_000)
    assert (cue.start_ms, cue.end_ms) == (13_900, 14_992)
    alone = build_cues([Word(14_800, 14_900, " Yes.")], LIMITS, "en", 15_000)[0]
    assert (alone.start_ms, alone.end_ms) == (14_500, 15_000)  # lead 300, stopped by the end
    early = build_cues([Word(1_000, 1_100, " Yes.")], LIMITS, "en", 60_000)[0]
    assert (early.start_ms, early.end_ms) == (767, 1_600)  # the tail, then a lead of 233
    blink = build_cues([Word(1_000, 1_020, " I")], LIMITS, "en", 60_000)[0]
    assert (blink.start_ms, blink.end_ms) == (700, 1_533)  # the lead is not enough: more tail
