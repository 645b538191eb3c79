"""Validation and import of a volunteer's file (issue 8): what blocks an import and what is only
reported, time alignment of merged, split and shifted cues, placeholders glued to words.

Regressions of an audit of the first version; each test fails on it.
"""
from __future__ import annotations

import json
from pathlib import Path

from subtitles.model import Cue
from tests.subs.project.common import edit_cue, make_project, read_cues, run, source_cues, write_srt

NAMES = Path(__file__).resolve().parents[2] / "data" / "glossary" / "names.csv"


def texts(cues: list[Cue], prefix: str = "ro text") -> list[Cue]:
    return [c.replace(text=f"{prefix} {k + 1}") for k, c in enumerate(cues)]


def merge_7_8(cues: list[Cue]) -> list[Cue]:
    return cues[:6] + [cues[6].replace(end_ms=cues[7].end_ms)] + cues[8:]


def test_shifted_cue_is_reported_when_the_count_differs(tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    cues = merge_7_8(texts(source_cues()))
    cues[0] = cues[0].replace(start_ms=2000, end_ms=4500)
    sent = write_srt(tmp_path / "sent.ro.srt", cues)
    result = run("validate", str(sent), "-C", str(folder))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{sent}: error: 9 cues, the source has 10 (keep one cue per source cue, with the "
        "source's times)",
        f"{sent}:2: error: cue 1 is shifted: 00:00:02,000 --> 00:00:04,500, source "
        "00:00:01,000 --> 00:00:03,500 (keep the source's times)",
        f"{sent}:6: error: overlaps the cue before it (line 2) by 500 ms (end the earlier cue "
        "sooner; subs fix trims overlaps)",
        f"{sent}:26: error: cue 7 merges source cues 7-8 (split it back along the source cues)"]


def test_a_merge_and_a_split_that_cancel_out_are_not_shifts(tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    cues = merge_7_8(texts(source_cues()))
    ninth = cues[7]  # source cue 9, 25.0 s to 27.5 s
    cues[7:8] = [ninth.replace(end_ms=26250), ninth.replace(start_ms=26250, text="ro text 9b")]
    sent = write_srt(tmp_path / "sent.ro.srt", cues)
    assert len(cues) == 10
    result = run("validate", str(sent), "-C", str(folder))
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if ": error: " in line] == [
        f"{sent}:26: error: cue 7 merges source cues 7-8 (split it back along the source cues)",
        f"{sent}:30: error: cues 8-9 split source cue 9 (join them into one cue)"]


def test_a_whole_file_shifted_is_every_cue_shifted(tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    cues = [c.replace(start_ms=c.start_ms + 5000, end_ms=c.end_ms + 5000)
            for c in texts(source_cues())]
    result = run("validate", str(write_srt(tmp_path / "sent.ro.srt", cues)), "-C", str(folder))
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 10 and all(" is shifted: " in line for line in errors)


def test_placeholders_glued_to_a_word_are_found_and_block_the_import(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("ro", "none"))
    cues = texts(source_cues())
    cues[2] = cues[2].replace(text="XNE0Xha llegado")  # what Apertium returns for "XNE0X's"
    cues[4] = cues[4].replace(text="lxne1X")
    sent = write_srt(tmp_path / "sent.ro.srt", cues)
    result = run("lang", "import", "ro", str(sent), "-C", str(folder))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{sent}:10: error: cue 3 holds a glossary placeholder 'XNE0X' (put the name back by "
        "hand)",
        f"{sent}:18: error: cue 5 holds a glossary placeholder 'xne1X' (put the name back by "
        "hand)",
        f"Error: {sent}: not imported; fix the errors above"]
    assert read_cues(folder / "languages" / "film.ro.srt")[2].text == ""


def test_problems_the_source_has_and_glossary_misses_do_not_block_an_import(
        tmp_path: Path) -> None:
    cues = source_cues()
    cues[1] = cues[1].replace(text="ZAKA volunteers came to our street.")
    cues[4] = cues[4].replace(start_ms=12300)  # overlaps cue 4 (ends 12.5 s) by 200 ms
    src = write_srt(tmp_path / "film.en.srt", cues)
    folder = tmp_path / "film"
    assert run("init", str(folder), "--source", str(src), "-g", str(NAMES)).exit_code == 0
    assert run("lang", "add", "ro", "--engine", "none", "-C", str(folder)).exit_code == 0
    sent = write_srt(tmp_path / "sent.ro.srt", texts(cues))
    result = run("lang", "import", "ro", str(sent), "-C", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f'{sent}:7: error: "ZAKA" expected, not found',
        f"{sent}:18: warning: overlaps the cue before it (line 14) by 200 ms, as in the source "
        "(end the earlier cue sooner; subs fix trims overlaps)"]
    assert result.stdout == "languages/film.ro.srt: imported, 10 cue(s) changed\n"
    status = json.loads(run("status", "--format", "json", "-C", str(folder)).stdout)
    assert (status["languages"][0]["edited"], status["languages"][0]["problems"]) == (10, 2)
    ro = folder / "languages" / "film.ro.srt"
    result = run("validate", str(ro), "-C", str(folder))  # the translator's own error: exit 1
    assert result.exit_code == 1
    assert result.stderr == f"Error: {ro}: 1 error(s), 1 warning(s)\n"
    edit_cue(ro, 2, "ro ZAKA 2")
    result = run("validate", str(ro), "-C", str(folder))  # only the source's overlap is left
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == f"{ro}: ok (1 warning(s))"


def test_review_skips_cues_without_text(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("ro", "none"))
    result = run("review", "ro", "--all", "--by", "X", "-C", str(folder))
    assert result.exit_code == 0
    assert result.stdout == ("languages/film.ro.srt: 0 of 10 cues marked reviewed (10 without "
                             "text skipped)\n")
    ro = folder / "languages" / "film.ro.srt"
    edit_cue(ro, 1, "Numele meu este Anna.")
    edit_cue(ro, 3, "Tatăl meu era croitor.")
    result = run("review", "ro", "--cues", "1-3", "--by", "X", "-C", str(folder))
    assert result.exit_code == 0
    assert result.stderr == "languages/film.ro.srt: cue 2 has no text; not marked reviewed\n"
    assert result.stdout == ("languages/film.ro.srt: 2 of 10 cues marked reviewed (1 without "
                             "text skipped)\n")
    row = json.loads(run("status", "--format", "json", "-C", str(folder)).stdout)["languages"][0]
    assert (row["reviewed"], row["edited"], row["empty"]) == (2, 0, 8)


def test_import_adds_a_language_the_project_does_not_have(tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    cues = texts(source_cues(), "ca text")
    cues[9] = cues[9].replace(text="")
    sent = write_srt(tmp_path / "sent.ca.srt", cues)
    result = run("lang", "import", "ca", str(sent), "-C", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"languages/film.ca.srt: language ca added from {sent}, 9 cue(s) "
                             "with text, recorded as edited\n")
    assert result.stderr == f"{sent}:38: error: cue has no text (delete the cue or add its text)\n"
    assert '[languages.ca]\nfile = "languages/film.ca.srt"' in (folder / "subs.toml").read_text()
    assert [c.text for c in read_cues(folder / "languages" / "film.ca.srt")] == [
        f"ca text {k}" for k in range(1, 10)] + [""]
    row = json.loads(run("status", "--format", "json", "-C", str(folder)).stdout)["languages"][0]
    assert (row["language"], row["edited"], row["empty"], row["machine"]) == ("ca", 9, 1, 0)
    source = run("lang", "import", "en", str(sent), "-C", str(folder))
    assert source.stderr == "Error: en is the source language of this project\n"
    (folder / "languages" / "film.de.srt").write_text("typed before subs knew\n")
    taken = run("lang", "import", "de", str(sent), "-C", str(folder))
    assert taken.exit_code == 1
    assert taken.stderr == ("Error: languages/film.de.srt already exists and is not in subs.toml;"
                            " move it away or import that file\n")
