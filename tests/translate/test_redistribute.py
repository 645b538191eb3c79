"""Sharing a translated sentence out over its cues."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from translate.redistribute import split_by_shares


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


@given(st.lists(st.text(alphabet="abcé,.", min_size=1, max_size=8), min_size=0, max_size=30),
       st.lists(st.integers(1, 80), min_size=1, max_size=6))
def test_pieces_are_non_empty_and_keep_word_order(words: list[str], shares: list[int]) -> None:
    text = " ".join(words)
    pieces = split_by_shares(text, shares)
    assert len(pieces) == len(shares)
    assert all(p.strip() for p in pieces)
    if len(text.split()) >= len(shares):
        assert " ".join(pieces).split() == text.split()
