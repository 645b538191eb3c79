"""The real base model on generated testimony: names, word error rate, noise, readability."""
from __future__ import annotations

import hashlib
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from subtitles.languages import detect_language
from subtitles.profiles import get_profile
from subtitles.readability import check_track
from tests import speech
from tests.transcribe import e2e
from transcribe.transcript import TranscribeOptions, Transcript
from transcribe.whisper import transcribe_file
from transcribe.cues import LEAD_MS, TAIL_MS, clean_words

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def text_of(transcript: Transcript) -> str:
    return " ".join(c.text.replace("\n", " ") for c in transcript.track)


def test_wer_and_every_name_with_a_glossary() -> None:
    result = e2e.clean_run()
    hypothesis = text_of(result)
    error = speech.wer(e2e.gap_timeline().text, hypothesis)
    assert error <= 0.05, (error, hypothesis)
    missing = [name for name in speech.NAMES if name not in hypothesis]
    assert missing == [], hypothesis


def test_language_is_detected() -> None:
    result = e2e.clean_run()
    assert result.language == "en" and result.language_probability > 0.9
    assert result.track.language == "en" and result.language_source == "detected"
    assert result.duration_ms == e2e.gap_timeline().duration_ms


def test_no_cue_inside_the_noise_gap() -> None:
    """Cues around it may reach in by their tail (after speech) or lead (before speech)."""
    gap = next(p for p in e2e.gap_timeline().parts if p.kind == "noise")
    inside = [c for c in e2e.clean_run().track
              if c.start_ms < gap.end_ms - LEAD_MS and c.end_ms > gap.start_ms + TAIL_MS]
    assert inside == []


def test_words_are_timed_and_ordered() -> None:
    words = e2e.clean_run().words
    assert len(words) > 100
    assert all(0 <= w.start_ms <= w.end_ms <= e2e.gap_timeline().duration_ms for w in words)
    assert all(a.start_ms <= b.start_ms for a, b in zip(words, words[1:]))
    assert all(0.0 <= w.probability <= 1.0 for w in words)


def test_every_cue_within_the_profile() -> None:
    """Everything but reading speed holds strictly; a cue may read faster than 17 cps only
    where the speaker is that fast and the cue cannot stay longer: the next cue follows at the
    minimum gap, or the tail after its last word is at the 0.5 s cap (issue 4: "end times
    trimmed to speech (+ at most 0.5 s)"; text is not left over silence to be read), or the
    media ends. Condensing the text is an editor's call, not the transcriber's."""
    result = e2e.clean_run()
    track = result.track
    profile = get_profile("documentary")
    problems = check_track(track, profile)
    cues = list(track)
    for problem in problems:
        assert problem.code == "cps", str(problem)
    limits = profile.for_language("en")
    words = clean_words(result.words, "en")
    for k, cue in enumerate(cues):
        chars = len(cue.text) - cue.text.count("\n")
        if chars * 1000 > limits.max_cps * cue.duration_ms:
            boxed_in = k + 1 < len(cues) and cues[k + 1].start_ms - cue.end_ms == limits.min_gap_ms
            last_end = max(w.end for w in words if cue.start_ms <= w.start < cue.end_ms)
            tail_at_cap = cue.end_ms - last_end == TAIL_MS
            assert boxed_in or tail_at_cap or cue.end_ms == result.duration_ms, cue


def noise_wav() -> Path:
    path = speech.cache_dir() / f"e2e-noise-30s.{speech.RECIPE}.wav"
    if not path.exists():
        speech.build([("noise", 30.0)], snr_db=None).save(path)
    return path


def test_noise_alone_gives_no_cues_and_a_warning() -> None:
    result = transcribe_file(noise_wav(), TranscribeOptions())
    assert list(result.track) == []
    assert result.warnings[-1] == ("no speech found (only silence or noise): the subtitles "
                                   "have no cues")


def test_without_vad_the_guards_drop_what_whisper_writes_over_noise() -> None:
    result = transcribe_file(noise_wav(), TranscribeOptions(vad=False))
    assert list(result.track) == []
    assert any(w.startswith("dropped ") for w in result.warnings)
    assert result.warnings[-1].endswith("the subtitles have no cues")


def test_progress_reaches_the_end_in_audio_time() -> None:
    seen: list[tuple[int, int]] = []
    path = speech.cache_dir() / f"e2e-short.{speech.RECIPE}.wav"
    if not path.exists():
        speech.build([speech.TESTIMONY[0]]).save(path)
    result = transcribe_file(path, TranscribeOptions(),
                             on_progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (result.duration_ms, result.duration_ms)
    assert all(a[0] <= b[0] for a, b in zip(seen, seen[1:]))
    assert "volunteer" in text_of(result)


# "Buenos días" opens the clip: base's speech-to-English of espeak's robotic Spanish is poor.
# On the same text without it nothing of the meaning came through ("Let's go to the moon, that
# will never go with you, ..."); with it base writes "Good morning. We call Daniel. That he
# called Conduja to the south, ...", and the transcript stays right.
SPANISH = ("Buenos días. Me llamo Daniel. Aquella mañana conduje hacia el sur con otros dos "
           "médicos. En el cruce vimos coches quemados y gente escondida entre los arbustos.")


def spanish_wav() -> Path:
    """SPANISH spoken by espeak-ng, cached under a name that changes with the text."""
    key = hashlib.sha256(SPANISH.encode()).hexdigest()[:12]
    path = speech.cache_dir() / f"e2e-spanish-{key}.{speech.RECIPE}.wav"
    if not path.exists():
        speech.write_wav(path, speech.espeak(SPANISH, "es"))
    return path


def test_spanish_is_detected_and_translate_gives_an_english_track() -> None:
    heard = transcribe_file(spanish_wav(), TranscribeOptions())
    assert (heard.language, heard.track.language) == ("es", "es")
    assert "hacia el sur" in text_of(heard)
    translated = transcribe_file(spanish_wav(), TranscribeOptions(task="translate"))
    assert (translated.language, translated.track.language) == ("es", "en")
    english = text_of(translated)
    # Not a word of it is pinned (issue 12): with an AVX2 machine's kernels the base model
    # translated this synthetic Spanish into other English ("Good morning. We call Daniel...")
    # than "...south..." with AVX-512's. Whisper's task is what must hold: English came out.
    assert detect_language([english])[0] == "en", english
    assert "hacia" not in english.lower(), english


def test_the_built_in_example_with_default_windows() -> None:
    """examples/testimony.flac (69 s, what `make demo` transcribes) with examples/names.csv
    and default options: 29 s windows, the prompt in each."""
    root = Path(__file__).resolve().parents[2] / "examples"
    result = transcribe_file(root / "testimony.flac",
                             TranscribeOptions(glossary=str(root / "names.csv")))
    hypothesis = text_of(result)
    reference = (root / "testimony.txt").read_text("utf-8")
    assert speech.wer(reference, hypothesis) <= 0.05, hypothesis
    for name in ("Kibbutz Re'im", "United Hatzalah", "Route 232", "Mivtachim", "Be'eri",
                 "Kfar Aza", "ZAKA", "Sderot"):
        assert name in hypothesis


def _older_kernels() -> str:
    """The CPU dispatch of an older machine than most: AVX2 (AVX where even that is missing)."""
    flags = Path("/proc/cpuinfo").read_text().split() if Path("/proc/cpuinfo").exists() else []
    return "AVX2" if "avx2" in flags else "AVX"


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"),
                    reason="CT2_FORCE_CPU_ISA and ONEDNN_MAX_CPU_ISA name x86 instruction sets")
def test_12_results_agree_across_cpu_kernels(tmp_path: Path) -> None:
    """Issue 12: the same command with the int8 kernels of an AVX2 machine (CTranslate2's own
    ``CT2_FORCE_CPU_ISA``, and ``ONEDNN_MAX_CPU_ISA`` for the oneDNN GEMMs it calls) hears the
    same testimony: not the same bytes (on an AVX-512 machine some word times move by 20-480 ms
    and a word may change), but the same properties, and nearly the same words. On a machine
    whose own kernels are AVX2 this compares a run with itself, which must hold too."""
    from subtitles.io import load_track

    isa = _older_kernels()
    out, words = tmp_path / "older.srt", tmp_path / "older.json"
    env = {**os.environ, "CT2_FORCE_CPU_ISA": isa, "ONEDNN_MAX_CPU_ISA": isa, "CT2_VERBOSE": "1"}
    proc = subprocess.run([sys.executable, "-m", "subs", "transcribe", str(e2e.gap_wav()),
                           "-o", str(out), "--glossary", str(e2e.glossary_csv()),
                           "--block-seconds", str(e2e.BLOCK_S), "--window-seconds",
                           str(e2e.WINDOW_S), "--words", str(words)],
                          cwd=Path(__file__).resolve().parents[2], env=env, text=True,
                          capture_output=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert f"Selected ISA: {isa}" in proc.stderr  # CTranslate2 honoured the variable
    clean = e2e.clean_run()
    older = load_track(out).track
    gap = next(p for p in e2e.gap_timeline().parts if p.kind == "noise")
    for track in (clean.track, older):
        text = " ".join(c.text.replace("\n", " ") for c in track)
        assert speech.wer(e2e.gap_timeline().text, text) <= 0.05, text
        assert [n for n in speech.NAMES if n not in text] == [], text
        assert all(0 <= c.start_ms < c.end_ms <= clean.duration_ms for c in track)
        assert not [c for c in track
                    if c.start_ms < gap.end_ms - LEAD_MS and c.end_ms > gap.start_ms + TAIL_MS]
    older_text = " ".join(c.text.replace("\n", " ") for c in older)
    assert speech.wer(text_of(clean), older_text) <= 0.05, (text_of(clean), older_text)
    assert abs(len(older) - len(clean.track)) <= 2
