"""Issue 8's scenario through the CLI, on real Apertium (en -> es).

A volunteer adds Spanish, edits three cues by hand; the source is corrected (two cues' text)
and re-timed (+1.5 s); ``subs update`` keeps the three edits on their cues with the new times,
marks the two changed ones stale, refreshes the machine drafts, and ``subs status`` counts it.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from subs.project.folder import open_project
from tests.subs.project.common import edit_cue, make_project, read_cues, run, source_cues, write_srt

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUBS_MEMORY", str(tmp_path / "memory.sqlite"))


def apertium(text: str) -> str:
    from translate.engine import get_engine

    return get_engine("apertium", "en", "es").translate([text], "en", "es")[0]


def counts(folder: Path) -> dict[str, object]:
    result = run("status", "--format", "json", "-C", str(folder))
    assert result.exit_code == 0, result.output
    row: dict[str, object] = json.loads(result.stdout)["languages"][0]
    return {k: row[k] for k in ("total", "empty", "machine", "edited", "reviewed", "stale")}


def flat(text: str) -> str:
    return " ".join(text.split())


def test_edits_survive_a_corrected_and_shifted_source(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("es", "apertium"))
    es = folder / "languages" / "film.es.srt"
    drafted = read_cues(es)
    assert [c.start_ms for c in drafted] == [c.start_ms for c in source_cues()]
    assert drafted[2].text.startswith("Mi padre")  # a real machine draft
    mine = {2: "Vivíamos cerca de la plaza del mercado.",
            5: "Llegaron los soldados a nuestra calle.",
            8: "Nunca volví a ver mi escuela."}
    for number, text in mine.items():
        edit_cue(es, number, text)
    assert counts(folder) == {"total": 10, "empty": 0, "machine": 7, "edited": 3,
                              "reviewed": 0, "stale": 0}

    new = source_cues(shift_ms=1500)
    new[4] = new[4].replace(text="The soldiers came to our street at dawn.")  # cue 5
    new[7] = new[7].replace(text="I never saw my old school again.")  # cue 8
    result = run("update", "--source", str(write_srt(tmp_path / "v2.en.srt", new)),
                 "-C", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout == ("languages/film.es.srt: 3 cue(s) of people's text carried, "
                             "2 stale, 0 redrafted\n")

    after = read_cues(es)
    assert [(c.start_ms, c.end_ms) for c in after] == [(c.start_ms, c.end_ms) for c in new]
    for number, text in mine.items():
        assert after[number - 1].text == text
    machine = [k for k in range(10) if k + 1 not in mine]
    assert [after[k].text for k in machine] == [drafted[k].text for k in machine]
    project = open_project(folder)
    slots = project.state.slots("es")
    project.close()
    assert [k + 1 for k, s in enumerate(slots) if s.stale] == [5, 8]
    assert counts(folder) == {"total": 10, "empty": 0, "machine": 7, "edited": 3,
                              "reviewed": 0, "stale": 2}
    assert [c.text for c in read_cues(folder / "film.en.srt")] == [c.text for c in new]

    # a machine draft whose source changes is re-translated, not stale
    new[2] = new[2].replace(text="My father was a shoemaker.")
    write_srt(folder / "film.en.srt", new)  # corrected in place, in any editor
    result = run("update", "-C", str(folder))
    assert result.exit_code == 0, result.output
    third = read_cues(es)[2].text
    assert flat(third) == flat(apertium("My father was a shoemaker.")) != flat(drafted[2].text)
    assert counts(folder)["stale"] == 2
    assert [c.text for c in read_cues(es)][4] == mine[5]


def test_glossary_names_are_locked_in_drafts_and_checked_in_validate(tmp_path: Path) -> None:
    names = Path(__file__).resolve().parents[2] / "data" / "glossary" / "names.csv"
    cues = source_cues()
    cues[1] = cues[1].replace(text="ZAKA volunteers came to Re'im.")
    src = write_srt(tmp_path / "film.en.srt", cues)
    folder = tmp_path / "film"
    assert run("init", str(folder), "--source", str(src), "-g", str(names)).exit_code == 0
    assert (folder / "names.csv").read_bytes() == names.read_bytes()
    assert 'glossary = "names.csv"' in (folder / "subs.toml").read_text()
    assert run("lang", "add", "es", "--engine", "apertium", "-C", str(folder)).exit_code == 0
    es = folder / "languages" / "film.es.srt"
    draft = read_cues(es)[1].text
    assert "ZAKA" in draft and "Re'im" in draft
    edit_cue(es, 2, "Voluntarios llegaron al kibutz.")
    result = run("validate", str(es), "-C", str(folder))
    assert f'{es}:7: error: "ZAKA" expected, not found' in result.stdout.splitlines()
    assert result.exit_code == 1
