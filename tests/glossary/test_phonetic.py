"""Phoneme similarity with the real espeak-ng (installed by `make install`)."""
from __future__ import annotations

import pytest

from glossary import phonetic

pytestmark = pytest.mark.skipif(phonetic.espeak() is None, reason="espeak-ng is not installed")


def test_14_mishearings_sound_like_the_name() -> None:
    """The issue's mishearings: no spelling score links them, the phonemes do."""
    assert phonetic.sounds_like("Kibbet's Ram", "Kibbutz Re'im") >= 0.75  # type: ignore[operator]
    assert phonetic.sounds_like("Beryi", "Be'eri") >= 0.5  # type: ignore[operator]
    assert phonetic.sounds_like("Zaka", "ZAKA") == 1.0


def test_unrelated_words_are_far() -> None:
    assert phonetic.sounds_like("newspaper", "Netivot") < 0.5  # type: ignore[operator]
    assert phonetic.sounds_like("the ram", "Kfar Aza") < 0.5  # type: ignore[operator]


def test_distance_is_a_weighted_edit_distance() -> None:
    assert phonetic.distance("", "") == 0.0
    assert phonetic.distance("abc", "abc") == 0.0
    assert phonetic.distance("bad", "pad") == phonetic.HALF  # voicing pair
    assert phonetic.distance("bad", "bed") == phonetic.HALF  # a vowel for a vowel
    assert phonetic.distance("bad", "mad") == 1.0
    assert phonetic.distance("bad", "vad") == phonetic.HALF  # b heard for v ("Medibot")
    assert phonetic.distance("pad", "vad") == 1.0  # closeness is not transitive
    assert phonetic.distance("bd", "bad") == phonetic.HALF  # a missing vowel
    assert phonetic.similarity("", "abc") == 0.0


def test_without_espeak_nothing_is_guessed(monkeypatch: pytest.MonkeyPatch) -> None:
    phonetic.clear_cache()
    monkeypatch.setattr(phonetic, "espeak", lambda: None)
    try:
        assert phonetic.sounds_like("Reem", "Re'im") is None
    finally:
        phonetic.clear_cache()


def test_14_many_texts_in_one_run_give_what_each_gives_alone() -> None:
    """``prime`` runs espeak-ng once, a line per text; a text espeak-ng would split in two
    (a clause mark) is run alone. Either way the phonemes equal a run of that text alone."""
    texts = ["Kibbet's Ram", "Medibot", "give, write", "Dr. Smith", "Route 232", "Be'eri", ""]
    phonetic.clear_cache()
    phonetic.prime(texts)
    together = [phonetic.phonemes(t) for t in texts]
    alone = []
    for text in texts:
        phonetic.clear_cache()
        alone.append(phonetic.phonemes(text))
    assert together == alone
    assert together[-1] is None and all(together[:-1])
