"""glossary/export.py: DeepL/Google TSV per language pair, and the ASR hint list."""
from __future__ import annotations

from pathlib import Path

from glossary.export import hint_list, to_tsv, tsv_name
from glossary.load import load_glossary
from glossary.model import Glossary, Term

G = load_glossary(Path(__file__).parent.parent / "data" / "glossary" / "names.csv")


def test_tsv_has_one_entry_per_fixed_rendering_no_header() -> None:
    assert to_tsv(G, "es") == ("Kibbutz Re'im\tKibbutz Re'im\nRe'im\tRe'im\nZAKA\tZAKA\n"
                               "United Hatzalah\tUnited Hatzalah\nRoute 232\tRuta 232\n"
                               "Sderot\tSderot\n")
    assert "Route 232\tכביש 232\n" in to_tsv(G, "he")


def test_tabs_and_line_breaks_never_break_an_entry() -> None:
    g = Glossary((Term("A\tB", keep=True, renderings={"es": "C\nD "}), Term("Nova festival")))
    assert to_tsv(g, "es") == "A B\tC D\n"
    assert to_tsv(g, "fr") == "A B\tA B\n"  # kept: the name maps to itself


def test_file_name_and_hint_list() -> None:
    assert tsv_name("en", "pt-BR") == "glossary.en-pt-BR.tsv"
    assert hint_list(G).splitlines()[:3] == ["Kibbutz Re'im", "Re'im", "ZAKA"]
