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


def made_from(source: str | None, engines: tuple[str, ...] = ()) -> str:
    """The languages the installed engines (or ``engines``) make from ``source``, as the error
    lists them: the real installed pairs (audit of issue 7: a fixed stand-in list let the tests
    assert messages the tool never prints). Here: ca, eo, es, gl (Apertium), pt-BR (Bergamot)."""
    from translate.engine import installed_pairs

    made = {t for name, pairs in installed_pairs().items() if not engines or name in engines
            for s, t in pairs if source is None or s == source} - {source}
    assert {"ca", "es"} <= made  # the packs below need them; install apertium-eng-cat/-spa
    return ", ".join(sorted(made, key=str.lower))


@pytest.mark.parametrize("args, error", [
    (["--platforms", "youtube,tiktok"],
     "Error: unknown platform 'tiktok'; known platforms: youtube, facebook, x, vimeo, web"),
    (["--platforms", ","],  # audit of issue 7: was silently every platform
     "Error: no platform named in ','; known platforms: youtube, facebook, x, vimeo, web"),
    (["--platforms", ""],
     "Error: no platform named in ''; known platforms: youtube, facebook, x, vimeo, web"),
    (["--profile", "nope"], "Error: unknown profile 'nope'; known profiles: documentary, "
                            "netflix, relaxed"),
])
def test_bad_arguments_fail_before_any_work(tmp_path: Path, args: list[str],
                                            error: str) -> None:
    code, out, err = run(str(DATA / "roads.en.srt"), "-o", str(tmp_path / "pack"), *args)
    assert code == 1
    assert err.splitlines()[-1] == error
    assert not (tmp_path / "pack").exists()


@pytest.mark.parametrize("tag", ["xx-qq", "klingon", "../../x"])
def test_unknown_language_lists_the_languages_this_pack_can_make(
        tmp_path: Path, tag: str) -> None:
    code, out, err = run(str(DATA / "roads.en.srt"), "-o", str(tmp_path / "pack"),
                         "--to", f"es,{tag}")
    assert code == 1
    assert err.splitlines()[-1] == (f"Error: unknown language tag {tag!r} (languages this pack "
                                    f"can make from en: {made_from('en')}, or en itself)")
    assert not (tmp_path / "pack").exists()


def test_unknown_language_lists_what_the_named_engine_makes(tmp_path: Path) -> None:
    code, out, err = run(str(DATA / "roads.en.srt"), "-o", str(tmp_path / "pack"),
                         "--engine", "apertium", "--to", "xx-qq")
    assert code == 1
    listed = made_from("en", ("apertium",))
    assert "pt-BR" not in listed  # Bergamot's, not Apertium's
    assert err.splitlines()[-1] == ("Error: unknown language tag 'xx-qq' (languages this pack "
                                    f"can make from en: {listed}, or en itself)")


def test_unknown_language_before_the_source_is_known(tmp_path: Path) -> None:
    code, out, err = run(str(tmp_path / "film.mp4"), "-o", str(tmp_path / "pack"),
                         "--to", "klingon")
    assert code == 1
    listed = made_from(None)
    assert "en" in listed.split(", ")  # from any source: English too (ca -> en)
    assert err.splitlines()[-1] == ("Error: unknown language tag 'klingon' (languages the "
                                    f"installed engines can make: {listed})")


def test_an_empty_source_is_refused_and_nothing_written(tmp_path: Path) -> None:
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


@pytest.mark.e2e
def test_a_project_pack_checks_the_glossary_and_reports_review(tmp_path: Path) -> None:
    """Audit of issue 7: a project pack showed ``0 glossary`` for a hand-made Hebrew file that
    ``subs glossary check`` faults, ``0 review`` beside unreviewed machine drafts, no engine."""
    folder = tmp_path / "roads"
    cli_run = CliRunner().invoke
    assert cli_run(cli, ["init", str(folder), "--source", str(DATA / "roads.en.srt"),
                         "-g", str(DATA / "names.csv")]).exit_code == 0
    assert cli_run(cli, ["lang", "add", "es", "--engine", "apertium", "-C",
                         str(folder)]).exit_code == 0
    assert cli_run(cli, ["lang", "import", "he", str(DATA / "roads.he.srt"), "-C",
                         str(folder)]).exit_code == 0
    assert cli_run(cli, ["review", "es", "--cues", "1-3", "--by", "Ana", "-C",
                         str(folder)]).exit_code == 0
    check = cli_run(cli, ["glossary", "check", str(folder / "languages" / "roads.he.srt"),
                          "-g", str(folder / "names.csv"),
                          "--source", str(folder / "roads.en.srt")])
    assert check.exit_code == 1 and check.stderr.count("expected, not found") == 1

    pack = tmp_path / "pack"
    code, out, err = run(str(folder), "-o", str(pack), "--platforms", "vimeo,web")
    assert code == 0, err
    tools = json.loads((pack / "manifest.json").read_text())["tool"]
    assert tools["engine:es"].startswith("apertium ") and tools["engine:he"] == "by hand"
    assert "faster-whisper" not in tools and "ctranslate2" not in tools
    lines = out.splitlines()
    start = lines.index("QA summary (details in qa/report.html):") + 1
    summary = {line.split()[0]: line for line in lines[start:start + 3]}
    assert summary["es"].endswith(f"  0 glossary    1 review    0 split/moved  (machine "
                                  f"translation ({tools['engine:es']}), 1 of 4 cues unreviewed)")
    assert summary["he"].endswith("  1 glossary    0 review    0 split/moved  (by hand)")
    report = {item["language"]: item
              for item in json.loads((pack / "qa" / "report.json").read_text())["languages"]}
    assert [(p["path"], p["line"], p["message"]) for p in report["es"]["review"]] == [
        ("vimeo/roads.es.srt", 14, "cue 4 is a machine draft, not reviewed")]
    assert [(p["path"], p["line"]) for p in report["he"]["glossary_misses"]] == [
        ("vimeo/roads.he.srt", 15)]
    assert report["es"]["stats"] == {"machine": 1, "edited": 0, "reviewed": 3, "empty": 0}


def test_media_file_names_the_film_of_a_subtitle_input(tmp_path: Path) -> None:
    film = tmp_path / "roads.flac"
    film.write_bytes(b"fLaC not really")
    code, out, err = run(str(DATA / "roads.en.srt"), "-o", str(tmp_path / "pack"),
                         "--platforms", "web", "--media-file", str(film), "--media", "link")
    assert code == 0, err
    assert (tmp_path / "pack" / "web" / "roads.flac").resolve() == film.resolve()
    code, out, err = run(str(DATA / "roads.en.srt"), "-o", str(tmp_path / "pack2"),
                         "--media-file", str(DATA / "roads.he.srt"))
    assert code == 1
    assert err.splitlines()[-1] == (f"Error: {DATA / 'roads.he.srt'}: --media-file takes the "
                                    "film (audio or video), not a subtitle file")
    assert not (tmp_path / "pack2").exists()
