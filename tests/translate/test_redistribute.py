"""Sharing a translated sentence out over its cues; an identity engine gives every cue back."""
from __future__ import annotations

from typing import Sequence

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from subtitles.model import Cue, Track
from translate.pipeline import translate_track
from translate.redistribute import share_out, split_by_shares


def test_prefers_a_cut_after_punctuation() -> None:
    text = "Mi madre nos llevó a la estación, donde esperaban los trenes."
    assert split_by_shares(text, [32, 24]) == ["Mi madre nos llevó a la estación,",
                                               "donde esperaban los trenes."]


def test_follows_the_source_shares() -> None:
    pieces = split_by_shares("uno dos tres cuatro cinco seis siete ocho nueve diez", [10, 30])
    assert len(pieces[0].split()) < len(pieces[1].split())


def test_short_translation_still_fills_every_cue() -> None:
    assert split_by_shares("Sí.", [5, 5, 5]) == ["Sí.", "...", "..."]
    assert split_by_shares("Nosotros", [5, 5]) == ["Noso", "tros"]
    assert split_by_shares("", [3, 3]) == ["...", "..."]


def test_a_word_is_cut_between_letters_never_inside_one() -> None:
    """Audit: "Ne\u0301ab" came back "Ne" / "\u0301ab", the accent starting the second cue."""
    assert split_by_shares("Ne\u0301ab", [5, 5]) == ["Ne\u0301", "ab"]
    family = "\U0001f469\u200d\U0001f469\u200d\U0001f467"
    # was "abc\U0001f469" / "\u200d\U0001f469\u200d\U0001f467": the family torn apart
    assert split_by_shares(f"abc{family}", [4, 4]) == ["ab", f"c{family}"]
    assert split_by_shares(f"ab{family}", [4, 4]) == [f"ab{family}", "..."]  # under 4 letters


# Any code point, and the clusters that are several: marks on a letter, emoji joined by ZWJ
# (with skin tones and VS16), flags, Hangul jamo, conjuncts, an Arabic number sign.
CLUSTER = st.one_of(
    st.characters(),
    st.tuples(st.characters(categories=["L"]),
              st.text(st.characters(categories=["Mn", "Mc", "Me"]), min_size=1, max_size=3)
              ).map("".join),
    st.lists(st.sampled_from(["\U0001f469", "\U0001f468\U0001f3fd", "\U0001f467",
                              "\u2764\ufe0f", "\U0001f3f3\ufe0f", "\U0001f308"]),
             min_size=2, max_size=4).map("\u200d".join),
    st.sampled_from(["\U0001f1ee\U0001f1f1", "\U0001f1e7\U0001f1f7", "\u0915\u094d\u0937",
                     "\u1100\u1161\u11a8", "\ud55c", "\u0600\u0661", "\u0e01\u0e33",
                     "\u200d", "\u0301"]),
)
UWORD = st.lists(CLUSTER, min_size=1, max_size=8).map("".join)
# What must never begin a piece cut from inside a word: a mark, a joiner, a skin tone.
JOINS_BACK = regex.compile(r"[\p{M}\u200c\u200d\U0001f3fb-\U0001f3ff]")


def grapheme_starts(text: str) -> set[int]:
    """Offsets into ``"".join(text.split())`` where a piece may begin: every word's grapheme
    clusters (Unicode's, from the regex module's \\X) start there."""
    starts, offset = set(), 0
    for word in text.split():
        starts.update(offset + m.start() for m in regex.finditer(r"\X", word))
        offset += len(word)
    return starts | {offset}


@given(st.lists(UWORD, min_size=0, max_size=30), st.lists(st.integers(1, 80), min_size=1,
                                                          max_size=6))
def test_pieces_are_non_empty_keep_order_and_cut_only_between_graphemes(
        words: list[str], shares: list[int]) -> None:
    text = " ".join(words)
    pieces = split_by_shares(text, shares)
    assert len(pieces) == len(shares)
    assert all(p.strip() for p in pieces)
    letters = "".join(text.split())
    out = ["".join(p.split()) for p in pieces]
    fillers = 0
    while "".join(out) != letters and out and out[-1] == "...":
        out.pop()  # "..." fills the cues left over when there are too few words
        fillers += 1
    assert "".join(out) == letters
    if len(text.split()) >= len(shares):
        assert fillers == 0 and " ".join(pieces).split() == text.split()
    cut_at, piece_at, offset = [], [], 0
    for piece in pieces[:len(pieces) - fillers]:
        piece_at.append(offset)
        for word in piece.split():
            cut_at.append(offset)
            offset += len(word)
    assert set(cut_at) <= grapheme_starts(text), (pieces, text)
    word_at = {len("".join(text.split()[:i])) for i in range(len(text.split()))}
    for at, piece in zip(piece_at, pieces):
        if at not in word_at:  # this piece begins inside a source word
            assert not JOINS_BACK.match(piece), (piece, text)


def test_source_words_are_cut_where_the_source_was() -> None:
    sources = ["Yes, we", "waited, and then a long long long long time passed."]
    assert share_out(" ".join(sources), sources) == sources
    assert share_out("YES, WE WAITED, AND THEN A LONG LONG LONG LONG TIME PASSED", sources) == [
        "YES, WE", "WAITED, AND THEN A LONG LONG LONG LONG TIME PASSED"]
    assert share_out("Sí, esperamos mucho tiempo.", sources) == ["Sí,", "esperamos mucho tiempo."]


class Identity:
    """An engine that returns its input."""

    name = "identity"
    version = "1"

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        return list(texts)


def round_trip(*texts: str) -> list[str]:
    """Each cue's text after an identity translation, white space normalised (lines are
    re-broken to the target profile); cue count and times must not change."""
    source = Track(tuple(Cue(i * 2000, i * 2000 + 1800, t) for i, t in enumerate(texts)), "en")
    out = translate_track(source, Identity(), source="en", target="en")
    assert [(c.start_ms, c.end_ms) for c in out.track] == [(c.start_ms, c.end_ms) for c in source]
    assert not [p for p in out.problems if p.code != "cps"]
    return [" ".join(c.text.split()) for c in out.track]


def flat(texts: Sequence[str]) -> list[str]:
    return [" ".join(t.split()) for t in texts]


@pytest.mark.parametrize("texts", [
    # Proportional cuts, pulled to punctuation, moved a word to the next cue.
    ("Yes, we", "waited, and then a long long long long time passed."),
    ("we went", "we we", "we", "we", "we"),
    # A carried-over ellipsis came back as "..." whatever it had been.
    ("We were so afraid…", "…of everything."),
    ('He said..."', "and left."),
    ("We were so …...", "... of everything."),
    # A speaker's dash came back as "- " however it was written ("-20" on a second line is one).
    ("-Yes.\n-No.",),
    ("We went out\n-20 degrees.",),
    # Tags on a repeated word, or nested on one word, covered the whole cue (and asked review).
    ("We said <i>no</i>, no.",),
    ("We <i><b>never</b></i> forgot.",),
    ("♪", "[music]", "- Where?\n- Home, Dr. Cohen", "said at 7.30."),
    ("שלום, אני", "הולך הביתה.", "مرحبا، أنا", "ذاهب إلى البيت."),
])
def test_identity_regressions(texts: tuple[str, ...]) -> None:
    assert round_trip(*texts) == flat(texts)


WORD = st.sampled_from([
    "we", "went", "home", "the", "Sarah", "it's", "I", "a", "A.", "Dr.", "Mr.", "e.g.", "U.S.",
    "7.30", "-20", "1,000", '"Run,"', "'yes'", "\u00aboui\u00bb", "(really)", "-", "\u2014",
    "\u266a", "<i>never</i>", "<i><b>so</b></i>", "<i>we <b>went</b> home</i>", "{\\i1}yes{\\i0}",
    "שלום", "הביתה", "مرحبا", "البيت",
])
PUNCT = st.sampled_from(["", "", "", "", ",", ".", "?", "!", "?!", ";", ":", "...", "\u2026",
                         '."', "?'", ".)", "\u061f", "\u060c"])
LINE = st.lists(st.tuples(WORD, PUNCT).map("".join), min_size=1, max_size=6).map(" ".join)
START = st.sampled_from(["", "", "...", "... ", "\u2026", "- ", "-", "\u2013 ", "{\\an8}"])
SPEECH = st.one_of(st.tuples(START, LINE).map("".join), LINE.map("<i>{}</i>".format),
                   st.tuples(LINE, LINE).map("\n".join),
                   st.tuples(LINE, LINE).map("- {0[0]}\n- {0[1]}".format),
                   st.tuples(LINE, LINE).map("-<i>{0[0]}</i>\n-{0[1]}".format))
SOUND = st.sampled_from(["\u266a", "[music]", "(sirens)", "\u266a [music] \u266a", "[MUSIC]",
                         "\u266a la la \u266a", "- [gasps]\n- Run!"])


@given(st.lists(st.one_of(SPEECH, SPEECH, SPEECH, SOUND), min_size=1, max_size=6))
def test_identity_engine_gives_every_cue_back(texts: list[str]) -> None:
    assert round_trip(*texts) == flat(texts)
