"""Issue 13: cuts pinned by anchors and by each cue's part translated alone."""
from __future__ import annotations

import pytest

from glossary.load import load_glossary
from subtitles.io import load_track
from translate import get_engine, translate_track
from translate.anchors import Anchor, choose_cuts
from tests.translate.alignment import placement
from tests.translate.conftest import DATA


def test_13_anchor_pins_a_name_to_its_cue() -> None:
    text = "Condujimos a lo largo de Ruta 34 hacia la estación de la Cruz Roja."
    cuts = choose_cuts(text, ["We drove along Route", "34 towards the Red Cross station."],
                       anchors=[Anchor("Ruta 34", 1), Anchor("Cruz Roja", 1)])
    assert cuts is not None
    assert cuts.pieces == ("Condujimos a lo largo de", "Ruta 34 hacia la estación de la Cruz Roja.")


def test_13_a_rendering_is_never_cut_across_cues() -> None:
    text = "uno dos tres cuatro Cruz Roja cinco"
    for shares in (["a" * 20, "b"], ["a", "b" * 20]):
        cuts = choose_cuts(text, shares, anchors=[Anchor("Cruz Roja", 0)])
        assert cuts is not None
        assert all("Cruz" not in p or "Roja" in p for p in cuts.pieces)


def test_13_part_translations_choose_the_cut() -> None:
    text = "Mi madre nos llevó a la estación donde esperaban los trenes."
    sources = ["My mother took us", "to the station where the trains were waiting."]
    parts = ["Mi madre nos llevó", "a la estación donde los trenes esperaban."]
    cuts = choose_cuts(text, sources, parts)
    assert cuts is not None and cuts.uncertain == ()
    assert cuts.pieces == ("Mi madre nos llevó", "a la estación donde esperaban los trenes.")


def test_13_a_number_keeps_its_noun_unless_evidence_says_otherwise() -> None:
    text = "Había vivido allí dos años con él."
    cuts = choose_cuts(text, ["She had lived there two", "years with him."])
    assert cuts is not None and any("dos años" in piece for piece in cuts.pieces)
    cuts = choose_cuts(text, ["She had lived there two", "years with him."],
                       ["Había vivido allí dos", "años con él."])
    assert cuts is not None and cuts.pieces == ("Había vivido allí dos", "años con él.")


def test_13_no_evidence_is_marked_uncertain_not_guessed() -> None:
    cuts = choose_cuts("alpha bravo charlie delta echo foxtrot", ["one two three", "four five six"])
    assert cuts is not None and cuts.uncertain == (0,)


@pytest.mark.e2e
@pytest.mark.parametrize("engine, target", [("apertium", "es"), ("apertium", "ca"),
                                            ("bergamot", "pt-BR")])
def test_13_names_and_numbers_stay_in_their_cue(engine: str, target: str) -> None:
    """The bilingual test film: every cue end falls on a name or number (the old character
    shares moved 1-3 of 27 anchors per language to the next cue)."""
    source = load_track(DATA / "anchors.en.srt").track
    glossary = load_glossary(DATA / "anchors.csv")
    result = translate_track(source, get_engine(engine, "en", target), source="en",
                             target=target, glossary=glossary)
    assert [(c.start_ms, c.end_ms) for c in result.track] == \
        [(c.start_ms, c.end_ms) for c in source]
    found = placement(source, result.track, glossary, target)
    assert found.total >= 20 and found.moved == []
