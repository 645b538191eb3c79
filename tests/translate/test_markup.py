"""Markup taken off the MT text and put back: only real tags are markup."""
from __future__ import annotations

from translate.markup import Span, Wrap, put_back, read_markup


def test_literal_angle_brackets_are_text() -> None:
    marked = read_markup("3 < 4 and 5 > 2 & <b>bold</b> text ok.")
    assert marked.plain == "3 < 4 and 5 > 2 & bold text ok."
    assert marked.spans == (Span(18, 22, Wrap("<b>", "</b>")),)
    assert read_markup("a <b and c> d <I>e</I>").plain == "a <b and c> d e"


def test_whole_cue_tags_frame_it_and_lone_tags_inside_are_dropped() -> None:
    framed = read_markup("{\\an8}<i>- Where?\n- Here.</i>")
    assert framed.frame == Wrap("{\\an8}<i>", "</i>") and framed.spans == ()
    assert read_markup("<i>Open to the end").frame == Wrap("<i>", "")
    lone = read_markup("Hello {\\fs20}world</i>.")
    assert lone.plain == "Hello world." and lone.dropped == ("{\\fs20}", "</i>")
    ass = read_markup("We {\\i1}never{\\i0} forgot.")
    assert ass.spans == (Span(3, 8, Wrap("{\\i1}", "{\\i0}")),)


def test_put_back_finds_the_words_or_widens_with_a_note() -> None:
    spans = [Span(7, 11, Wrap("<b>", "</b>"))]
    pieces = [((0, 25), "Corrió rápido a la casa.")]
    found = put_back("He ran fast to the house.", pieces, spans, lambda w: ["Rápido", w])
    assert found == ("Corrió <b>rápido</b> a la casa.", [])
    lost = put_back("He ran fast to the house.", pieces, spans, lambda w: ["veloz", w])
    assert lost == ("<b>Corrió rápido a la casa.</b>",
                    ['<b> around "fast" could not be put on the same words in the translation; '
                     "it now covers the sentence's whole text in this cue"])


def test_tags_over_whole_sentence_parts_wrap_their_translation() -> None:
    spans = [Span(13, 30, Wrap("<i>", "</i>"))]
    text = "We heard the sirens very well. Yes."
    pieces = [((0, 30), "Oímos las sirenas muy bien."), ((31, 35), "Sí.")]
    assert put_back(text, pieces, spans, lambda w: ["sirenas muy bien"])[0] == \
        "Oímos las <i>sirenas muy bien.</i> Sí."
    whole = [Span(31, 35, Wrap("<b>", "</b>"))]
    assert put_back(text, pieces, whole, lambda w: [])[0] == \
        "Oímos las sirenas muy bien. <b>Sí.</b>"
