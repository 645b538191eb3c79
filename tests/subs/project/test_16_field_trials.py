"""Issue 16: what the field trials of film projects found, one regression test per item."""
from __future__ import annotations

import json
from pathlib import Path

from subtitles.model import Cue
from tests.subs.project.common import edit_cue, make_project, run, source_cues, write_srt


def texts(cues: list[Cue], prefix: str = "ro text") -> list[Cue]:
    return [c.replace(text=f"{prefix} {k + 1}") for k, c in enumerate(cues)]


def test_16_3_later_cues_moved_by_a_cut_are_shifts_and_cue_1_is_not(tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    cues = texts(source_cues())
    cues[1:] = [c.replace(start_ms=c.start_ms + 1500, end_ms=c.end_ms + 1500) for c in cues[1:]]
    sent = write_srt(tmp_path / "sent.ro.srt", cues)
    result = run("validate", str(sent), "-C", str(folder))
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 9, errors
    assert all(" is shifted: " in line for line in errors)
    assert not any("cue 1 " in line for line in errors)
    assert all("cues 2-10 are all 1.500 s later than the source" in line
               and "move them 1.500 s earlier" in line for line in errors)
    assert not any("merge" in line or "split" in line for line in result.stdout.splitlines())


NAMES = Path(__file__).resolve().parents[2] / "data" / "glossary" / "names.csv"


def test_16_7_an_empty_cue_is_not_also_a_glossary_miss(tmp_path: Path) -> None:
    cues = source_cues()
    cues[1] = cues[1].replace(text="ZAKA volunteers came to our street.")
    src = write_srt(tmp_path / "film.en.srt", cues)
    folder = tmp_path / "film"
    assert run("init", str(folder), "--source", str(src), "-g", str(NAMES)).exit_code == 0
    assert run("lang", "add", "ro", "--engine", "none", "-C", str(folder)).exit_code == 0
    ro = folder / "languages" / "film.ro.srt"
    result = run("validate", str(ro), "-C", str(folder))
    assert result.exit_code == 1
    assert "expected, not found" not in result.output
    sent = write_srt(tmp_path / "sent.ro.srt", texts(cues))  # a cue with text still misses
    result = run("validate", str(sent), "-C", str(folder))
    assert f'{sent}:7: error: "ZAKA" expected, not found' in result.stdout.splitlines()
