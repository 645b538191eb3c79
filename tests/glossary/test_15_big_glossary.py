"""Issue 15 item 9: a 10,000-term glossary costs near-linear time and finds the same spans."""
from __future__ import annotations

import random
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.match import _MANY, _candidates, _compile, find_forms

PIECES = ["Re", "im", "Zaka", "ka", "Ashkelon", "Kibbutz", "זק", "א", "נתיבות", "al", "Nir",
          "Oz", "Be", "eri"]
SEPARATORS = [" ", "-", "'", "’", "", "\n", "״"]


def reference(text: str, forms: list[str]) -> list[tuple[int, int, int]]:
    """The one-alternation answer (the code before #15), start/end/index of each match."""
    pattern = _compile(tuple(forms))
    if pattern is None:
        return []
    out = []
    for match in pattern.finditer(text):
        name = next(k for k, v in match.groupdict().items() if v is not None and k[0] == "f")
        out.append((match.start(), match.end(), int(name[1:])))
    return out


form = st.lists(st.sampled_from(PIECES), min_size=1, max_size=3).flatmap(
    lambda parts: st.lists(st.sampled_from(SEPARATORS), min_size=len(parts) - 1,
                           max_size=len(parts) - 1).map(
        lambda seps: "".join(p + s for p, s in zip(parts, seps + [""]))))


@settings(deadline=None)
@given(st.lists(form, min_size=_MANY + 1, max_size=_MANY + 20, unique=True),
       st.lists(st.sampled_from(PIECES + SEPARATORS + ["ב", "ל", "Ha", "x", " "]), max_size=30))
def test_15_the_index_finds_what_the_one_alternation_finds(forms: list[str],
                                                           words: list[str]) -> None:
    text = "".join(words)
    got = [(f.start, f.end, f.index) for f in find_forms(text, forms)]
    assert got == reference(text, forms)


def test_15_ten_thousand_terms_on_forty_cues_stay_near_linear() -> None:
    rnd = random.Random(15)
    syllables = ["ka", "ri", "mo", "ta", "zen", "lu", "bar", "vi", "dor", "shel", "am", "ne"]
    forms = sorted({"".join(rnd.choice(syllables) for _ in range(rnd.randint(2, 4))).title()
                    for _ in range(12_000)})[:10_000]
    texts = [" ".join(rnd.choice(["we", "went", "to", "the", rnd.choice(forms)])
                      for _ in range(12)) for _ in range(40)]
    started = time.perf_counter()
    for text in texts:
        assert len(_candidates(text, tuple(forms))) < 200  # a few, not 10,000 alternatives
        find_forms(text, forms)
    # a bound, not a target (benchmarks/ holds targets): the single alternation took minutes
    assert time.perf_counter() - started < 60
