"""``subs pack`` through the CLI: exact errors, and a real pack from a source SRT (Apertium)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from subs.cli import cli

DATA = Path(__file__).resolve().parent / "packing" / "data"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["pack", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("args, error", [
    (["--to", "../../x"], "Error: unknown language tag '../../x': not a language tag (use a "
                          "BCP-47 tag such as en, he, ar, es, ca, pt-BR, zh-Hans)"),
    (["--platforms", "youtube,tiktok"],
     "Error: unknown platform 'tiktok'; known platforms: youtube, facebook, x, vimeo, web"),
    (["--profile", "nope"], "Error: unknown profile 'nope'; known profiles: documentary, "
                            "relaxed"),
])
def test_bad_arguments_fail_before_any_work(tmp_path: Path, args: list[str],
                                            error: str) -> None:
    code, out, err = run(str(DATA / "roads.en.srt"), "-o", str(tmp_path / "pack"), *args)
    assert code == 1
    assert err.splitlines()[-1] == error
    assert not (tmp_path / "pack").exists()


def test_missing_input(tmp_path: Path) -> None:
    code, out, err = run(str(tmp_path / "film.mp4"), "-o", str(tmp_path / "pack"))
    assert code == 1
    assert err.splitlines()[-1] == f"Error: {tmp_path / 'film.mp4'}: no such file"


def test_a_language_without_an_engine_names_the_installed_pairs(tmp_path: Path) -> None:
    code, out, err = run(str(DATA / "roads.en.srt"), "-o", str(tmp_path / "pack"),
                         "--to", "ja", "--engine", "apertium")
    assert code == 1
    assert err.splitlines()[-1].startswith(
        "Error: engine 'apertium' has no pair for en -> ja; installed pairs: ")
    assert not (tmp_path / "pack").exists()


@pytest.mark.e2e
def test_pack_from_a_source_srt_with_apertium(tmp_path: Path) -> None:
    film = tmp_path / "roads.en.srt"
    shutil.copy(DATA / "roads.en.srt", film)
    args = [str(film), "-o", str(tmp_path / "pack"), "--to", "es,ca", "--engine", "apertium",
            "--platforms", "youtube,web", "--title", "Roads", "--zip"]
    code, out, err = run(*args)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[:15] == [f"{tmp_path / 'pack'}/", "  qa/", "    report.html", "    report.json",
                          "  web/", "    index.html", "    roads.ca.vtt", "    roads.en.vtt",
                          "    roads.es.vtt", "  youtube/", "    roads.ca.srt", "    roads.en.srt",
                          "    roads.es.srt", "  manifest.json", "  pack.zip"]
    assert "QA summary (details in qa/report.html):" in lines
    assert lines[-2:] == [f"Zip: {tmp_path / 'pack' / 'pack.zip'}",
                          f"Web page: {(tmp_path / 'pack' / 'web' / 'index.html').resolve()}"]
    spanish = (tmp_path / "pack" / "youtube" / "roads.es.srt").read_text("utf-8")
    assert "Ruta 232" in spanish
    manifest = json.loads((tmp_path / "pack" / "manifest.json").read_text("utf-8"))
    assert manifest["tool"]["engine:es"].startswith("apertium")
    # A rerun reuses both translations (notes on stderr) and keeps the pack as it was.
    code, out2, err = run(*args)
    assert code == 0, err
    assert f"es: reused the translation in {tmp_path / 'pack' / '.subs' / 'es.srt'}" in err
    assert out2 == out
