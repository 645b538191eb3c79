"""Wall time and peak memory of ``subs pack`` for N minutes of audio x languages.

Usage::

    .venv/bin/python benchmarks/pack.py                      # the example, es,ca,pt-BR
    .venv/bin/python benchmarks/pack.py --minutes 5 --to es,ca,pt-BR,gl,eo
    .venv/bin/python benchmarks/pack.py --fast-film 10 --to es,ca,pt-BR,gl,eo   # issue 13

A fresh pack folder each run, so nothing is reused (no transcript, no translation memory).
``--minutes N`` repeats examples/testimony.flac with sox to N minutes. The figures per stage
give rates per audio minute (transcription) and per audio minute and language (translation,
packing), which are extrapolated linearly to a 2-hour film with 5 languages (the issue's
goal: under 15 minutes on 2 cores). Whisper's time is linear in audio length once the model is
loaded; the model load itself is counted in the rate, which makes the extrapolation pessimistic.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "examples" / "testimony.flac"
if TYPE_CHECKING:
    from subtitles.model import Track
GLOSSARY = ROOT / "examples" / "names.csv"


def audio_of(minutes: float | None, folder: Path) -> Path:
    if not minutes:
        return EXAMPLE
    seconds = float(subprocess.run(["soxi", "-D", str(EXAMPLE)], capture_output=True,
                                   text=True, check=True).stdout)
    repeats = max(int(minutes * 60 / seconds + 0.999) - 1, 0)
    out = folder / "film.flac"
    subprocess.run(["sox", str(EXAMPLE), str(out), "repeat", str(repeats), "trim", "0",
                    str(minutes * 60)], check=True)
    return out


def figures(track: "Track", language: str) -> str:
    """Readability of one platform file as a viewer meets it (issue 13's figures)."""
    from subtitles.profiles import get_profile
    from subtitles.markup import visible_text
    from subtitles.readability import check_track, summarize

    limits = get_profile("documentary").for_language(language)
    cues = len(track) or 1
    over_cpl = sum(any(len(line.strip("\u200f\u202b\u202c")) > limits.max_chars_per_line
                       for line in visible_text(c.text).split("\n")) for c in track.cues)
    over_lines = sum(len(c.text.split("\n")) > limits.max_lines for c in track.cues)
    short = sum(c.duration_ms < limits.min_duration_ms for c in track.cues)
    overlaps = sum(b.start_ms < a.end_ms for a, b in zip(track.cues, track.cues[1:]))
    problems = check_track(track, get_profile("documentary"), language=language)
    fast = len({p.line for p in problems if p.code == "cps"})
    within = summarize(track, problems).clean_percent
    return (f"{len(track):4d} cues, line over {limits.max_chars_per_line}: "
            f"{100 * over_cpl / cues:5.1f}%, over {limits.max_lines} lines: "
            f"{100 * over_lines / cues:4.1f}%, under {limits.min_duration_ms} ms: "
            f"{100 * short / cues:4.1f}%, overlaps {overlaps}, over {limits.max_cps:g} cps: "
            f"{100 * fast / cues:5.1f}%, within profile {within:5.1f}%")


def fast_film_pack(minutes: float, targets: tuple[str, ...]) -> int:
    """Issue 13: a fast speaker's testimony (tests/subs/packing/fast_film.py) packed from its
    SRT; per language, the language track (one cue per source cue: what every platform file was
    before issue 13) and the platform file (vimeo's SRT; the others have the same cues)."""
    from subtitles.io import load_track
    from tests.subs.packing.fast_film import fast_film

    from subs.packing.pipeline import PackOptions, run_pack

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "film.en.srt"
        source.write_text(fast_film(minutes), encoding="utf-8")
        track = load_track(source).track
        seconds = track.cues[-1].end_ms / 1000
        load = os.getloadavg()[0]
        started = time.perf_counter()
        result = run_pack(PackOptions(input=source, out=Path(tmp) / "pack", targets=targets,
                                      title="fast", glossary=GLOSSARY, media="none"))
        wall = time.perf_counter() - started
        print(f"fast testimony: {seconds / 60:.1f} min, {len(track)} cues, packed to "
              f"{', '.join(targets)} in {wall:.1f} s ({wall / seconds:.3f} of the film's "
              f"duration; goal under 0.125), load average at start {load:.1f}")
        pack = Path(tmp) / "pack"
        for qa in result.qa:
            language = qa.language
            own = pack / ".subs" / ("source.srt" if qa.is_source else f"{language}.srt")
            platform = pack / "vimeo" / f"film.{language}.srt"
            print(f"  {language:6s} language track: {figures(load_track(own).track, language)}")
            print(f"  {'':6s} platform file:  "
                  f"{figures(load_track(platform).track, language)}; "
                  f"{sum(p.code == 'split' for p in qa.fitted)} split, "
                  f"{sum(p.code == 'moved' for p in qa.fitted)} moved")
        broken = 0
        files = 0
        for path in sorted(pack.rglob("*")):
            if path.suffix in (".srt", ".vtt", ".sbv") and ".subs" not in path.parts:
                files += 1
                platform_track = load_track(path).track
                broken += sum(
                    len(c.text.split("\n")) > 2 or c.duration_ms < 833
                    or any(len(line.strip("\u200f\u202b\u202c")) > 42
                           for line in c.text.split("\n")) for c in platform_track.cues)
        print(f"  cues over a line, line-count or duration limit in the {files} platform "
              f"files: {broken}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=None)
    parser.add_argument("--to", default="es,ca,pt-BR")
    parser.add_argument("--model", default="base")
    parser.add_argument("--film-minutes", type=float, default=120)
    parser.add_argument("--film-languages", type=int, default=5)
    parser.add_argument("--fast-film", type=float, default=None, metavar="MINUTES",
                        help="pack a fast speaker's testimony SRT of MINUTES instead (issue 13's "
                             "readability figures per language)")
    args = parser.parse_args()
    if args.fast_film:
        from subs.packing.targets import parse_targets

        return fast_film_pack(args.fast_film, parse_targets(args.to))

    from subs.packing.pipeline import PackOptions, run_pack
    from subs.packing.targets import parse_targets

    with tempfile.TemporaryDirectory() as tmp:
        audio = audio_of(args.minutes, Path(tmp))
        seconds = float(subprocess.run(["soxi", "-D", str(audio)], capture_output=True,
                                       text=True, check=True).stdout)
        targets = parse_targets(args.to)
        opts = PackOptions(input=audio, out=Path(tmp) / "pack", targets=targets,
                           source_language="en", title="benchmark", model=args.model,
                           glossary=GLOSSARY if GLOSSARY.exists() else None, media="copy")
        load = os.getloadavg()[0]
        started = time.perf_counter()
        result = run_pack(opts)
        wall = time.perf_counter() - started
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu = sum(u.ru_utime + u.ru_stime for u in usage)
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    minutes = seconds / 60
    timings = result.timings_s
    translate_s = sum(v for k, v in timings.items() if k.startswith("translate"))
    print(f"audio {minutes:.2f} min, {len(targets)} languages ({', '.join(targets)}), "
          f"model {args.model}, {os.cpu_count()} CPUs")
    for stage, value in timings.items():
        print(f"  {stage:<18} {value:7.1f} s")
    print(f"  {'total wall':<18} {wall:7.1f} s   ({wall / minutes:.1f} s per audio minute); "
          f"CPU {cpu:.1f} s; load average at start {load:.1f} (a busy machine stretches wall)")
    print(f"  peak memory: {peak_self:.0f} MiB (resident, this process; Apertium runs in small "
          "child processes)")
    source_rate = timings.get("source", 0.0) / minutes
    translate_rate = translate_s / (minutes * max(len(targets), 1))
    publish_rate = timings.get("publish", 0.0) / (minutes * (len(targets) + 1))
    film, langs = args.film_minutes, args.film_languages
    estimate = (source_rate * film + translate_rate * film * langs
                + publish_rate * film * (langs + 1))
    print(f"extrapolated: {film:.0f} min film x {langs} languages ~ {estimate / 60:.1f} min "
          f"(transcribe {source_rate:.1f} s/min, translate {translate_rate:.2f} s/min/language, "
          f"pack {publish_rate:.2f} s/min/language); goal under 15 min on 2 cores")
    print(f"  on an idle machine the CPU time bounds it: ~{estimate * cpu / wall / 60:.1f} min of "
          "CPU, so >= half that in wall time on 2 cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
