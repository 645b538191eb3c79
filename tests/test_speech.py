"""The benchmark's name count (tests/speech.py), checked on texts we write (issue 14b)."""
from __future__ import annotations

import csv
from pathlib import Path

from tests import speech

ROOT = Path(__file__).resolve().parents[1]


def test_14b_a_name_inside_a_longer_name_counts_each_saying() -> None:
    reference = "They ran from Kibbutz Re'im to Re'im and back."
    names = ("Kibbutz Re'im", "Re'im")
    assert speech.names_right(reference, reference, names) == (2, 2, [])
    # "Re'im" alone misheard: the longer name still holds one, which is not enough
    assert speech.names_right(reference, "They ran from Kibbutz Re'im to Ram and back.",
                              names) == (1, 2, [])


def test_14b_a_name_never_said_is_counted_as_inserted() -> None:
    assert speech.names_right("We watched a supernova.", "We watched a Nova.",
                              ("Nova", "ZAKA")) == (0, 0, ["Nova"])


def test_14b_the_benchmark_says_13_glossary_names() -> None:
    """Issue 14 counts 13 names on testimony: every one is a term of the example glossary and
    is said in the benchmark's passages."""
    lines = (ROOT / "examples" / "names.csv").read_text("utf-8").splitlines()
    terms = {row["term"] for row in csv.DictReader(l for l in lines if not l.startswith("#"))}
    text = " ".join(speech.TESTIMONY + speech.MORE_TESTIMONY)
    assert len(set(speech.BENCHMARK_NAMES)) == 13
    assert set(speech.BENCHMARK_NAMES) <= terms
    example = (ROOT / "examples" / "testimony.txt").read_text("utf-8")
    assert [n for n in speech.BENCHMARK_NAMES if n not in text + example] == []
