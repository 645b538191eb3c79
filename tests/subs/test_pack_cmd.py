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


# What the engines are said to offer in tests whose error lines list languages.
PAIRS = {"bergamot": [("en", "pt-BR")], "argos": [],
         "apertium": [("ca", "en"), ("en", "ca"), ("en", "es"), ("es", "en")]}


@pytest.fixture
def pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("translate.engine.installed_pairs", lambda: PAIRS)


@pytest.mark.parametrize("args, error", [
    (["--platforms", "youtube,tiktok"],
     "Error: unknown platform 'tiktok'; known platforms: youtube, facebook, x, vimeo, web"),
    (["--platforms", ","],  # audit of issue 7: was silently every platform
     "Error: no platform named in ','; known platforms: youtube, facebook, x, vimeo, web"),
    (["--platforms", ""],
     "Error: no platform named in ''; known platforms: youtube, facebook, x, vimeo, web"),
    (["--profile", "nope"], "Error: unknown profile 'nope'; known profiles: documentary, "
                            "relaxed"),
])
def test_bad_arguments_fail_before_any_work(tmp_path: Path, args: list[str],
                                            error: str) -> None:
    code, out, err = run(str(DATA / "roads.en.srt"), "-o", str(tmp_path / "pack"), *args)
    assert code == 1
    assert err.splitlines()[-1] == error
    assert not (tmp_path / "pack").exists()


@pytest.mark.parametrize("tag", ["xx-qq", "klingon", "../../x"])
def test_unknown_language_lists_the_languages_this_pack_can_make(
        tmp_path: Path, pairs: None, tag: str) -> None:
    code, out, err = run(str(DATA / "roads.en.srt"), "-o", str(tmp_path / "pack"),
                         "--to", f"es,{tag}")
    assert code == 1
    assert err.splitlines()[-1] == (f"Error: unknown language tag {tag!r} (languages this pack "
                                    "can make from en: ca, es, pt-BR, or en itself)")
    assert not (tmp_path / "pack").exists()


def test_unknown_language_lists_what_the_named_engine_makes(tmp_path: Path,
                                                            pairs: None) -> None:
    code, out, err = run(str(DATA / "roads.en.srt"), "-o", str(tmp_path / "pack"),
                         "--engine", "apertium", "--to", "xx-qq")
    assert code == 1
    assert err.splitlines()[-1] == ("Error: unknown language tag 'xx-qq' (languages this pack "
                                    "can make from en: ca, es, or en itself)")


def test_unknown_language_before_the_source_is_known(tmp_path: Path, pairs: None) -> None:
    code, out, err = run(str(tmp_path / "film.mp4"), "-o", str(tmp_path / "pack"),
                         "--to", "klingon")
    assert code == 1
    assert err.splitlines()[-1] == ("Error: unknown language tag 'klingon' (languages the "
                                    "installed engines can make: ca, en, es, pt-BR)")


def test_an_empty_source_is_refused_and_nothing_written(tmp_path: Path, pairs: None) -> None:
    source = tmp_path / "empty.en.srt"
    source.write_text("", "utf-8")
    code, out, err = run(str(source), "--to", "es", "-o", str(tmp_path / "pack"))
    assert code == 1
    assert err.splitlines()[-1] == (f"Error: {source}: no cues, so there is nothing to pack "
                                    "(check it is the source subtitle file and that it is not "
                                    "empty)")
    assert not (tmp_path / "pack").exists()


def test_a_rerun_settles_what_the_earlier_run_wrote(tmp_path: Path) -> None:
    """Audit of issue 7: a narrower rerun left old files, unlisted, and an old pack.zip."""
    film = tmp_path / "roads.en.srt"
    shutil.copy(DATA / "roads.en.srt", film)
    pack = tmp_path / "pack"
    code, out, err = run(str(film), "-o", str(pack), "--zip")
    assert code == 0, err
    (pack / "youtube" / "roads.en.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nMine\n")
    (pack / "x" / "roads.en.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nMine\n")
    code, out, err = run(str(film), "-o", str(pack), "--platforms", "youtube,web")
    assert code == 0, err
    lines = out.splitlines()
    start = lines.index("Needs a decision (new output beside a file a person edited; "
                        "not in pack.zip):")
    assert lines[start:start + 5] == [
        "Needs a decision (new output beside a file a person edited; not in pack.zip):",
        "  youtube/roads.en.srt.new  (keep youtube/roads.en.srt and delete this, or move this "
        "over it)",
        "",
        "Kept (edited by a person; this run no longer makes them):",
        "  x/roads.en.srt"]
    errors = err.splitlines()
    assert "pack.zip: removed (an earlier run's; pass --zip for a new one)" in errors
    assert ("vimeo/roads.en.vtt: no longer part of this pack; removed (it was as subs wrote it)"
            in errors)
    assert ("x/roads.en.srt: no longer part of this pack, but edited by a person; kept it "
            "(delete it if it is not wanted)") in errors
    on_disk = sorted(p.relative_to(pack).as_posix() for p in pack.rglob("*")
                     if p.is_file() and ".subs" not in p.parts)
    assert on_disk == ["manifest.json", "qa/report.html", "qa/report.json", "web/index.html",
                       "web/roads.en.vtt", "x/roads.en.srt", "youtube/roads.en.srt",
                       "youtube/roads.en.srt.new"]
    manifest = json.loads((pack / "manifest.json").read_text("utf-8"))
    assert [f["path"] for f in manifest["files"]] == on_disk[1:]
    assert not (pack / "vimeo").exists() and not (pack / "facebook").exists()


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
