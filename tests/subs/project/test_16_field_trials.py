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


SPANISH = ["Me llamo Anna y nací en Lodz.", "Vivíamos cerca de la plaza del mercado.",
           "Mi padre era sastre.", "Mi madre trabajaba en una pequeña tienda.",
           "En invierno todo cambió.", "Los soldados vinieron a nuestra calle.",
           "Tuvimos que dejar la casa.", "Nunca volví a ver mi escuela.",
           "Caminamos a la estación de noche.", "El tren estaba muy frío."]
ROMANIAN = ["Numele meu este Anna și m-am născut în Lodz.", "Locuiam lângă piața mare.",
            "Tatăl meu era croitor.", "Mama mea lucra într-un magazin mic.",
            "Iarna totul s-a schimbat.", "Soldații au venit pe strada noastră.",
            "A trebuit să plecăm din casă.", "Nu mi-am mai văzut niciodată școala.",
            "Am mers la gară noaptea.", "Trenul era foarte rece."]


def with_texts(lines: list[str]) -> list[Cue]:
    return [c.replace(text=t) for c, t in zip(source_cues(), lines)]


def test_16_1_a_file_in_another_language_is_refused_unless_forced(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("ro", "none"))
    ro = folder / "languages" / "film.ro.srt"
    edit_cue(ro, 1, ROMANIAN[0])
    spanish = write_srt(tmp_path / "film.es.srt", with_texts(SPANISH))
    result = run("lang", "import", "ro", str(spanish), "-C", str(folder))
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {spanish}: the file name says es (Spanish), not ro; "
                             "import it as es, or pass --force if it is ro\n")
    unnamed = write_srt(tmp_path / "from-volunteer.srt", with_texts(SPANISH))
    result = run("lang", "import", "ro", str(unnamed), "-C", str(folder))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {unnamed}: the text is in Spanish (es), not ro (")
    assert result.stderr.count("\n") == 1
    source = folder / "film.en.srt"  # the English source sent back by mistake
    result = run("lang", "import", "ro", str(source), "-C", str(folder))
    assert result.exit_code == 1 and "the file name says en (English), not ro" in result.stderr
    assert ROMANIAN[0] in ro.read_text(encoding="utf-8")  # nothing was taken
    assert not (folder / "conflicts").exists() or not list((folder / "conflicts").iterdir())
    right = write_srt(tmp_path / "sent.ro.srt", with_texts(ROMANIAN))
    assert run("lang", "import", "ro", str(right), "-C", str(folder)).exit_code == 0
    result = run("lang", "import", "ro", str(unnamed), "--force", "-C", str(folder))
    assert result.exit_code == 0, result.output
    assert SPANISH[1] in ro.read_text(encoding="utf-8")


def test_16_4_status_says_when_the_source_changed_or_cannot_be_read(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("ro", "none"))
    result = run("status", "-C", str(folder))
    assert result.exit_code == 0 and "subs update" not in result.stderr
    edit_cue(folder / "film.en.srt", 2, "We lived near the old market square.")
    result = run("status", "-C", str(folder))
    assert result.exit_code == 0
    assert result.stderr == ("film.en.srt changed since the languages were synced: run subs "
                             "update\n")
    data = json.loads(run("status", "--format", "json", "-C", str(folder)).stdout)
    assert data["source"] == {"file": "film.en.srt", "readable": True, "changed": True,
                              "update_due": True}
    src = folder / "film.en.srt"
    src.write_text(src.read_text().replace("00:00:04,000 --> 00:00:06,500", "00:00:04,000 -> 6"))
    result = run("status", "-C", str(folder))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("film.en.srt:5: error: ")
    assert "film.en.srt: cannot be read; fix the errors above" in result.stderr


def test_16_5_status_of_a_language_lists_each_cue_and_its_state(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("ro", "none"))
    ro = folder / "languages" / "film.ro.srt"
    for k in (1, 2, 3):
        edit_cue(ro, k, ROMANIAN[k - 1])
    assert run("review", "ro", "--cues", "1-2", "--by", "Ana", "-C", str(folder)).exit_code == 0
    edit_cue(folder / "film.en.srt", 2, "We lived near the old market square.")
    assert run("update", "-C", str(folder)).exit_code == 0
    result = run("status", "ro", "-C", str(folder))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ("languages/film.ro.srt (ro): 10 cues: 1 stale, 0 machine, 1 edited, "
                        "1 reviewed, 7 empty")
    assert lines[2].split()[:2] == ["1", "reviewed"]
    assert lines[3].split()[:2] == ["2", "stale"]
    assert lines[4].split()[:2] == ["3", "edited"]
    assert lines[5].split() == ["4", "empty", "00:00:10,000", "-"]
    data = json.loads(run("status", "ro", "--format", "json", "-C", str(folder)).stdout)
    assert [c["state"] for c in data["cues"]] == ["reviewed", "stale", "edited"] + ["empty"] * 7
    first = data["cues"][0]
    assert (first["n"], first["start_ms"], first["end_ms"], first["state"], first["text"],
            first["source"], first["reviewed_by"]) == (1, 1000, 3500, "reviewed", ROMANIAN[0],
                                                       source_cues()[0].text, "Ana")
    from subs.project.queries import cue_state_name, language_cues

    assert [cue_state_name(c) for c in language_cues(folder / "languages", "ro")] == \
        [c["state"] for c in data["cues"]]


def test_16_7_importing_the_project_file_counts_the_volunteers_changes(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("ro", "none"))
    ro = folder / "languages" / "film.ro.srt"
    for k in range(1, 6):
        edit_cue(ro, k, ROMANIAN[k - 1])
    result = run("lang", "import", "ro", str(ro), "-C", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout == "languages/film.ro.srt: imported, 5 cue(s) changed\n"


def test_16_7_hints_name_only_options_the_command_has(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("ro", "none"))
    sent = tmp_path / "sent.ro.srt"
    write_srt(sent, with_texts(ROMANIAN))
    text = sent.read_text(encoding="utf-8").replace("ș", "ş").replace("ț", "ţ")  # cp1250 has ş
    sent.write_bytes(text.replace("\n", "\r\n").encode("cp1250"))
    for args in (["validate", str(sent)], ["lang", "import", "ro", str(sent)]):
        result = run(*args, "-C", str(folder))
        assert result.exit_code == 0, result.output
        assert "--crlf" not in result.output
        assert "not UTF-8; decoded as" in result.output
    result = run("validate", str(sent), "--encoding", "cp1250", "-C", str(folder))
    assert result.exit_code == 0 and "not UTF-8" not in result.output


def test_16_7_language_names_and_spellings_of_a_project_language(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("ro", "none"))
    result = run("lang", "add", "portuguese", "-C", str(folder))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown language tag 'portuguese': did you mean pt "
                                    "or pt-BR?")
    sent = write_srt(tmp_path / "film.ro-RO.srt", with_texts(ROMANIAN))
    result = run("lang", "import", "ro-RO", str(sent), "-C", str(folder))
    assert result.exit_code == 0, result.output
    assert "ro-RO is ro in this project: importing into languages/film.ro.srt" in result.stderr
    assert "ro-RO" not in (folder / "subs.toml").read_text()
    assert not (folder / "languages" / "film.ro-RO.srt").exists()
    result = run("lang", "add", "ro-RO", "--engine", "none", "-C", str(folder))
    assert result.exit_code == 1
    assert result.stderr == ("Error: language ro-RO is already in this project as ro "
                             "(languages/film.ro.srt)\n")
    spanish = write_srt(tmp_path / "film.es_ES.srt", with_texts(SPANISH))
    assert run("lang", "import", "es", str(spanish), "-C", str(folder)).exit_code == 0
    result = run("lang", "import", "es_ES", str(spanish), "-C", str(folder))
    assert result.exit_code == 0 and "es_ES is es in this project" in result.stderr
    assert sorted(p.name for p in (folder / "languages").iterdir()) == [
        "film.es.srt", "film.ro.srt"]


def test_16_7_pt_says_it_is_drafted_as_brazilian_portuguese(tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    result = run("lang", "add", "pt", "-q", "-C", str(folder))
    assert result.exit_code == 0, result.output
    assert ("languages/film.pt.srt: pt is taken as Portuguese (Brazil) (pt-BR), as the engines "
            "read it; for another variety name it: pt-PT") in result.stderr.splitlines()
    result = run("lang", "add", "pt-BR", "-C", str(folder))
    assert result.exit_code == 1 and "already in this project as pt" in result.stderr


def test_16_6_a_partial_language_is_left_out_or_shipped_flagged(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("ro", "none"))
    for k in range(1, 5):
        edit_cue(folder / "languages" / "film.ro.srt", k, ROMANIAN[k - 1])
    out = tmp_path / "pack"
    result = run("pack", str(folder), "-o", str(out), "--platforms", "youtube,vimeo")
    assert result.exit_code == 0, result.output
    assert not (out / "youtube" / "film.ro.srt").exists()
    assert not (out / "vimeo" / "film.ro.srt").exists()
    said = ("LEFT OUT of the pack: only 4 of 10 cues translated (40%, under 90%); finish it, "
            "or pass --partial to ship it flagged")
    assert f"ro: {said}" in result.stderr.splitlines()
    assert f"  ro       {said}" in result.stdout.splitlines()
    report = json.loads((out / "qa" / "report.json").read_text())
    ro = [r for r in report["languages"] if r["language"] == "ro"]
    assert [(r["notice"], r["file"], r["cues"]) for r in ro] == [(said, None, 0)]
    assert said in (out / "qa" / "report.html").read_text()
    result = run("pack", str(folder), "-o", str(out), "--platforms", "youtube,vimeo",
                 "--partial")
    assert result.exit_code == 0, result.output
    assert ROMANIAN[3] in (out / "youtube" / "film.ro.srt").read_text(encoding="utf-8")
    report = json.loads((out / "qa" / "report.json").read_text())
    ro = [r for r in report["languages"] if r["language"] == "ro"]
    assert ro[0]["notice"].startswith("PARTIAL: only 4 of 10 cues translated (40%, under 90%)")
    assert ro[0]["cues"] == 4
    result = run("pack", str(folder), "-o", str(tmp_path / "p3"), "--platforms", "youtube",
                 "--min-complete", "40")
    assert result.exit_code == 0 and (tmp_path / "p3" / "youtube" / "film.ro.srt").exists()


def test_16_3_a_cue_cut_and_one_added_is_not_every_cue_shifted(tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    cues = texts(source_cues())
    cues = cues[:4] + cues[5:] + [Cue(31000, 33500, "ro text 11")]  # same count, other cut
    sent = write_srt(tmp_path / "sent.ro.srt", cues)
    result = run("validate", str(sent), "-C", str(folder))
    assert result.exit_code == 1
    errors = [line.split(": error: ")[1] for line in result.stdout.splitlines()
              if ": error: " in line]
    assert errors == [
        "source cue 5 (00:00:13,000 --> 00:00:15,500) has no cue (add a cue with the source's "
        "times)",
        "cue 10 has no source cue at its time (00:00:31,000 --> 00:00:33,500) (delete it or give "
        "it the times of its source cue)"]
