"""Issue 15: hostile sizes must cost near-linear time. Glossary matching and nested tags.

Glossary: find every spelling of an N-term glossary in 40 cues, for N = 1,000 and 10,000, with
the index (``glossary.match.find_forms``) and, as the peer, the single alternation of every
spelling that #15 replaced (``_compile``), run side by side. Goal: 10x the terms costs at most
10x the time (near-linear); the alternation is printed for 1,000 terms only (it grows
quadratically: 10,000 took minutes). Tags: one cue of 10,000 nested ``<i>`` written as TTML.

Usage: ``.venv/bin/python benchmarks/hostile.py [--runs 3]``.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.timing import median_s  # noqa: E402

from glossary.match import _compile, find_forms  # noqa: E402
from subtitles.formats import get_format  # noqa: E402
from subtitles.model import Cue, Track  # noqa: E402


def glossary(n: int) -> tuple[list[str], list[str]]:
    rnd = random.Random(15)
    syllables = ["ka", "ri", "mo", "ta", "zen", "lu", "bar", "vi", "dor", "shel", "am", "ne"]
    forms = sorted({"".join(rnd.choice(syllables) for _ in range(rnd.randint(2, 5))).title()
                    for _ in range(n * 2)})[:n]
    texts = [" ".join(rnd.choice(["we", "went", "to", "the", rnd.choice(forms)])
                      for _ in range(12)) for _ in range(40)]
    return forms, texts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    figures = {}
    for n in (1_000, 10_000):
        forms, texts = glossary(n)
        figures[f"index, {n:,} terms"] = median_s(
            lambda: [find_forms(t, forms) for t in texts], args.runs)
    forms, texts = glossary(1_000)
    pattern = _compile(tuple(forms))
    assert pattern is not None
    figures["one alternation, 1,000 terms"] = median_s(
        lambda: [list(pattern.finditer(t)) for t in texts], args.runs)
    nested = Track((Cue(1000, 2000, "<i>" * 10_000 + "hello" + "</i>" * 10_000),))
    figures["TTML, 10,000 nested <i>"] = median_s(lambda: get_format("ttml").write(nested),
                                                  args.runs)
    print(f"median of {args.runs} runs each")
    for name, seconds in figures.items():
        print(f"  {name:<30} {seconds:8.3f} s")
    ratio = figures["index, 10,000 terms"] / figures["index, 1,000 terms"]
    print(f"10x the terms: {ratio:.1f}x the time ({'within' if ratio <= 10 else 'OVER'} the "
          "10x goal)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
