"""Issue 14 on the real base model: misheard names put back on acoustic evidence, near-miss
speech left alone, and a sentence after a 20 s pause in its own cue.

Properties only (promise 4): which words base mishears differs between CPUs, so the rescoring
is given the issue's own mishearings ("Kibbet's Ram", "Beryi", probabilities 0.22 and 0.26) on
real audio of the right words, and near-miss speech is given to it with every word doubted.
"""
from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

import pytest

from tests import speech
from transcribe import names, rescore
from transcribe.audio import decode
from transcribe.transcript import TranscribeOptions, Transcript, Word
from transcribe.whisper import load_model, token_counter, transcribe_file

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = str(ROOT / "examples" / "names.csv")
NAMED = ("Then the messages came from the festival near Kibbutz Re'im. A girl from Be'eri had "
         "been shot in the leg.")
NEAR_MISS = ("I saw a ram standing on the rim of the hill. We picked berries by the road. The "
             "doctor warned us about the Zika virus. My sister works for United Health. Last "
             "year we watched a supernova through a telescope. The children put on a nativity "
             "play.")
NATIVITY = ("My son played a shepherd in the Nativity play. The farmer kept a ram and two goats "
            "behind the barn.")
TWICE = ("A medic led us along the fields to the Mivtachim junction. From Mivtachim, a bus took us "
         "to the city.")
CHOICE = "She asked me twice if her friends from Netivot were safe."
GLOSSARY_NAMES = ("Re'im", "Be'eri", "ZAKA", "Hatzalah", "Aza", "Netivot", "Sderot",
                  "Mivtachim", "Ashkelon", "Route 232")


def _wav(name: str, pieces: list[speech.Piece]) -> Path:
    path = speech.cache_dir() / f"names-{name}.{speech.RECIPE}.wav"
    if not path.exists():
        speech.build(pieces).save(path)
    return path


@functools.cache
def _run(name: str, glossary: bool) -> Transcript:
    pieces: dict[str, list[speech.Piece]] = {"named": [NAMED], "near": [NEAR_MISS]}
    return transcribe_file(_wav(name, pieces[name]),
                           TranscribeOptions(glossary=GLOSSARY if glossary else None))


def _prompt(model: object) -> str | None:
    """The glossary prompt the decode is given, which the rescoring scores after."""
    return names.hints(names.load(GLOSSARY), token_counter(model)).prompt


def _text(transcript: Transcript) -> str:
    return " ".join(c.text.replace("\n", " ") for c in transcript.track)


def _misheard(words: tuple[Word, ...]) -> list[Word]:
    """The issue's mishearings put over the words that carry the names."""
    glued = rescore.glue(words)
    out: list[Word] = []
    for w in glued:
        if "Re'im" in w.text:
            out[-1] = replace(out[-1], text=" Kibbet's", probability=0.6)
            out.append(replace(w, text=" Ram.", probability=0.22))
        elif "Be'eri" in w.text:
            out.append(replace(w, text=" Beryi", probability=0.26))
        else:
            out.append(w)
    return out


def test_14_misheard_names_are_put_back_with_their_evidence() -> None:
    heard = _run("named", True)
    assert "Kibbutz Re'im" in _text(heard) and "Be'eri" in _text(heard), _text(heard)
    model = load_model(TranscribeOptions())
    audio, _ = decode(_wav("named", [NAMED]))
    words = _misheard(heard.words)
    assert "".join(w.text for w in words).count("Kibbet's Ram.") == 1
    fixed, fixes = rescore.fix_names(model, audio, words, names.load(GLOSSARY), "en",
                                     _prompt(model))
    text = "".join(w.text for w in fixed)
    assert "Kibbutz Re'im." in text and "Kibbet" not in text, (text, fixes)
    fix = next(f for f in fixes if f.name.startswith("Kibbutz Re'im"))
    assert fix.heard == "Kibbet's Ram." and fix.probability == pytest.approx(0.22)
    assert fix.similarity >= rescore.MIN_SIMILARITY
    assert fix.score_name >= fix.score_heard - rescore.MARGIN
    assert set(fix.as_dict()) >= {"heard", "name", "probability", "similarity", "score_heard",
                                  "score_name", "start_ms", "end_ms"}


def test_14_a_misheard_name_is_the_name_the_audio_prefers() -> None:
    """"Midabot" for a spoken "Netivot" sounds more like Sderot to the phonemes; the audio, scored
    after the decode's prompt, picks Netivot."""
    path = _wav("choice", [CHOICE])
    model = load_model(TranscribeOptions())
    audio, _ = decode(path)
    heard = transcribe_file(path, TranscribeOptions(glossary=GLOSSARY))
    assert "Netivot" in _text(heard), _text(heard)
    words = [replace(w, text=" Midabot", probability=0.46) if "Netivot" in w.text else w
             for w in rescore.glue(heard.words)]
    fixed, fixes = rescore.fix_names(model, audio, words, names.load(GLOSSARY), "en",
                                     _prompt(model))
    assert [(f.heard, f.name) for f in fixes] == [("Midabot", "Netivot")], fixes
    assert "Netivot" in "".join(w.text for w in fixed)


def test_14_a_mishearing_said_twice_is_judged_once_for_both() -> None:
    """"Mitahim" for both sayings of Mivtachim: scored alone, each keeps the other's mishearing
    beside it (7 nats against the name in a trial); replaced together, both are fixed, on the
    same evidence."""
    path = _wav("twice", [TWICE])
    heard = transcribe_file(path, TranscribeOptions(glossary=GLOSSARY))
    words = [replace(w, text=w.text.replace("Mivtachim", "Mitahim"),
                     probability=min(w.probability, 0.34)) if "Mivtachim" in w.text else w
             for w in rescore.glue(heard.words)]
    assert "".join(w.text for w in words).count("Mitahim") == 2, _text(heard)
    model = load_model(TranscribeOptions())
    audio, _ = decode(path)
    fixed, fixes = rescore.fix_names(model, audio, words, names.load(GLOSSARY), "en",
                                     _prompt(model))
    assert [f.name.rstrip(",.") for f in fixes] == ["Mivtachim", "Mivtachim"], fixes
    assert fixes[0].score_name == fixes[1].score_name
    assert "Mitahim" not in "".join(w.text for w in fixed)


def test_14_near_miss_speech_comes_through_untouched() -> None:
    plain, with_glossary = _run("near", False), _run("near", True)
    reference = NEAR_MISS
    assert speech.wer(reference, _text(with_glossary)) <= speech.wer(reference, _text(plain)) \
        + 0.01, (_text(plain), _text(with_glossary))
    inserted = [n for n in GLOSSARY_NAMES if n in _text(with_glossary)]
    assert inserted == [], _text(with_glossary)
    assert with_glossary.name_fixes == ()


def test_14_a_common_word_spelled_like_a_variant_is_not_made_a_name() -> None:
    """"Nativity" reads like "Nativot", a variant of Netivot: the glossary's spelling-only fix
    once wrote "the Netivot play"; in a transcript the audio judges it."""
    path = _wav("nativity", [NATIVITY])
    heard = transcribe_file(path, TranscribeOptions(glossary=GLOSSARY))
    assert [n for n in GLOSSARY_NAMES if n in _text(heard)] == [], _text(heard)
    assert heard.name_fixes == ()


def test_14_near_misses_the_model_doubts_are_still_not_changed() -> None:
    """Every word made doubtful (probability 0.1): only the audio can keep them as they are."""
    heard = _run("near", True)
    model = load_model(TranscribeOptions())
    audio, _ = decode(_wav("near", [NEAR_MISS]))
    doubted = [replace(w, probability=0.1) for w in heard.words]
    fixed, fixes = rescore.fix_names(model, audio, doubted, names.load(GLOSSARY), "en",
                                     _prompt(model))
    assert fixes == [] and [w.text for w in fixed] == [w.text for w in rescore.glue(doubted)]


def test_14_the_sentence_after_a_long_pause_is_its_own_cue() -> None:
    path = _wav("pause", ["We hid in the shelter behind the trees.", ("silence", 20.0),
                          "I told her to keep quiet and to stay close to me."])
    result = transcribe_file(path, TranscribeOptions())
    cues = list(result.track)
    first_speech_end = speech.speech("We hid in the shelter behind the trees.").size * 1000 // \
        speech.RATE
    inside = [c for c in cues if c.start_ms < first_speech_end + 19_000 and
              c.end_ms > first_speech_end + 1_000]
    assert inside == [], cues
    after = [c for c in cues if c.start_ms >= first_speech_end + 19_000]
    assert after and after[0].text.split()[0].strip(",.") == "I", cues
    assert not any(c.text.rstrip().endswith(" I") for c in cues), cues
