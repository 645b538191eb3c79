"""glossary/load.py: the producer's spreadsheet, accepted or refused with PATH:LINE errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from glossary.load import form_key, load_glossary, parse_glossary
from subtitles.errors import GlossaryError

DATA = Path(__file__).parent.parent / "data" / "glossary"


def errors(path: Path) -> list[str]:
    with pytest.raises(GlossaryError) as info:
        load_glossary(path)
    return [str(p) for p in info.value.problems]


def test_reads_terms_variants_renderings_and_lines() -> None:
    g = load_glossary(DATA / "names.csv")
    assert g.languages == ("he", "es", "pt-BR")
    route = g.get("route 232")
    assert route is not None
    assert route.renderings == {"he": "כביש 232", "es": "Ruta 232", "pt-BR": "Rodovia 232"}
    assert route.keep is False and route.type == "place" and route.line == 7
    reim = g.get("Re'im")
    assert reim is not None and reim.variants == ("Rayim", "Reim", "Re im") and reim.keep
    assert g.path == str(DATA / "names.csv")


def test_tsv_by_extension_with_bom() -> None:
    g = load_glossary(DATA / "bom.tsv")
    assert [(t.term, t.variants, t.renderings) for t in g] == [
        ("Route 232", ("Route 2 32",), {"es": "Ruta 232"})]


def test_semicolon_csv_from_european_spreadsheets() -> None:
    g = load_glossary(DATA / "semicolon.csv")
    assert g.terms[0].variants == ("Zaka",)


def test_missing_term_column() -> None:
    path = DATA / "no_term.csv"
    assert errors(path)[0] == (
        f"{path}:1: error: missing 'term' column (the header must name a column 'term')")


def test_duplicate_term_case_insensitive() -> None:
    path = DATA / "duplicate_term.csv"
    assert errors(path) == [f'{path}:4: error: duplicate term "Zaka" (first on line 2)']


def test_variant_claimed_by_two_terms() -> None:
    path = DATA / "variant_twice.csv"
    assert errors(path) == [
        f'{path}:3: error: variant "Zaka" of "Sderot" is also claimed by "ZAKA" (line 2)']


def test_unknown_language_column() -> None:
    path = DATA / "unknown_language.csv"
    assert errors(path) == [
        f"{path}:1: error: unknown language tag 'xx-nope' in column 3 (columns are term, "
        "variants, type, keep, note, or BCP-47 tags such as es, he, pt-BR)"]


def test_wrong_encoding_is_refused_not_guessed() -> None:
    path = DATA / "cp1255.csv"
    assert errors(path) == [
        f"{path}:2: error: not UTF-8 (byte 0xf9) (save the glossary as CSV UTF-8)"]


def test_missing_file(tmp_path: Path) -> None:
    assert errors(tmp_path / "nope.csv") == [f"{tmp_path / 'nope.csv'}: error: no such file"]


def test_comments_blank_rows_and_multiline_cells_keep_line_numbers() -> None:
    text = ('# comment\nterm,note,keep\n\n# another\nZAKA,"two\nlines",YES\n'
            "Sderot,,\n")
    g = parse_glossary(text, "g.csv")
    assert [(t.term, t.line, t.keep) for t in g] == [("ZAKA", 5, True), ("Sderot", 7, False)]
    assert g.terms[0].note == "two\nlines"


def test_all_problems_reported_at_once() -> None:
    text = "term,keep,variants\nZAKA,maybe,\n,yes,\nA,no,B\nC,no,B\n"
    with pytest.raises(GlossaryError) as info:
        parse_glossary(text, "g.csv")
    assert [str(p) for p in info.value.problems] == [
        "g.csv:2: error: keep must be yes or no, not 'maybe'",
        "g.csv:3: error: empty term",
        'g.csv:5: error: variant "B" of "C" is also claimed by "A" (line 4)',
    ]


def test_too_many_cells_and_empty_header_cell() -> None:
    with pytest.raises(GlossaryError) as info:
        parse_glossary("term,,es\nA,b,c\n", "g.csv")
    assert [str(p) for p in info.value.problems] == [
        "g.csv:1: error: column 2 has no name (name it, or delete the column)"]
    with pytest.raises(GlossaryError) as info:
        parse_glossary("term,es\nRoute 232,Ruta 232,x\n", "g.csv")
    assert str(info.value) == ("g.csv:2: error: 3 cells but the header names 2 columns "
                               "(quote cells that contain the separator)")


def test_empty_file() -> None:
    with pytest.raises(GlossaryError) as info:
        parse_glossary("# only a comment\n", "g.csv")
    assert str(info.value).startswith("g.csv:1: error: no header row")


def test_language_columns_normalized() -> None:
    g = parse_glossary("Term,PT-br,He\nZAKA,,זק״א\n")
    assert g.languages == ("pt-BR", "he")


def test_form_key_ignores_case_space_apostrophe() -> None:
    assert form_key("Re'im") == form_key("re im") == form_key("RE’IM") == "reim"


def test_shipped_starter_glossary_loads_with_hebrew_for_every_name() -> None:
    g = load_glossary(Path(__file__).parents[2] / "examples" / "names.csv")
    assert g.languages == ("he", "es", "pt-BR", "ca")
    assert all(t.keep and t.renderings.get("he") for t in g)
    assert {"Kibbutz Re'im", "ZAKA", "United Hatzalah", "Route 232", "Highway 34", "Sderot",
            "Netivot", "Ashkelon", "Kfar Aza", "Be'eri", "Supernova", "Nova"} <= {
        t.term for t in g}
    assert g.rendering(g.get("Route 232"), "es") == "Route 232"  # type: ignore[arg-type]
