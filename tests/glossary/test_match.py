"""glossary/match.py: whole-word spellings with any case, apostrophe, break or prefix."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from glossary.match import find_forms, is_upper_style, match_case
from glossary.model import Glossary, Term
from glossary.protect import protect


def surfaces(text: str, *forms: str) -> list[tuple[str, str]]:
    return [(f.prefix, f.surface) for f in find_forms(text, forms)]


def test_apostrophes_spaces_breaks_hyphens() -> None:
    text = "Re'im, Re’im, Re im, Reim, RE'IM and re-im"
    assert [s for _, s in surfaces(text, "Re'im")] == [
        "Re'im", "Re’im", "Re im", "Reim", "RE'IM"]
    assert surfaces("United\nHatzalah and United-Hatzalah", "United Hatzalah") == [
        ("", "United\nHatzalah"), ("", "United-Hatzalah")]


def test_longest_form_wins() -> None:
    found = find_forms("to Kibbutz Re'im and Re'im", ["Re'im", "Kibbutz Re'im"])
    assert [(f.surface, f.index) for f in found] == [("Kibbutz Re'im", 1), ("Re'im", 0)]


def test_hebrew_prefixes_and_gershayim() -> None:
    assert surfaces("בשדרות, ולשדרות ושדרותיה", "שדרות") == [("ב", "שדרות"), ("ול", "שדרות")]
    assert surfaces('אנשי זק"א וזק״א', "זק״א") == [("", 'זק"א'), ("ו", "זק״א")]


def test_arabic_prefixes() -> None:
    assert surfaces("في سديروت وبسديروت والسديروت", "سديروت") == [
        ("", "سديروت"), ("وب", "سديروت"), ("وال", "سديروت")]


def test_case_style() -> None:
    assert match_case("KIBBUTZ RAYIM", "Kibbutz Re'im") == "KIBBUTZ RE'IM"
    assert match_case("Zaka", "ZAKA") == "ZAKA" and match_case("sderot", "Sderot") == "Sderot"
    assert match_case("A", "Be'eri") == "Be'eri"  # one capital is not a style
    assert is_upper_style("ROUTE 232") and not is_upper_style("R 232")


def test_rendering_opening_a_sentence_is_capitalized() -> None:
    g = Glossary((Term("Kibbutz Re'im", renderings={"es": "kibutz Re'im"}),))
    p = protect("Kibbutz Re'im burned. We saw Kibbutz Re'im.", g, "es")
    assert p.restore("XNE0X ardió. Vimos XNE1X.") == "Kibutz Re'im ardió. Vimos kibutz Re'im."
    assert p.restore("¿XNE0X ardió? «XNE1X».") == "¿Kibutz Re'im ardió? «Kibutz Re'im»."


punctuation = st.text(alphabet=".,;:!?()[]{}\"'«»“”‘’—–-/… \n\t¿¡", max_size=3)


@given(punctuation, punctuation, st.sampled_from(["Route 232", "Be'eri", "Kfar Aza", "ZAKA"]),
       st.sampled_from([str.upper, str.lower, str.title, str.swapcase]))
def test_found_whatever_punctuation_or_case_surrounds_it(before: str, after: str, form: str,
                                                         case: object) -> None:
    text = f"word{before or ' '}{case(form)}{after or ' '}word"  # type: ignore[operator]
    assert [f.index for f in find_forms(text, [form])] == [0]


@given(st.sampled_from(["Zaka", "Sderot", "Nova"]),
       st.text(alphabet="abcdefghijklmnopqrstuvwxyzאבג0123456789_", min_size=1, max_size=4),
       st.booleans())
def test_never_inside_a_longer_word(form: str, extra: str, at_end: bool) -> None:
    word = form + extra if at_end else extra + form
    assert find_forms(f"the {word} here", [form]) == []
