"""Transcription speed and accuracy: ``subs transcribe`` against ``whisper-ctranslate2``.

Same audio (a little over 3 minutes of testimony spoken by piper, cached), same model folder
(the packaged ``base``), beam 5, int8, 2 threads, both run as command-line tools from a cold
start (model load included), each in its own default mode: whisper-ctranslate2 decodes
sequentially (as plain faster-whisper does), subs uses faster-whisper's batched pipeline on
VAD windows. Also shown: subs with the glossary of names (how it is meant to be used) against
whisper-ctranslate2 given the very same prompt and hotwords.

Four sets (``--sets``): ``testimony`` (192 s, piper at its usual pace, quiet room, 13 names),
``fast-noisy`` (178 s: the same passages 8% faster under pink noise at 15 dB SNR), ``witness``
(a second witness's words, the names said another way, 8% faster under 20 dB noise: speech the
name rescoring was not tuned on) and ``near-miss`` (speech full of words that sound like the
glossary's names but are not: "a ram", "berries", "the Zika virus", "the Nativity play"; issue
14): there "names inserted" counts glossary names written where none was said, which must stay
0.

Prints the real-time factor (processing seconds per second of audio: lower is faster) of each,
the speed ratio, and each word error rate (jiwer after Whisper's EnglishTextNormalizer).
Goals (issues 4 and 14): subs >= 1.5x faster, WER no worse than the peer's + 0.005, every
name right with the glossary, none inserted.

Usage: ``.venv/bin/python benchmarks/transcribe.py [--repeat 3] [--threads 2]``; times are
medians of ``--repeat`` runs.
"""
from __future__ import annotations

import argparse
import hashlib
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


def _key(text: str) -> str:
    """The cached audio's name: the recipe and the text, so a changed passage is spoken anew."""
    return f"{speech.RECIPE}-{hashlib.sha1(text.encode()).hexdigest()[:10]}"


def audio() -> tuple[Path, str, float]:
    """(wav, reference text, seconds): TESTIMONY, MORE_TESTIMONY and the example's script."""
    example = [p.strip().replace("\n", " ")
               for p in (ROOT / "examples" / "testimony.txt").read_text("utf-8").split("\n\n")
               if p.strip()]
    timeline = speech.testimony(speech.TESTIMONY + speech.MORE_TESTIMONY + tuple(example))
    path = speech.cache_dir() / f"benchmark-testimony.{_key(timeline.text)}.wav"
    if not path.exists():
        timeline.save(path)
    return path, timeline.text, timeline.duration_ms / 1000


def fast_noisy() -> tuple[Path, str, float]:
    """The same passages spoken 15% faster under pink room noise at 15 dB SNR (issue 14:
    vary speed and noise)."""
    import numpy as np

    example = [p.strip().replace("\n", " ")
               for p in (ROOT / "examples" / "testimony.txt").read_text("utf-8").split("\n\n")
               if p.strip()]
    texts = speech.TESTIMONY + speech.MORE_TESTIMONY + tuple(example)
    path = speech.cache_dir() / f"benchmark-fast-noisy.{_key(' '.join(texts))}.wav"
    pieces = []
    for text in texts:
        pieces += [speech.speech(text, length_scale=0.92), speech.silence(0.5)]
    samples = speech.add_noise(np.concatenate(pieces), snr_db=15.0)
    if not path.exists():
        speech.write_wav(path, samples)
    return path, " ".join(texts), len(samples) / speech.RATE


NEAR_MISS = ("I saw a ram standing on the rim of the hill. We picked berries by the road. The "
             "doctor warned us about the Zika virus. My sister works for United Health. Last "
             "year we watched a supernova through a telescope. The children put on a nativity "
             "play. He was a quiet man who liked to read the newspaper on the bus, and in the "
             "evening he walked his dog to the river and back. The farmer kept a ram and two "
             "goats behind the barn. We ate fresh berries with cream after lunch. Nurses from "
             "United Health came to the school to talk about the Zika virus. My son played a "
             "shepherd in the Nativity play. The cup had a chip on the rim. We drove past a bakery "
             "and bought bread for the road.")

# A second witness (issue 14: testimony the names were not tuned on), the names said the way
# ``speech.SAY_OTHERWISE`` spells them, 8% faster than the voice's pace, under 20 dB pink noise.
WITNESS = (
    "I am Miriam. I joined ZAKA twelve years ago, after my father died, because I wanted to do "
    "something useful with my hands.",
    "On that Saturday my phone woke me before seven. A friend wrote that there were rockets over "
    "Ashkelon and gunfire near Sderot.",
    "By nine o'clock I was on Highway 34 with two volunteers from United Hatzalah. The radio was "
    "full of voices we could not answer.",
    "We passed the Mivtachim junction and turned onto Route 232. Cars stood in the middle of the "
    "road with their doors open.",
    "Near Kibbutz Re'im we found young people who had run from the Nova party. Some had no shoes. "
    "One boy still held a bottle of water.",
    "A girl told me she had danced all night at the festival. She asked me twice if her friends "
    "from Netivot were safe.",
    "In the afternoon we reached Be'eri. I will not describe what we saw there. I will only say "
    "that we worked until our hands shook.",
    "The next day we went to Kfar Aza. A man from United Hatzalah gave me his coat, because I was "
    "shaking in the cold wind.",
    "People ask me how I remember the names. I remember Re'im, Be'eri and Kfar Aza because I "
    "wrote them on my arm that night.",
    "Every year I drive down Route 232 again. I stop at the junction, I stop in Sderot, and I "
    "visit the families in Netivot.",
    "This is what I can give. Write it down, translate it, and let people hear it in their own "
    "languages.",
)


def witness() -> tuple[Path, str, float]:
    import numpy as np

    text = " ".join(WITNESS)
    path = speech.cache_dir() / f"benchmark-witness.{_key(text)}.wav"
    pieces = []
    for paragraph in WITNESS:
        pieces += [speech.speech(paragraph, length_scale=1.0, say=speech.SAY_OTHERWISE),
                   speech.silence(0.7)]
    samples = speech.add_noise(np.concatenate(pieces), snr_db=20.0)
    if not path.exists():
        speech.write_wav(path, samples)
    return path, text, len(samples) / speech.RATE


def near_miss() -> tuple[Path, str, float]:
    timeline = speech.build([NEAR_MISS])
    path = speech.cache_dir() / f"benchmark-near-miss.{_key(timeline.text)}.wav"
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


def run_set(label: str, wav: Path, reference: str, seconds: float, model: Path,
            names: Path, args: argparse.Namespace, out: Path) -> dict[str, tuple[float, float]]:
    """The four runs side by side on one audio; prints each and the two comparisons."""
    hints = glossary_hints(names, model)
    peer_cmd = [args.peer, str(wav), "--model_directory", str(model), "--device", "cpu",
                "--compute_type", "int8", "--threads", str(args.threads),
                "--beam_size", str(args.beam_size), "--output_format", "srt",
                "--verbose", "False"]
    subs_cmd = [sys.executable, "-m", "subs", "transcribe", str(wav), "--model", str(model),
                "--threads", str(args.threads), "--beam-size", str(args.beam_size), "-q",
                "--force"]
    runs = {
        "whisper-ctranslate2": (peer_cmd + ["--output_dir", str(out / "peer")],
                                out / "peer" / f"{wav.stem}.srt"),
        "w-ct2 + same hints": (peer_cmd + ["--output_dir", str(out / "peer-g"),
                                           "--initial_prompt", hints.prompt or "",
                                           "--hotwords", hints.hotwords or ""],
                               out / "peer-g" / f"{wav.stem}.srt"),
        "subs": (subs_cmd + ["-o", str(out / "subs.srt")], out / "subs.srt"),
        "subs --glossary": (subs_cmd + ["-o", str(out / "subs-g.srt"), "--glossary", str(names)],
                            out / "subs-g.srt"),
    }
    print(f"\n{label}: {seconds:.0f} s", flush=True)
    results = {}
    for name, (command, srt) in runs.items():
        median = statistics.median(timed(command) for _ in range(args.repeat))
        text = srt_text(srt)
        results[name] = (median, speech.wer(reference, text))
        right, said, forced = speech.names_right(reference, text, speech.BENCHMARK_NAMES)
        print(f"{name:20s} {median:6.1f} s  RTF {median / seconds:.3f}  "
              f"({seconds / median:4.1f}x real time)  WER {results[name][1]:.3f}  "
              f"names {right}/{said}  names inserted {len(forced)}", flush=True)
    for peer_name, ours_name in (("whisper-ctranslate2", "subs"),
                                 ("w-ct2 + same hints", "subs --glossary")):
        peer_s, peer_wer = results[peer_name]
        ours_s, ours_wer = results[ours_name]
        print(f"{ours_name} vs {peer_name}: {peer_s / ours_s:.2f}x faster, "
              f"WER difference {ours_wer - peer_wer:+.3f}")
    plain, named = results["subs"][1], results["subs --glossary"][1]
    print(f"glossary cost on {label}: WER {named - plain:+.3f} (with minus without)")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the median counts")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--beam-size", type=int, default=5)
    parser.add_argument("--sets", default="testimony,fast-noisy,witness,near-miss",
                        help="comma-separated: testimony, fast-noisy, witness, near-miss")
    args = parser.parse_args()
    args.peer = shutil.which("whisper-ctranslate2", path=str(Path(sys.executable).parent)) \
        or shutil.which("whisper-ctranslate2")
    if not args.peer:
        sys.exit("whisper-ctranslate2 is not installed (pip install whisper-ctranslate2)")
    from transcribe.models import locate_model

    model = locate_model("base")
    names = speech.cache_dir() / "benchmark-names.csv"
    speech.write_text_atomic(names, "term\n" + "\n".join(speech.BENCHMARK_NAMES) + "\n")
    print(f"model: {model}; beam {args.beam_size}, int8, {args.threads} threads; medians of "
          f"{args.repeat}", flush=True)
    makers = {"testimony": audio, "fast-noisy": fast_noisy, "witness": witness,
              "near-miss": near_miss}
    for label in args.sets.split(","):
        wav, reference, seconds = makers[label]()
        with tempfile.TemporaryDirectory() as tmp:
            run_set(label, wav, reference, seconds, model, names, args, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
