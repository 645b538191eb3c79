"""protect/restore through the real Apertium (Debian): names locked, no token leaked."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from glossary.model import Glossary, Term
from glossary.protect import TokenLost, protect

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium missing")]

G = Glossary((
    Term("ZAKA", ("Zaka",), "organization", keep=True),
    Term("United Hatzalah", (), "organization", keep=True),
    Term("Route 232", (), "place", keep=True),
    Term("Kibbutz Re'im", (), "place", keep=True),
    Term("Sderot", (), "place", keep=True),
), ())
SENTENCES = [
    "ZAKA and United Hatzalah drove down Route 232 to Kibbutz Re'im.",
    "In Sderot, the police station (near Route 232) fell; Zaka's volunteers came.",
    "We called United Hatzalah, then ZAKA.",
    "KIBBUTZ RE'IM WAS QUIET. Then Sderot burned.",
]


@pytest.mark.parametrize("mode, target", [("eng-spa", "es"), ("eng-cat", "ca")])
def test_names_survive_apertium(mode: str, target: str) -> None:
    protected = [protect(s, G, target) for s in SENTENCES]
    run = subprocess.run(["apertium", "-u", mode], input="\n".join(p.masked for p in protected),
                         capture_output=True, text=True, timeout=60, check=True)
    outputs = run.stdout.strip().split("\n")
    assert len(outputs) == len(SENTENCES)
    restored = [p.restore(out) for p, out in zip(protected, outputs)]
    for source, text in zip(SENTENCES, restored):
        assert not re.search(r"XNE\s*\d", text, re.IGNORECASE), text
        for term in G.terms:
            if term.term.casefold() in source.casefold():
                assert term.term.casefold() in text.casefold(), (term.term, text)
    assert "Route 232" in restored[0] and "KIBBUTZ RE'IM" in restored[3]


def test_an_engine_that_drops_a_token_is_caught() -> None:
    p = protect("ZAKA and United Hatzalah came.", G, "es")
    run = subprocess.run(["apertium", "-u", "eng-spa"], input=p.masked.replace("XNE1X", ""),
                         capture_output=True, text=True, timeout=60, check=True)
    with pytest.raises(TokenLost) as lost:
        p.restore(run.stdout)
    assert lost.value.terms == ("United Hatzalah",)
    assert lost.value.translated == run.stdout
    assert str(lost.value) == ('the translation engine lost or repeated the placeholder for '
                               '"United Hatzalah"')
