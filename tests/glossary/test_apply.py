"""glossary/apply.py and fuzzy.py: names normalized in a transcript, nothing else touched."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.apply import Change, apply_glossary
from glossary.load import load_glossary
from glossary.match import HEBREW_PREFIX
from glossary.model import Glossary, Term
from subtitles.io import load_track
from subtitles.model import Cue, Track

DATA = Path(__file__).parent.parent / "data" / "glossary"
G = load_glossary(DATA / "names.csv")


def track(*texts: str, gap_ms: int = 200) -> Track:
    cues, t = [], 0
    for i, text in enumerate(texts):
        cues.append(Cue(t, t + 2000, text, line=1 + i * 4 + 1))
        t += 2000 + gap_ms
    return Track(tuple(cues), "en")


def fixed(*texts: str, glossary: Glossary = G, fuzzy: bool = True) -> list[str]:
    return [c.text for c in apply_glossary(track(*texts), glossary, fuzzy=fuzzy).track]


def test_golden_transcript() -> None:
    parsed = load_track(DATA / "transcript.en.srt")
    applied = apply_glossary(parsed.track, G)
    expected = load_track(DATA / "apply.expected.srt").track
    assert [c.text for c in applied.track] == [c.text for c in expected]
    assert [(c.start_ms, c.end_ms) for c in applied.track] == [
        (c.start_ms, c.end_ms) for c in parsed.track]
    assert applied.changes[0] == Change(0, 3, "Rayim", "Re'im", "variant", "Re'im")


def test_change_prints_as_the_issue_says() -> None:
    change = Change(0, 12, "Rayim", "Re'im", "variant")
    assert str(change.as_problem("film.srt")) == "film.srt:12: fixed 'Rayim' -> \"Re'im\" (variant)"


def test_possessive_kept_and_canonical_case_wins() -> None:
    assert fixed("Zaka's team and zaka.") == ["ZAKA's team and ZAKA."]


def test_all_capitals_stay_capitals() -> None:
    assert fixed("UNITED HATSALA AT RAYIM") == ["UNITED HATZALAH AT RE'IM"]


def test_variant_across_a_line_break_keeps_the_break() -> None:
    assert fixed("the United\nHatsala medics") == ["the United\nHatzalah medics"]
    assert fixed("at Kibbutz\nRayim we") == ["at Kibbutz\nRe'im we"]


def test_span_across_two_cues_word_by_word() -> None:
    assert fixed("medics of United", "Hatsala came") == ["medics of United", "Hatzalah came"]


def test_span_across_two_cues_fewer_words_goes_to_the_first() -> None:
    assert fixed("we reached Re", "im at nine") == ["we reached Re'im", "at nine"]


def test_cues_far_apart_are_not_joined() -> None:
    t = track("medics of United", "Hatsalah came", gap_ms=5000)
    assert [c.text for c in apply_glossary(t, G).track] == ["medics of United", "Hatsalah came"]


def test_fuzzy_near_miss_and_soundalike() -> None:
    g = Glossary((Term("Mivtachim junction", type="place"), Term("Ashkelon"),
                  Term("United Hatzalah")))
    assert fixed("At Mivtahim junction and Ashqelon", glossary=g) == [
        "At Mivtachim junction and Ashkelon"]
    assert fixed("United Hatsalah's people", glossary=g) == ["United Hatzalah's people"]


def test_fuzzy_can_be_turned_off() -> None:
    g = Glossary((Term("Ashkelon"),))
    assert fixed("In Ashqelon", glossary=g, fuzzy=False) == ["In Ashqelon"]


@pytest.mark.parametrize("text", [
    "Mr. Zakarov and Zakat arrived.",       # longer words holding a term
    "Route 233 is another road.",           # numbers must agree
    "a serious berry in the sun",           # lowercase ordinary words are never fuzzed
    "The Reims cathedral.",
])
def test_ordinary_words_are_not_changed(text: str) -> None:
    assert fixed(text) == [text]


def test_family_names_in_the_plural() -> None:
    g = Glossary((Term("Cohen", ("Kohen",), "person"),))
    assert fixed("the Kohens came", glossary=g) == ["the Cohens came"]


def test_pure_input_untouched_and_no_changes_returns_same_track() -> None:
    t = track("nothing here")
    applied = apply_glossary(t, G)
    assert applied.track is t and applied.changes == ()


def test_hebrew_transcript_with_prefixes() -> None:
    g = Glossary((Term("שדרות", ("סדרות",), "place"),))
    assert fixed("נסענו בסדרות ולסדרות", glossary=g) == ["נסענו בשדרות ולשדרות"]


HE = Glossary((*G.terms, Term("שדרות", ("סדרות",), "place")))
# Letters, digits, both apostrophes and Hebrew; and pieces of the terms and their variants, so
# that many examples spell one (random letters almost never would).
words = st.one_of(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzZAKHTSRE0123456789'’שדרותסבלו",
            min_size=1, max_size=12),
    st.sampled_from(["Re'im", "Re’im", "Rayim", "Reim", "RAYIM", "Re", "im", "Kibbutz",
                     "Zaka", "zaka", "Zaka's", "ZAKA’s", "United", "Hatsala", "Hatzalah",
                     "Hatsalah", "Route", "232", "233", "2320", "Sderote", "Sderot",
                     "סדרות", "בסדרות", "שדרות", "ולסדרות"]))


def rebuilt(text: str, changes: tuple[Change, ...]) -> str:
    """``text`` with each change made at the first whole-word ``before`` not yet taken (a
    Hebrew one may carry prefixes: "בסדרות" -> "בשדרות")."""
    taken: list[tuple[int, int, str]] = []
    for change in changes:
        prefix = HEBREW_PREFIX if re.search("[\u0590-\u05ff]", change.before) else ""
        for m in re.finditer(rf"(?<!\w){prefix}({re.escape(change.before)})(?!\w)", text):
            if all(m.end(1) <= a or b <= m.start(1) for a, b, _ in taken):
                taken.append((m.start(1), m.end(1), change.after))
                break
        else:
            raise AssertionError(f"{change.before!r} is not a free whole-word span of {text!r}")
    for start, end, after in sorted(taken, reverse=True):
        text = text[:start] + after + text[end:]
    return text


@given(st.lists(words, min_size=1, max_size=12))
def test_only_words_that_spell_a_term_change(ws: list[str]) -> None:
    """The output is the input with each reported change made, and nothing else touched."""
    text = " ".join(ws)
    applied = apply_glossary(track(text), HE)
    for change in applied.changes:
        assert change.term is not None and HE.get(change.term) is not None
    assert applied.track.cues[0].text == rebuilt(text, applied.changes)


@given(st.sampled_from(["Zakarov", "Zakas", "aZaka", "Sderotim", "Reimann", "Rayimo",
                        "Hatsalahim", "Route2320"]), st.sampled_from(["", ".", ",", "!"]))
def test_longer_words_never_changed(word: str, punct: str) -> None:
    text = f"Then {word}{punct} came."
    assert fixed(text) == [text]


@pytest.mark.parametrize("mark", [",", ";", ":", ".", "!", "?"])
def test_a_span_never_crosses_a_clause_break(mark: str) -> None:
    """Audit: "Beer and Ash, Kelon said." became "Beer and Ashkelon said."."""
    g = Glossary((Term("Ashkelon", type="place"), Term("United Hatzalah")))
    assert fixed(f"Beer and Ash{mark} Kelon said.", glossary=g) == \
        [f"Beer and Ash{mark} Kelon said."]
    assert fixed(f"We called United{mark}", "Hatsala came.", glossary=g) == \
        [f"We called United{mark}", "Hatsala came."]
    assert fixed("Beer and Ash\nKelon said.", glossary=g) == ["Beer and Ashkelon said."]


def test_14_a_common_noun_that_spells_a_term_is_left_alone() -> None:
    """ "a supernova" in near-miss speech stays; "the supernova festival" becomes the name."""
    from glossary.apply import apply_glossary
    from glossary.model import Glossary, Term
    from subtitles.model import Cue, Track

    glossary = Glossary((Term("Supernova", variants=("Super Nova",)),))
    track = Track((Cue(0, 1000, "Last year we watched a supernova."),
                   Cue(2000, 3000, "We drove to the supernova festival."),
                   Cue(4000, 5000, "It was an Super Nova night.")), "en")
    applied = apply_glossary(track, glossary)
    texts = [c.text for c in applied.track.cues]
    assert texts == ["Last year we watched a supernova.", "We drove to the Supernova festival.",
                     "It was an Supernova night."]
