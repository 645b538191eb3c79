"""Formats speed: read + readability check + WebVTT write of a 100,000-cue SRT, against peers.

The issue's bar: our whole path (decode, scan, check against the documentary profile, render
and atomically write WebVTT) within 3x the time bare pysrt takes only to parse the same file.
pysubs2's and the ``srt`` package's parse times are printed beside it. Each figure is the median
of ``--runs`` runs (the machine is shared, so medians, not minima, are the honest figure).

Usage: ``.venv/bin/python benchmarks/formats.py [--cues 100000] [--runs 5]``.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.timing import median_s  # noqa: E402

from subtitles.formats import get_format  # noqa: E402
from subtitles.model import Cue, Track  # noqa: E402

LINES = ["I was born in Łódź in 1931, the second of four.", "My father had a <i>bakery</i>",
         "on Piotrkowska Street.", "נולדתי בלודז' בשנת 1931.", "- Were you the eldest?",
         "- No, the second.", "We came by train to Haifa."]


def make_srt(cues: int) -> str:
    """A film's worth of SRT: one- and two-line cues of 1.2-4 s, Hebrew and tags mixed in."""
    out = []
    for i in range(cues):
        start = i * 3000
        text = LINES[i % 7] if i % 3 else f"{LINES[i % 7]}\n{LINES[(i + 3) % 7]}"
        out.append(Cue(start, start + 1200 + (i * 37) % 2800, text))
    return get_format("srt").write(Track(tuple(out)))



def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cues", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import pysrt
    import pysubs2
    import srt

    from subtitles.io import load_track, save_track
    from subtitles.profiles import get_profile
    from subtitles.readability import check_track

    profile = get_profile("documentary")
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "film.en.srt", Path(tmp) / "film.en.vtt"
        src.write_text(make_srt(args.cues), encoding="utf-8")
        found: list[int] = []

        def ours() -> None:
            track = load_track(src).track
            found.append(len(check_track(track, profile)))
            save_track(track, dst, fmt="vtt")

        figures = {
            "ours: read+check+vtt": median_s(ours, args.runs),
            "ours: read only": median_s(lambda: load_track(src), args.runs),
            "pysrt: parse": median_s(lambda: pysrt.open(str(src), encoding="utf-8"), args.runs),
            "pysubs2: parse": median_s(lambda: pysubs2.load(str(src), encoding="utf-8"),
                                       args.runs),
            "srt: parse": median_s(lambda: list(srt.parse(src.read_text(encoding="utf-8"))),
                                   args.runs),
        }
    print(f"{args.cues:,} cues, median of {args.runs} runs each "
          f"({found[0]:,} readability findings per check)")
    for name, seconds in figures.items():
        print(f"  {name:<22} {seconds:7.3f} s")
    ratio = figures["ours: read+check+vtt"] / figures["pysrt: parse"]
    print(f"ratio ours(read+check+vtt) / pysrt(parse) = {ratio:.2f}x "
          f"({'within' if ratio <= 3 else 'OVER'} the 3x goal)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
