"""glossary/model.py: what a term becomes in each language."""
from __future__ import annotations

from glossary.model import Glossary, Term

ROUTE = Term("Route 232", renderings={"es": "Ruta 232", "pt": "Rodovia 232"})
ZAKA = Term("ZAKA", ("Zaka",), "organization", keep=True, renderings={"he": "זק״א"})
NOVA = Term("Nova festival")
G = Glossary((ROUTE, ZAKA, NOVA), ("es", "pt", "he"))


def test_language_column_wins() -> None:
    assert G.rendering(ROUTE, "es") == "Ruta 232"
    assert G.rendering(ZAKA, "he") == "זק״א"


def test_base_language_column_serves_regions() -> None:
    assert G.rendering(ROUTE, "pt-BR") == "Rodovia 232"
    only_br = Term("X", renderings={"pt-BR": "Y"})
    assert G.rendering(only_br, "pt-PT") is None  # a Brazilian spelling is not Portugal's


def test_keep_means_the_term_itself_else_none() -> None:
    assert G.rendering(ZAKA, "es") == "ZAKA"
    assert G.rendering(NOVA, "es") is None
    assert G.rendering(ROUTE, "fr") is None


def test_lookup_and_renderings_for() -> None:
    assert G.get("zaka") is ZAKA and G.get("nope") is None
    assert G.renderings_for("es") == [(ROUTE, "Ruta 232"), (ZAKA, "ZAKA")]
    assert ZAKA.forms == ("ZAKA", "Zaka")
    assert len(G) == 3 and list(G) == [ROUTE, ZAKA, NOVA]


def test_terms_are_hashable_and_frozen() -> None:
    assert len({ROUTE, ZAKA}) == 2
