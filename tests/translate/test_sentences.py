"""Cues <-> sentences and back, with an identity engine (pure logic, no MT)."""
from __future__ import annotations

import re
from typing import Sequence

from hypothesis import given
from hypothesis import strategies as st

from subtitles.model import Cue, Track
from translate.pipeline import translate_track
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
    assert seg.slots[0].italic and not seg.slots[1].italic
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
