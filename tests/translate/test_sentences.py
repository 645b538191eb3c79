"""Cues <-> sentences and back, with an identity engine (pure logic, no MT)."""
from __future__ import annotations

import re
from typing import Sequence

from hypothesis import given
from hypothesis import strategies as st

from subtitles.model import Cue, Track
from translate.pipeline import translate_track
from translate.markup import Wrap
from translate.sentences import cue_slots, segment


class Identity:
    name = "identity"
    version = "1"

    def __init__(self) -> None:
        self.calls = 0

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        self.calls += 1
        return list(texts)


def track(*texts: str) -> Track:
    return Track(tuple(Cue(i * 2000, i * 2000 + 1800, t, line=1 + 4 * i)
                       for i, t in enumerate(texts)), "en")


def test_sentence_spans_three_cues_and_cue_holds_two() -> None:
    seg = segment(track("My mother took us", "to the station where the trains",
                        "were waiting. We left.", "Nobody spoke."))
    texts = [s.text for s in seg.sentences]
    assert texts == ["My mother took us to the station where the trains were waiting.",
                     "We left.", "Nobody spoke."]
    assert [p.slot for p in seg.sentences[0].parts] == [0, 1, 2]


def test_speaker_dashes_start_sentences_and_stay_out_of_mt() -> None:
    seg = segment(track("- Where were you\n- In the shelter."))
    assert [s.text for s in seg.sentences] == ["Where were you", "In the shelter."]
    assert [s.prefix for s in seg.slots] == ["- ", "- "]


def test_negative_number_is_not_a_dash() -> None:
    assert cue_slots(0, "-20 degrees that night.")[0].prefix == ""


def test_italics_and_abbreviations() -> None:
    seg = segment(track("<i>We met Mr. Cohen</i>", "at the gate."))
    assert seg.frames[0] == Wrap("<i>", "</i>") and seg.frames[1] == Wrap()
    assert [s.text for s in seg.sentences] == ["We met Mr. Cohen at the gate."]


def test_ellipsis_carries_a_sentence_over() -> None:
    seg = segment(track("We were so afraid...", "...of everything."))
    assert [s.text for s in seg.sentences] == ["We were so afraid of everything."]
    out = translate_track(track("We were so afraid...", "...of everything."), Identity(),
                          source="en", target="en")
    assert [c.text for c in out.track] == ["We were so afraid...", "...of everything."]


def test_identity_round_trip_keeps_markup_and_text() -> None:
    source = track("My mother took us", "<i>to the station.</i>",
                   "- Where?\n- Here.", "It was cold. We waited", "all night.")
    out = translate_track(source, Identity(), source="en", target="en")
    assert [c.text for c in out.track] == [c.text for c in source]
    assert out.stats.sentences == 5


def test_empty_engine_output_keeps_source_and_asks_for_review() -> None:
    class Silent(Identity):
        def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
            return [""] * len(texts)

    source = track("We left at dawn", "and walked all day.")
    out = translate_track(source.replace(path="film.en.srt"), Silent(), source="en", target="es")
    assert all(c.text.strip() for c in out.track)
    assert [str(p) for p in out.problems] == [
        "film.en.srt:1: warning: review: the engine returned nothing; the source text is kept"]


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEF'", min_size=1, max_size=9)
PUNCT = st.sampled_from(["", "", "", ",", ".", "?", "!", "..."])
LINE = st.lists(st.tuples(WORD, PUNCT).map("".join), min_size=1, max_size=12).map(" ".join)
CUE_TEXT = st.one_of(LINE, LINE.map(lambda t: f"<i>{t}</i>"),
                     st.tuples(LINE, LINE).map(lambda p: f"- {p[0]}\n- {p[1]}"),
                     st.tuples(LINE, LINE).map("\n".join))


def _words(text: str) -> list[str]:
    plain = re.sub(r"<[^>]*>", " ", text).replace("...", " ").replace("- ", " ")
    return [w for w in re.split(r"[\s.]+", plain) if w]


@given(st.lists(CUE_TEXT, min_size=1, max_size=25))
def test_identity_keeps_cues_times_and_every_word(texts: list[str]) -> None:
    source = track(*texts)
    out = translate_track(source, Identity(), source="en", target="en")
    assert len(out.track) == len(source)
    assert [(c.start_ms, c.end_ms) for c in out.track] == [(c.start_ms, c.end_ms) for c in source]
    assert all(c.text.strip() for c in out.track)
    assert _words(" ".join(c.text for c in out.track)) == _words(" ".join(texts))


def test_rtl_target_stays_logical_order_without_marks() -> None:
    class Hebrew(Identity):
        def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
            return ["אמא שלי לקחה אותנו לתחנה, שם חיכו הרכבות." for _ in texts]

    out = translate_track(track("My mother took us to the station", "where the trains waited."),
                          Hebrew(), source="en", target="he")
    assert [c.text for c in out.track] == ["אמא שלי לקחה אותנו לתחנה,", "שם חיכו הרכבות."]
    assert not any(ch in c.text for c in out.track for ch in "\u200e\u200f\u202a\u202b\u202c")


class Upper(Identity):
    """Changes every word, as a real engine does, but keeps them findable."""

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        self.calls += 1
        return [t.upper() for t in texts]


def test_literal_brackets_go_to_the_engine_and_come_back() -> None:
    asked: list[str] = []

    class Recording(Identity):
        def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
            asked.extend(texts)
            return list(texts)

    source = track("3 < 4 and 5 > 2 & <b>bold</b> text ok.")
    out = translate_track(source, Recording(), source="en", target="en")
    assert asked[0] == "3 < 4 and 5 > 2 & bold text ok."
    assert [c.text for c in out.track] == ["3 < 4 and 5 > 2 & <b>bold</b> text ok."]


def test_markup_inside_turns_is_put_back() -> None:
    texts = ["We heard the <i>sirens very well.</i> Yes.", "He ran <b>fast</b> to the house.",
             "- <i>Where were you?</i>\n- <font color=\"yellow\">In the shelter.</font>",
             "{\\an8}<u>Sderot, 2023</u>", "<i>- Run!\n- Now!</i>", "We {\\i1}never{\\i0} forgot.",
             "<b>-</b> Go.\n- [<i>gasps</i>]"]
    out = translate_track(track(*texts), Identity(), source="en", target="en")
    assert [c.text for c in out.track] == texts
    assert [p.code for p in out.problems] == ["cps", "cps"]  # not one about markup
    upper = translate_track(track(*texts[:2]), Upper(), source="en", target="es")
    assert [c.text for c in upper.track] == ["WE HEARD THE <i>SIRENS VERY WELL.</i> YES.",
                                             "HE RAN <b>FAST</b> TO THE HOUSE."]


def test_tag_without_matching_words_covers_the_piece_and_asks_for_review() -> None:
    class Rewrite(Identity):
        def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
            return ["Otra cosa." if " " in t else "nada" for t in texts]

    out = translate_track(track("He ran <b>fast</b> home.").replace(path="film.en.srt"),
                          Rewrite(), source="en", target="es")
    assert [c.text for c in out.track] == ["<b>Otra cosa.</b>"]
    assert [str(p) for p in out.problems] == [
        'film.en.srt:1: warning: review: <b> around "fast" could not be put on the same words '
        "in the translation; it now covers the sentence's whole text in this cue"]


def test_lone_tag_inside_a_cue_is_dropped_with_a_warning() -> None:
    out = translate_track(track("We {\\fs20}waited.").replace(path="film.en.srt"), Identity(),
                          source="en", target="en")
    assert [c.text for c in out.track] == ["We waited."]
    assert [str(p) for p in out.problems] == [
        "film.en.srt:1: warning: markup {\\fs20} inside the text was dropped (it marks a point "
        "the translation's word order does not have; add it again by hand if needed)"]


def test_sound_cues_are_their_own_units() -> None:
    seg = segment(track("\u266a", "[music]", "We went", "[door slams]", "home", "quickly.",
                        "- (sirens)\n- Run!"))
    assert [s.kind for s in seg.slots] == ["symbols", "sound", "speech", "sound", "speech",
                                           "speech", "sound", "speech"]
    assert [s.text for s in seg.sentences] == ["music", "door slams", "We went home quickly.",
                                               "sirens", "Run!"]
    out = translate_track(track("\u266a", "[music]", "We went", "home", "quickly.", "(sirens)"),
                          Upper(), source="en", target="es")
    assert [c.text for c in out.track] == ["\u266a", "[MUSIC]", "WE WENT", "HOME", "QUICKLY.",
                                           "(SIRENS)"]


def test_problems_point_at_the_output_and_its_lines() -> None:
    source = track("This cue has far too many words to be read in under two seconds.",
                   "Fine.").replace(path="film.en.srt")
    out = translate_track(source, Identity(), source="en", target="en")
    assert [str(p) for p in out.problems_in("out/film.es.srt", [2, 6])] == [
        "out/film.es.srt:2: warning: en cue reads at 35.0 characters/s, over 17 (shorten or "
        "merge it)"]


def test_17_translate_and_check_count_reading_speed_the_same_way() -> None:
    """A cue just under the limit once its bidi marks and {\\an8} are left out: `subs check`
    passes it, so `subs translate` must not warn (it counted them before #17)."""
    from subtitles.profiles import get_profile
    from subtitles.readability import check_track

    limits = get_profile().for_language("he")
    duration = 2000
    chars = int(limits.max_cps * duration / 1000)
    text = "{\\an8}" + "\u200f" * 4 + "א" * chars
    source = Track((Cue(0, duration, text, line=1),), "he")
    assert not [p for p in check_track(source, get_profile()) if p.code == "cps"]
    out = translate_track(source, Identity(), source="he", target="he")
    assert not [p for p in out.problems if p.code == "cps"]
