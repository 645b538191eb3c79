"""Issue 14: a pack fixes near misses in spelling in a subtitle source, never in a transcript
(there the audio judged them: "Nativity" reads like "Nativot", a variant of Netivot)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from glossary.load import load_glossary
from subtitles.model import Cue, Track

from subs.packing import stages

GLOSSARY = Path(__file__).resolve().parents[3] / "examples" / "names.csv"
SRT = "1\n00:00:01,000 --> 00:00:03,000\nWe reached the Mivtahhim junction.\n\n" \
      "2\n00:00:03,500 --> 00:00:06,000\nThe medics of United Hatsalla came.\n"


def _source(path: Path, tmp_path: Path) -> stages.Source:
    return stages.source_stage(path, stages.WorkDir(tmp_path / ".subs"), language="en",
                               model="base", glossary=load_glossary(GLOSSARY),
                               glossary_path=GLOSSARY, progress=None)


def test_14_a_subtitle_source_gets_the_spelling_fixes(tmp_path: Path) -> None:
    srt = tmp_path / "film.en.srt"
    srt.write_text(SRT, "utf-8")
    texts = [c.text for c in _source(srt, tmp_path).track]
    assert texts[0] == "We reached the Mivtachim junction."  # fuzzy: a spelling near miss
    assert texts[1] == "The medics of United Hatzalah came."


def test_14_a_transcript_gets_exact_variants_only(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Whisper stands in for nothing else here: the words it heard are given, the rule is ours."""
    heard = Track((Cue(1000, 3000, "We reached the Mivtahim junction."),
                   Cue(3500, 6000, "My son was in the Nativity play.")), "en")

    def transcribed(*args: Any, **kwargs: Any) -> tuple[Track, tuple[()]]:
        return heard, ()

    monkeypatch.setattr(stages, "transcribe_source", transcribed)
    audio = tmp_path / "film.wav"
    audio.write_bytes(b"RIFF")
    texts = [c.text for c in _source(audio, tmp_path).track]
    assert texts == ["We reached the Mivtachim junction.", "My son was in the Nativity play."]
