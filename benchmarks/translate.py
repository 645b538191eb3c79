"""Translation speed: sentence-aware batches vs one engine call per cue, and a memory re-run.

For each installed engine (Apertium en->es, Bergamot en->pt-BR, Argos en->es on a package built
like the tests build it) this translates a synthetic 1,500-cue film whose sentences run across
cues, and reports sentences/s and cues/s for:

* ``sentences``: ``translate_track`` (our way: whole film batched, no memory),
* ``cue-by-cue``: one ``engine.translate([cue text])`` call per cue, the way
  argos-translate-files works; timed on the first ``--cue-sample`` cues (Apertium starts a
  process per call, about 5 cues/s, so the whole film would take minutes of shared CPU),
* ``one call each``: the same sentences, one call per sentence (timed on a sample), which
  separates the gain of batching from that of translating fewer, longer units,
* ``re-run``: the film again through the translation memory with one cue changed.

``--alignment`` reports instead where the words land (issue 13): on the bilingual test film
``tests/data/translate/anchors.en.srt`` (41 cues, 19 sentences across 2-3 cues, every cue end on
a name or number), the share of names and numbers found in their own cue, for subs, for the old
character-share cut and for cue-by-cue translation, in es, ca, pt-BR, gl and eo.

Usage: ``.venv/bin/python benchmarks/translate.py [--cues 1500] [--cue-sample 150]
[--repeat 3] [--threads N] [--alignment]``. Timings are medians of ``--repeat`` runs. Both ways run with the
same ``$SUBS_THREADS`` (``--threads``, default 1, so the comparison is per core; Bergamot
spreads sentences over threads, cue-by-cue tools call the engine one cue at a time).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.timing import median_s  # noqa: E402

from subtitles.model import Cue, Track  # noqa: E402
from translate import get_engine, translate_track  # noqa: E402
from translate.memory import open_memory  # noqa: E402

SUBJECTS = ["my mother", "the soldiers", "our neighbours", "my brother", "the volunteers",
            "the old teacher", "two girls from the village", "the doctor"]
VERBS = ["walked to", "waited near", "ran towards", "came back from", "never spoke about",
         "remembered", "searched the road to", "slept beside"]
PLACES = ["the station", "the river", "the school", "the forest", "the camp", "the bridge",
          "the market", "the hospital"]


def film(cues: int) -> Track:
    """Sentences of 6-14 words laid over cues of at most ~40 characters: most span cues."""
    words: list[str] = []
    i = 0
    while len(words) < cues * 10:
        s, v, p = SUBJECTS[i % 8], VERBS[(i // 8) % 8], PLACES[(i // 64) % 8]
        tail = f"on day {i}" if i % 3 else f"in the winter of {1900 + i % 100}, and nobody knew"
        words += f"{s.capitalize()} {v} {p} {tail}.".split()
        i += 1
    out: list[Cue] = []
    line: list[str] = []
    start = 0
    for word in words:
        if sum(len(w) + 1 for w in line) + len(word) > 40:
            out.append(Cue(start, start + 2400, " ".join(line), line=len(out) * 4 + 1))
            start += 2500
            line = []
            if len(out) == cues:
                break
        line.append(word)
    return Track(tuple(out), "en")



def bench(name: str, engine_name: str, target: str, track: Track, sample: int,
          repeat: int) -> None:
    engine = get_engine(engine_name, "en", target)
    engine.translate(["Warm up."], "en", target)  # model load is not what we compare
    first = translate_track(track, engine, source="en", target=target)
    ours = median_s(lambda: translate_track(track, engine, source="en", target=target), repeat)
    sentences = first.stats.sentences

    def cue_by_cue_sample() -> None:
        for cue in track.cues[:sample]:
            engine.translate([cue.text], "en", target)

    per_cue = median_s(cue_by_cue_sample, repeat) / sample
    cue_by_cue = per_cue * len(track)
    from translate.sentences import segment  # same sentences, one engine call each

    texts = [s.text for s in segment(track).sentences][:sample]
    one_each = median_s(lambda: [engine.translate([t], "en", target) for t in texts],
                        repeat) / len(texts) * sentences
    with tempfile.TemporaryDirectory() as tmp, open_memory(Path(tmp) / "tm.sqlite") as memory:
        translate_track(track, engine, source="en", target=target, memory=memory)
        middle = len(track) // 2
        changed = track.with_cues(c.replace(text="Nobody believed us.") if i == middle else c
                                  for i, c in enumerate(track.cues))
        t0 = time.perf_counter()
        again = translate_track(changed, engine, source="en", target=target, memory=memory)
        rerun = time.perf_counter() - t0
    print(f"{name:9s} median of {repeat}, {os.environ['SUBS_THREADS']} thread(s), "
          f"{len(track)} cues, {sentences} sentences: "
          f"sentences {ours:7.2f} s ({sentences / ours:6.1f} sent/s, {len(track) / ours:6.1f} "
          f"cues/s) | cue-by-cue {per_cue * 1000:6.1f} ms/cue -> {cue_by_cue:7.1f} s for the "
          f"film ({len(track) / cue_by_cue:6.1f} cues/s, {sample} timed) | speed-up "
          f"{cue_by_cue / ours:5.1f}x | same sentences one call each: {one_each:7.1f} s "
          f"(batching {one_each / ours:4.1f}x) | re-run, 1 cue changed: {rerun:5.2f} s "
          f"({again.stats.translated} sentences sent, {100 * rerun / ours:4.1f}% of first run)",
          flush=True)


ALIGN_PAIRS = (("apertium", "es"), ("apertium", "ca"), ("bergamot", "pt-BR"),
               ("apertium", "gl"), ("apertium", "eo"))


def cue_by_cue(track: Track, engine: object, target: str, glossary: object) -> Track:
    """Each cue translated alone (argos-translate-files' way), names locked as ours are."""
    from translate.pipeline import _lock, _restored, _run_engine
    from subtitles.markup import visible_text

    texts = [" ".join(visible_text(c.text).split()) for c in track.cues]
    locks = _lock(texts, glossary, target)  # type: ignore[arg-type]
    masked = [getattr(lock, "masked", text) for lock, text in zip(locks, texts)]
    found, _ = _run_engine(engine, masked, "en", target, None, None)  # type: ignore[arg-type]
    out = [_restored(lock, found.get(key, "")) or found.get(key, "")
           for lock, key in zip(locks, masked)]
    return track.with_cues(c.replace(text=t) for c, t in zip(track.cues, out))


def alignment() -> None:
    """Issue 13: names and numbers of each cue found in the same cue of the translation, on the
    bilingual test film (tests/data/translate/anchors.en.srt): subs now, the old
    character-share cut (same run, same engine), and cue by cue."""
    from glossary.load import load_glossary
    from subtitles.io import load_track
    from tests.translate.alignment import placement
    import translate.pipeline as pipeline
    from translate.anchors import Cuts
    from translate.redistribute import split_by_shares

    data = Path(__file__).resolve().parents[1] / "tests" / "data" / "translate"
    source = load_track(data / "anchors.en.srt").track
    glossary = load_glossary(data / "anchors.csv")
    ours_cut = pipeline.cut_sentence

    def shares_only(text: str, sources: list[str], *_: object) -> Cuts:
        return Cuts(tuple(split_by_shares(text, [max(1, len(s)) for s in sources])))

    print(f"alignment on {data / 'anchors.en.srt'} ({len(source)} cues, every cue end on a "
          "name or number): anchors in their own cue")
    for engine_name, target in ALIGN_PAIRS:
        try:
            engine = get_engine(engine_name, "en", target)
        except Exception as err:  # a pair not installed here: say so, go on
            print(f"  {target:6s} skipped: {err}")
            continue
        ours = translate_track(source, engine, source="en", target=target, glossary=glossary)
        pipeline.cut_sentence = shares_only  # type: ignore[assignment]
        try:
            old = translate_track(source, engine, source="en", target=target, glossary=glossary)
        finally:
            pipeline.cut_sentence = ours_cut
        alone = cue_by_cue(source, engine, target, glossary)
        figures = []
        for label, track in (("subs", ours.track), ("shares (old)", old.track),
                             ("cue-by-cue", alone)):
            p = placement(source, track, glossary, target)
            figures.append(f"{label} {p.kept}/{p.total} ({p.percent:.1f}%)")
        marks = sum(1 for p in ours.problems if p.code == "review"
                    and "uncertain" in p.message)
        print(f"  {target:6s} {engine_name:8s} " + " | ".join(figures)
              + f" | subs marked {marks} cue(s) for review as uncertain cuts", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cues", type=int, default=1500)
    parser.add_argument("--cue-sample", type=int, default=150)
    parser.add_argument("--argos-layers", type=int, default=3,
                        help="layers of the built Argos model (real Argos models: 6 x 512)")
    parser.add_argument("--argos-depth", type=int, default=256)
    parser.add_argument("--argos-vocab", type=int, default=32000,
                        help="pad the Argos vocabulary to this size, as real models have "
                             "(0: the trained size)")
    parser.add_argument("--engines", default="apertium,bergamot,argos")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1,
                        help="$SUBS_THREADS for both ways (default 1: per-core figures)")
    parser.add_argument("--alignment", action="store_true",
                        help="only the alignment figures (issue 13), no timings")
    args = parser.parse_args()
    os.environ["SUBS_THREADS"] = str(args.threads)
    if args.alignment:
        alignment()
        return 0
    track = film(args.cues)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SUBS_ARGOS_DIR"] = str(Path(tmp) / "packages")
        from tests.translate.argos_package import build_package
        from translate.argos_packages import install_file

        install_file(build_package(Path(tmp), layers=args.argos_layers, depth=args.argos_depth,
                                   heads=max(2, args.argos_depth // 64),
                                   vocab_size=args.argos_vocab))
        for name, engine, target in (("apertium", "apertium", "es"),
                                     ("bergamot", "bergamot", "pt-BR"),
                                     ("argos", "argos", "es")):
            if name not in args.engines.split(","):
                continue
            bench(name, engine, target, track, min(args.cue_sample, len(track)), args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
