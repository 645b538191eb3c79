"""Wall time and peak memory of ``subs pack`` for N minutes of audio x languages.

Usage::

    .venv/bin/python benchmarks/pack.py                      # the example, es,ca,pt-BR
    .venv/bin/python benchmarks/pack.py --minutes 5 --to es,ca,pt-BR,gl,eo

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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "examples" / "testimony.flac"
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=None)
    parser.add_argument("--to", default="es,ca,pt-BR")
    parser.add_argument("--model", default="base")
    parser.add_argument("--film-minutes", type=float, default=120)
    parser.add_argument("--film-languages", type=int, default=5)
    args = parser.parse_args()

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
