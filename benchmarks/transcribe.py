"""Transcription speed and accuracy: ``subs transcribe`` against ``whisper-ctranslate2``.

Same audio (a little over 3 minutes of testimony spoken by piper, cached), same model folder
(the packaged ``base``), beam 5, int8, 2 threads, both run as command-line tools from a cold
start (model load included), each in its own default mode: whisper-ctranslate2 decodes
sequentially (as plain faster-whisper does), subs uses faster-whisper's batched pipeline on
VAD windows. Also shown: subs with the glossary of names (how it is meant to be used) against
whisper-ctranslate2 given the very same prompt and hotwords.

Prints the real-time factor (processing seconds per second of audio: lower is faster) of each,
the speed ratio, and each word error rate (jiwer after Whisper's EnglishTextNormalizer).
Goal from issue 4: subs >= 1.5x faster, WER no worse than +0.01.

Usage: ``.venv/bin/python benchmarks/transcribe.py [--repeat 3] [--threads 2]``; times are
medians of ``--repeat`` runs.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import speech  # noqa: E402  (the repository root must be on the path first)
from transcribe.names import Hints  # noqa: E402


def audio() -> tuple[Path, str, float]:
    """(wav, reference text, seconds): TESTIMONY, MORE_TESTIMONY and the example's script."""
    example = [p.strip().replace("\n", " ")
               for p in (ROOT / "examples" / "testimony.txt").read_text("utf-8").split("\n\n")
               if p.strip()]
    timeline = speech.testimony(speech.TESTIMONY + speech.MORE_TESTIMONY + tuple(example))
    path = speech.cache_dir() / f"benchmark-testimony.{speech.RECIPE}.wav"
    if not path.exists():
        timeline.save(path)
    return path, timeline.text, timeline.duration_ms / 1000


def srt_text(path: Path) -> str:
    from subtitles.io import load_track

    return " ".join(c.text.replace("\n", " ") for c in load_track(path).track)


def glossary_hints(names: Path, model: Path) -> "Hints":
    """The prompt and hotwords subs builds from the glossary, to give the peer the same."""
    from tokenizers import Tokenizer

    from transcribe import names as glossary_names

    tokenizer = Tokenizer.from_file(str(model / "tokenizer.json"))
    return glossary_names.hints(glossary_names.load(str(names)),
                                lambda text: len(tokenizer.encode(" " + text,
                                                                  add_special_tokens=False).ids))


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"failed: {' '.join(command)}\n{done.stderr[-2000:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the median counts")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--beam-size", type=int, default=5)
    args = parser.parse_args()
    peer = shutil.which("whisper-ctranslate2", path=str(Path(sys.executable).parent)) \
        or shutil.which("whisper-ctranslate2")
    if not peer:
        sys.exit("whisper-ctranslate2 is not installed (pip install whisper-ctranslate2)")
    from transcribe.models import locate_model

    model = locate_model("base")
    wav, reference, seconds = audio()
    names = speech.cache_dir() / "benchmark-names.csv"
    speech.write_text_atomic(names, "term\n" + "\n".join(speech.NAMES) + "\n")
    print(f"audio: {seconds:.0f} s of speech and pauses; model: {model}; beam {args.beam_size},"
          f" int8, {args.threads} threads", flush=True)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        hints = glossary_hints(names, model)
        peer_cmd = [peer, str(wav), "--model_directory", str(model), "--device", "cpu",
                    "--compute_type", "int8", "--threads", str(args.threads),
                    "--beam_size", str(args.beam_size), "--output_format", "srt",
                    "--verbose", "False"]
        runs = {
            "whisper-ctranslate2": (peer_cmd + ["--output_dir", str(out / "peer")],
                                    out / "peer" / f"{wav.stem}.srt"),
            "w-ct2 + same hints": (peer_cmd + ["--output_dir", str(out / "peer-g"),
                                               "--initial_prompt", hints.prompt or "",
                                               "--hotwords", hints.hotwords or ""],
                                   out / "peer-g" / f"{wav.stem}.srt"),
            "subs": ([sys.executable, "-m", "subs", "transcribe", str(wav), "-o",
                      str(out / "subs.srt"), "--model", str(model), "--threads",
                      str(args.threads), "--beam-size", str(args.beam_size), "-q", "--force"],
                     out / "subs.srt"),
            "subs --glossary": ([sys.executable, "-m", "subs", "transcribe", str(wav), "-o",
                                 str(out / "subs-g.srt"), "--model", str(model), "--threads",
                                 str(args.threads), "--beam-size", str(args.beam_size),
                                 "--glossary", str(names), "-q", "--force"],
                                out / "subs-g.srt"),
        }
        for name, (command, srt) in runs.items():
            median = statistics.median(timed(command) for _ in range(args.repeat))
            text = srt_text(srt)
            results[name] = (median, speech.wer(reference, text))
            right = sum(name_ in text for name_ in speech.NAMES)
            print(f"{name:20s} {median:6.1f} s  RTF {median / seconds:.3f}  "
                  f"({seconds / median:4.1f}x real time)  WER {results[name][1]:.3f}  "
                  f"names {right}/{len(speech.NAMES)}", flush=True)
    for peer_name, ours_name in (("whisper-ctranslate2", "subs"),
                                 ("w-ct2 + same hints", "subs --glossary")):
        peer_s, peer_wer = results[peer_name]
        ours_s, ours_wer = results[ours_name]
        print(f"{ours_name} vs {peer_name}: {peer_s / ours_s:.2f}x faster, "
              f"WER difference {ours_wer - peer_wer:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
