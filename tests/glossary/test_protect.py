"""glossary/protect.py: names locked through machine translation, never a token leaked."""
from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from glossary.model import Glossary, Term
from glossary.protect import TokenLost, protect

ZAKA = Term("ZAKA", ("Zaka",), "organization", keep=True, renderings={"he": "זק״א"})
ROUTE = Term("Route 232", (), "place", renderings={"es": "Ruta 232", "he": "כביש 232"})
REIM = Term("Re'im", ("Rayim", "Re im"), "place", keep=True, renderings={"he": "רעים"})
HATZALAH = Term("United Hatzalah", ("United Hatsala",), "organization", keep=True)
NOVA = Term("Nova festival")  # keep=no and no column: left to the engine
G = Glossary((ZAKA, ROUTE, REIM, HATZALAH, NOVA), ("es", "he"))
TOKEN = re.compile(r"x\s*[a-z]\s*[a-z]\s*\d+\s*x", re.IGNORECASE)


def test_masks_terms_with_a_rendering_and_restores_them() -> None:
    p = protect("ZAKA and United Hatzalah drove Route 232 to the Nova festival.", G, "es")
    assert p.masked == "XNE0X and XNE1X drove XNE2X to the Nova festival."
    assert [s.term.term for s in p.slots] == ["ZAKA", "United Hatzalah", "Route 232"]
    assert p.restore("XNE0X y XNE1X fueron por la XNE2X al festival Nova.") == (
        "ZAKA y United Hatzalah fueron por la Ruta 232 al festival Nova.")


def test_variants_become_the_rendering() -> None:
    p = protect("Zaka's people reached Rayim.", G, "he")
    assert p.masked == "XNE0X's people reached XNE1X."
    assert p.restore("אנשי XNE0X הגיעו ל-XNE1X.") == "אנשי זק״א הגיעו ל-רעים."


def test_engine_case_and_spacing_tolerated_punctuation_put_back() -> None:
    p = protect("(ZAKA), then Route 232: fast.", G, "es")
    assert p.masked == "(XNE0X), then XNE1X: fast."
    assert p.restore("( xne0x ) , luego Xne 1 X : rápido.") == "(ZAKA) , luego Ruta 232: rápido."


def test_all_caps_source_gives_all_caps_rendering() -> None:
    p = protect("ROUTE 232 WAS CLOSED", G, "es")
    assert p.restore(p.masked.replace("WAS CLOSED", "ESTABA CERRADA")) == (
        "RUTA 232 ESTABA CERRADA")


@pytest.mark.parametrize("translated", [
    "XNE0X y compañía.",                 # XNE1X dropped
    "XNE0X, XNE0X y XNE1X.",             # XNE0X doubled
    "XNE0X y XNE1X y XNE7X.",            # invented
])
def test_lost_duplicated_or_invented_token_raises(translated: str) -> None:
    p = protect("ZAKA and United Hatzalah.", G, "es")
    with pytest.raises(TokenLost) as info:
        p.restore(translated)
    assert info.value.translated == translated
    assert "lost or repeated the placeholder" in str(info.value)


def test_lost_token_names_the_term() -> None:
    p = protect("ZAKA and United Hatzalah.", G, "es")
    with pytest.raises(TokenLost) as info:
        p.restore("XNE0X y compañía.")
    assert info.value.terms == ("United Hatzalah",)


def test_text_that_already_holds_a_token_gets_another_stem() -> None:
    p = protect("XNE0X is not ZAKA", G, "es")
    assert p.stem != "XNE" and p.masked == f"XNE0X is not {p.stem}0X"
    assert p.restore(p.masked) == "XNE0X is not ZAKA"


def test_no_terms_no_change() -> None:
    p = protect("Nothing here, Zakarov.", G, "es")
    assert p.masked == "Nothing here, Zakarov." and p.slots == ()
    assert p.restore("Nada aquí, Zakarov.") == "Nada aquí, Zakarov."


def test_hebrew_term_with_prefix_keeps_prefix_outside() -> None:
    sderot = Term("שדרות", keep=True, renderings={"en": "Sderot"})
    p = protect("נסענו בשדרות ולשדרות", Glossary((sderot,), ("en",)), "en")
    assert p.masked == "נסענו בXNE0X ולXNE1X"
    assert p.restore("we drove in XNE0X and to XNE1X") == "we drove in Sderot and to Sderot"


# --- properties -----------------------------------------------------------------------------

CANON = [t.term for t in (ZAKA, ROUTE, REIM, HATZALAH)]
texts = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)


@given(st.lists(st.tuples(texts, st.sampled_from(CANON)), max_size=5), texts)
def test_identity_translation_round_trips_any_text(pieces: list[tuple[str, str]],
                                                   tail: str) -> None:
    """Terms written canonically, between arbitrary text: an identity engine changes nothing."""
    text = "".join(f"{junk} {term} " for junk, term in pieces) + tail
    for target in ("es", "he", "pt-BR"):
        p = protect(text, G, target)
        # A piece of random text could itself spell a variant; then the change is intended.
        assume(all(s.surface == s.term.term for s in p.slots))
        expected = text
        for slot in p.slots:
            if slot.rendering != slot.term.term:
                expected = expected.replace(slot.surface, slot.rendering)
        assert p.restore(p.masked) == expected


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40))
def test_never_leaks_a_token(text: str) -> None:
    p = protect(text + " ZAKA", G, "es")
    out = p.restore(p.masked)
    assert not re.search(rf"{p.stem}\d+X", out)
    assert out == text + " ZAKA"


punct = st.sampled_from(list(".,;:!?()[]{}\"'«»“”‘’—–-/…¡¿") + ["", " ", "\n"])
cases = st.sampled_from([str, str.upper, str.lower, str.title])


@given(punct, punct, cases, st.sampled_from([ZAKA, ROUTE, REIM, HATZALAH]))
def test_term_found_whatever_punctuation_or_case_surrounds_it(
        before: str, after: str, case: object, term: Term) -> None:
    surface = case(term.term)  # type: ignore[operator]
    text = ("x" + before if before else "x ") + surface + (after + "y" if after else " y")
    p = protect(text, G, "es")
    assert len(p.slots) == 1 and p.slots[0].term is term


@given(st.sampled_from(["Zakarov", "ZAKAT", "aZAKA", "Reims", "Re'imer", "Route 2320",
                        "XRoute 232", "United Hatzalahs", "Sderotim"]))
def test_ordinary_words_holding_a_term_are_never_masked(word: str) -> None:
    p = protect(f"The word {word} stays.", G, "es")
    assert p.masked == f"The word {word} stays."


@given(st.lists(st.tuples(texts, st.integers(0, 3), st.sampled_from(["", " ", "  "]),
                          st.sampled_from([str, str.lower])), max_size=6), texts)
def test_whatever_the_engine_returns_no_token_reaches_the_subtitle(
        pieces: list[tuple[str, int, str, object]], tail: str) -> None:
    """Engine output with tokens dropped, doubled, re-cased or re-spaced: restored or refused."""
    p = protect("ZAKA met United Hatzalah on Route 232.", G, "es")
    out = "".join(junk + case(f"XNE{sp}{n}X")  # type: ignore[operator]
                  for junk, n, sp, case in pieces) + tail
    junk_only = "".join(junk for junk, _, _, _ in pieces) + tail
    assume(not re.search(r"x\s*n\s*e", junk_only, re.IGNORECASE))
    try:
        restored = p.restore(out)
    except TokenLost:
        assert sorted(n for _, n, _, _ in pieces) != [0, 1, 2]
        return
    assert not re.search(r"xne\s*\d", restored, re.IGNORECASE)
    assert sorted(n for _, n, _, _ in pieces) == [0, 1, 2]
