"""The project commands through ``subs.cli.cli``: output, exact ``Error:`` lines, files left.

These use ``--engine none`` (empty-text copies), so no engine is needed; the real-engine
scenario is in test_scenario.py.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from subs.project.folder import open_project
from subs.project.pack import project_tracks
from tests.subs.project.common import (edit_cue, make_project, read_cues, run, source_cues,
                                       write_srt)


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def fill(path: Path, prefix: str = "ro") -> None:
    """Type a translation into every cue, as a volunteer would."""
    for k in range(1, 11):
        edit_cue(path, k, f"{prefix} text {k}")


def test_init_makes_the_folder(tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == [
        ".gitignore", ".subs", "film.en.srt", "languages", "subs.toml"]
    toml = (folder / "subs.toml").read_text()
    assert 'title = "film"' in toml and 'source_language = "en"' in toml
    assert read_cues(folder / "film.en.srt") == read_cues(tmp_path / "film.en.srt")


def test_init_refuses_an_existing_project_and_a_nameless_source(tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    result = run("init", str(folder), "--source", str(tmp_path / "film.en.srt"))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {folder} is already a subs project (subs.toml exists)\n"
    bare = write_srt(tmp_path / "movie.srt", source_cues())
    result = run("init", str(tmp_path / "other"), "--source", str(bare))
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {bare}: cannot tell the source language from the name; "
                             "pass --language (e.g. --language en) or name it film.en.srt\n")


def test_lang_add_without_engine_gives_an_empty_copy(tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    result = run("lang", "add", "ro", "--engine", "none", "-C", str(folder))
    assert result.exit_code == 0
    assert result.stdout == ("languages/film.ro.srt: 10 empty cues with the source timing (no "
                             "engine for this pair; type the text in any editor)\n")
    cues = read_cues(folder / "languages" / "film.ro.srt")
    assert [(c.start_ms, c.end_ms, c.text) for c in cues] == [
        (c.start_ms, c.end_ms, "") for c in source_cues()]
    again = run("lang", "add", "RO", "-C", str(folder))
    assert again.exit_code == 1
    assert again.stderr == ("Error: language ro is already in this project "
                            "(languages/film.ro.srt)\n")


def test_commands_outside_a_project_say_how_to_make_one(tmp_path: Path) -> None:
    result = run("status", "-C", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {tmp_path} is not inside a subs project (no subs.toml); "
                             "create one with: subs init FOLDER --source film.en.srt\n")


def test_status_counts_edits_in_the_file(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("ro", "none"))
    ro = folder / "languages" / "film.ro.srt"
    edit_cue(ro, 1, "Numele meu este Anna.")
    edit_cue(ro, 2, "Locuiam lângă piață.")
    result = run("status", "-C", str(folder))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "film: source en, 10 cues",
        "language    cues  empty  machine  edited  reviewed  stale  problems  progress",
        # the 8 problems are the 8 cues still empty
        "ro            10      8        0       2         0      0         8  "
        "[++++................]  20%"]
    data = json.loads(run("status", "--format", "json", "-C", str(folder)).stdout)
    assert data["languages"][0]["edited"] == 2 and data["languages"][0]["empty"] == 8


def test_review_marks_cues_and_an_edit_clears_the_review(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("ro", "none"))
    ro = folder / "languages" / "film.ro.srt"
    fill(ro)
    result = run("review", "ro", "--cues", "1-3,7", "--by", "Ana Pop", "-C", str(folder))
    assert result.exit_code == 0
    assert result.stdout == "languages/film.ro.srt: 4 of 10 cues marked reviewed\n"
    project = open_project(folder)
    slots = project.state.slots("ro")
    project.close()
    assert [k + 1 for k, s in enumerate(slots) if s.status == "reviewed"] == [1, 2, 3, 7]
    assert {s.reviewed_by for s in slots if s.status == "reviewed"} == {"Ana Pop"}
    edit_cue(ro, 2, "ro text 2, better")
    data = json.loads(run("status", "--format", "json", "-C", str(folder)).stdout)
    assert (data["languages"][0]["reviewed"], data["languages"][0]["edited"]) == (3, 7)
    bad = run("review", "ro", "--cues", "9-12", "-C", str(folder))
    assert bad.exit_code == 1
    assert bad.stderr == "Error: --cues 9-12: cues are numbered 1 to 10\n"
    neither = run("review", "ro", "-C", str(folder))
    assert neither.exit_code == 2 and "pass --cues 1-40 or --all" in neither.stderr
    unknown = run("review", "de", "--all", "-C", str(folder))
    assert unknown.stderr == ("Error: language de is not in this project (languages: ro; "
                              "add it with: subs lang add de)\n")


def test_validate_reports_shifted_merged_untranslated_and_tokens(tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    cues = [c.replace(text=f"text {k}") for k, c in enumerate(source_cues())]
    cues[3] = cues[3].replace(start_ms=cues[3].start_ms + 400, end_ms=cues[3].end_ms + 400)
    cues[5] = cues[5].replace(text=source_cues()[5].text)
    cues[6] = cues[6].replace(text="Nu am văzut XNE0X niciodată.")
    sent = write_srt(tmp_path / "film.ro.srt", cues)
    result = run("validate", str(sent), "-C", str(folder))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:3] == [
        f"{sent}:14: error: cue 4 is shifted: 00:00:10,400 --> 00:00:12,900, source "
        "00:00:10,000 --> 00:00:12,500 (keep the source's times)",
        f"{sent}:26: error: cue 7 holds a glossary placeholder 'XNE0X' (put the name back by hand)",
        f"{sent}:22: warning: cue 6 is identical to the source (untranslated?)",
    ]
    assert result.stderr == f"Error: {sent}: 2 error(s), 1 warning(s)\n"
    merged = source_cues()
    merged[2:4] = [merged[2].replace(end_ms=merged[3].end_ms, text="unit")]
    sent2 = write_srt(tmp_path / "merged.ro.srt", [c.replace(text="x y") for c in merged])
    result = run("validate", str(sent2), "-C", str(folder))
    assert result.stdout.splitlines()[:2] == [
        f"{sent2}: error: 9 cues, the source has 10 (keep one cue per source cue, with the "
        "source's times)",
        f"{sent2}:10: error: cue 3 merges source cues 3-4 (split it back along the source cues)"]


def test_import_refuses_changing_reviewed_cues_and_force_keeps_old_text(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("ro", "none"))
    ro = folder / "languages" / "film.ro.srt"
    fill(ro)
    assert run("review", "ro", "--cues", "2", "--by", "Ana", "-C", str(folder)).exit_code == 0
    sent = write_srt(tmp_path / "sent.ro.srt", [c.replace(text=f"volunteer {k + 1}")
                                                for k, c in enumerate(source_cues())])
    before = digest(folder)
    result = run("lang", "import", "ro", str(sent), "-C", str(folder))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{sent}:6: error: cue 2 was reviewed by Ana; the file changes it (pass --force to "
        "replace reviewed cues)",
        f"Error: {sent}: not imported; 1 reviewed cue(s) would change (pass --force to "
        "replace them)"]
    assert digest(folder) == before
    result = run("lang", "import", "ro", str(sent), "--force", "-C", str(folder))
    assert result.exit_code == 0
    assert result.stderr == (f"{sent}:6: warning: cue 2 was reviewed by Ana; replaced (the "
                             "reviewed text is kept in conflicts/)\n")
    assert result.stdout == ("languages/film.ro.srt: imported, 10 cue(s) changed; 10 replaced "
                             "text(s) kept in conflicts/\n")
    assert [c.text for c in read_cues(ro)] == [f"volunteer {k}" for k in range(1, 11)]
    kept = (folder / "conflicts" / "film.ro.txt").read_text()
    assert all(f"ro text {k}\n" in kept for k in range(1, 11))


def test_broken_hand_edit_is_reported_and_nothing_is_touched(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("ro", "none"))
    ro = folder / "languages" / "film.ro.srt"
    ro.write_text(ro.read_text().replace("00:00:04,000 --> 00:00:06,500", "00:00:04,000 -> 6"))
    before = digest(folder)
    write_srt(folder / "film.en.srt", source_cues(shift_ms=500))
    before = digest(folder)
    result = run("update", "-C", str(folder))
    assert result.exit_code == 1
    # issue 16: named relative to the project, as the summary lines name it
    assert result.stderr.splitlines()[0] == ("languages/film.ro.srt:4: error: text outside any "
                                             "cue (a missing timing line?): '2' (fix it or pass "
                                             "--lenient)")
    assert result.stderr.splitlines()[-1] == ("Error: languages/film.ro.srt: cannot be read; "
                                              "nothing was updated (fix the errors above)")
    assert digest(folder) == before


def test_pack_takes_the_languages_as_typed(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("ro", "none"))
    edit_cue(folder / "languages" / "film.ro.srt", 3, "Tatăl meu era croitor.")
    got = project_tracks(folder)
    assert list(got.tracks) == ["en", "ro"]
    assert [c.text for c in got.tracks["ro"]] == ["Tatăl meu era croitor."]
    assert got.tracks["ro"][0].start_ms == source_cues()[2].start_ms
    assert got.notes == ("languages/film.ro.srt: 9 cue(s) without text left out",)


def test_status_reports_a_broken_file_and_still_counts_the_others(tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("ca", "none"), ("ro", "none"))
    ro = folder / "languages" / "film.ro.srt"
    ro.write_text(ro.read_text().replace("00:00:04,000 --> 00:00:06,500", "00:00:04,000 -> 6"))
    result = run("status", "-C", str(folder))
    assert result.exit_code == 1
    rel = "languages/film.ro.srt"  # issue 16: relative to the project, as in the table
    assert result.stderr.splitlines() == [
        f"{rel}:4: error: text outside any cue (a missing timing line?): '2' (fix it or pass "
        "--lenient)",
        f"{rel}:5: error: timing line without '-->': '00:00:04,000 -> 6' (fix it or pass "
        "--lenient)",
        f"{rel}:7: warning: cue number 3, expected 2"]
    # ca: its 10 empty cues are its problems; ro: counts from the state, its 3 parse problems
    assert result.stdout.splitlines()[2:] == [
        "ca            10     10        0       0         0      0        10  "
        "[....................]   0%",
        "ro            10     10        0       0         0      0         3  "
        "[....................]   0%  (unreadable: fix the errors above)"]


def test_13_status_says_which_languages_are_unreviewed_machine_translation(
        tmp_path: Path) -> None:
    folder = make_project(tmp_path, ("es", "apertium"), ("ro", "none"))
    edit_cue(folder / "languages" / "film.es.srt", 1, "Me llamo Anna.")
    result = run("status", "-C", str(folder))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    drafts = [line for line in lines if "machine translation" in line]
    assert len(drafts) == 1 and drafts[0].startswith(
        "es: 9 of 10 cues are unreviewed machine translation (apertium ")
    data = json.loads(run("status", "--format", "json", "-C", str(folder)).stdout)
    by_tag = {item["language"]: item for item in data["languages"]}
    assert by_tag["es"]["machine_translation"] == drafts[0][len("es: "):]
    assert by_tag["ro"]["machine_translation"] is None
