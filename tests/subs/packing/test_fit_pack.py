"""Issue 13: what ``subs pack`` writes for a platform always fits the language's limits, while
the language's own track keeps one cue per source cue with the source's times."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from subtitles.io import load_track
from subtitles.profiles import get_profile
from subtitles.markup import visible_text

from subs.packing.pipeline import PackOptions, run_pack
from tests.subs.packing.fast_film import fast_film

pytestmark = [pytest.mark.e2e]
TARGETS = ("es", "ca", "pt-BR", "gl", "eo")


def test_13_platform_files_fit_and_language_tracks_keep_their_cues(tmp_path: Path) -> None:
    source = tmp_path / "film.en.srt"
    source.write_text(fast_film(1.5), encoding="utf-8")
    result = run_pack(PackOptions(input=source, out=tmp_path / "pack", targets=TARGETS,
                                  title="Fast"))
    src = load_track(source).track
    for language in TARGETS:  # the language files: one cue per source cue, same times
        work = load_track(tmp_path / "pack" / ".subs" / f"{language}.srt").track
        assert [(c.start_ms, c.end_ms) for c in work] == [(c.start_ms, c.end_ms) for c in src]
    limits = get_profile("documentary").for_language("es")
    files = [p for p in (tmp_path / "pack").rglob("*") if p.suffix in (".srt", ".vtt")
             and ".subs" not in p.parts]
    assert len(files) == 6 * 6  # six languages, six files each (Facebook has eo_EO)
    for path in files:
        track = load_track(path).track
        for i, cue in enumerate(track.cues):
            lines = visible_text(cue.text).split("\n")
            assert len(lines) <= limits.max_lines, (path, cue)
            assert all(len(line) <= limits.max_chars_per_line for line in lines), (path, cue)
            assert cue.duration_ms >= limits.min_duration_ms, (path, cue)
            assert i == 0 or cue.start_ms >= track.cues[i - 1].end_ms, (path, cue)
    report = json.loads((tmp_path / "pack" / "qa" / "report.json").read_text("utf-8"))
    by_language = {entry["language"]: entry for entry in report["languages"]}
    fitted = sum(len(by_language[t]["fitted"]) for t in TARGETS)
    assert fitted > 0  # the fast film's translations do not all fit: the report lists each
    for entry in report["languages"]:
        assert all(f["code"] in ("split", "moved") and f["line"] for f in entry["fitted"])
        assert entry["readability_by_code"].get("cpl", 0) == 0
        assert entry["readability_by_code"].get("lines", 0) == 0
    assert by_language["en"]["machine_translation"] is None
    assert by_language["es"]["machine_translation"].startswith("unreviewed machine translation (")
    page = (tmp_path / "pack" / "web" / "index.html").read_text("utf-8")
    assert page.count("unreviewed machine translation (") == len(TARGETS)
    assert result.qa[1].machine and "apertium" in result.qa[1].machine


def test_13_words_of_an_earlier_transcription_never_time_a_subtitle_source(
        tmp_path: Path) -> None:
    source = tmp_path / "roads.en.srt"
    source.write_bytes((Path(__file__).parent / "data" / "roads.en.srt").read_bytes())
    words = tmp_path / "pack" / ".subs" / "source.words.json"
    words.parent.mkdir(parents=True)
    words.write_text('{"key": "an earlier film", "words": [{"start_ms": 0, "end_ms": 9}]}\n',
                     encoding="utf-8")
    run_pack(PackOptions(input=source, out=tmp_path / "pack", targets=(), title="Roads"))
    assert (tmp_path / "pack" / ".subs" / "source.srt").exists()
    assert not words.exists()
