"""``subs pack PROJECT_DIR``: a project's languages are packed as people left them."""
from __future__ import annotations

import json
from pathlib import Path

from tests.subs.project.common import edit_cue, make_project, run


def test_pack_of_a_project_folder_uses_the_edited_files(tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    assert run("lang", "add", "ro", "--engine", "none", "-C", str(folder)).exit_code == 0
    for k in range(1, 11):
        edit_cue(folder / "languages" / "film.ro.srt", k, f"Textul {k} scris de un om")
    out = tmp_path / "pack"
    result = run("pack", str(folder), "-o", str(out), "--platforms", "youtube,web", "-q")
    assert result.exit_code == 0, result.output
    youtube = (out / "youtube" / "film.ro.srt").read_text(encoding="utf-8")
    assert "Textul 3 scris de un om" in youtube
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["title"] == "film"
    languages = {f["language"] for f in manifest["files"] if f["platform"] == "youtube"}
    assert languages == {"en", "ro"}


def test_pack_of_a_project_refuses_a_language_it_does_not_have(tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    result = run("pack", str(folder), "--to", "es", "-o", str(tmp_path / "pack"))
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {folder}: no language es in this project (it has: none; "
                             "add one with subs lang add)\n")
