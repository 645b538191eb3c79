"""Writing a pack from finished tracks: layout, manifest, escaping, RTL, edits kept, zip.

Tracks are the hand-written English and Hebrew fixtures (no Hebrew MT exists here), so these
tests need no model or engine.
"""
from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from subtitles.io import load_track
from subtitles.platforms import BIDI_CONTROLS, PDF, RLE, RLM

from subs.packing.pipeline import PackOptions, PackResult, publish
from subs.packing.web import SCRIPT, SCRIPT_HASH

DATA = Path(__file__).resolve().parent / "data"
TITLE = 'Roads <script>alert(1)</script> & "friends"'

EXPECTED = [
    "facebook/roads.en_US.srt", "facebook/roads.he_IL.srt",
    "qa/report.html", "qa/report.json",
    "vimeo/roads.en.srt", "vimeo/roads.en.vtt", "vimeo/roads.he.srt", "vimeo/roads.he.vtt",
    "web/index.html", "web/roads.en.vtt", "web/roads.he.vtt",
    "x/README.txt", "x/roads.en.srt", "x/roads.he.srt",
    "youtube/roads.en.sbv", "youtube/roads.en.srt", "youtube/roads.he.sbv",
    "youtube/roads.he.srt",
]


def make_pack(out: Path, **changes: object) -> PackResult:
    options = dict(input=DATA / "roads.en.srt", out=out, targets=("he",), title=TITLE,
                   sbv=True)
    options.update(changes)
    en = load_track(DATA / "roads.en.srt").track
    he = load_track(DATA / "roads.he.srt").track
    return publish(PackOptions(**options), {"en": en, "he": he}, {})  # type: ignore[arg-type]


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    make_pack(tmp_path / "pack", zip=True)
    return tmp_path / "pack"


def test_golden_manifest_shape(pack: Path) -> None:
    manifest = json.loads((pack / "manifest.json").read_text("utf-8"))
    assert list(manifest) == ["title", "tool", "files"]
    assert manifest["title"] == TITLE
    assert manifest["tool"]["subs"]
    assert [f["path"] for f in manifest["files"]] == EXPECTED
    for entry in manifest["files"]:
        assert list(entry) == ["path", "platform", "language", "cues", "sha256"]
        data = (pack / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["platform"] == ("qa" if entry["path"].startswith("qa/")
                                     else entry["path"].split("/")[0])
    subtitles = [f for f in manifest["files"] if f["path"].endswith((".srt", ".vtt", ".sbv"))]
    assert {(f["language"], f["cues"]) for f in subtitles} == {("en", 4), ("he", 4)}


def test_x_readme_names_the_language_of_each_file(pack: Path) -> None:
    readme = (pack / "x" / "README.txt").read_text("utf-8")
    assert "roads.en.srt" in readme and "English (en)" in readme
    assert "roads.he.srt" in readme and "Hebrew (he)" in readme


def test_cue_text_and_title_are_escaped(pack: Path) -> None:
    page = (pack / "web" / "index.html").read_text("utf-8")
    report = (pack / "qa" / "report.html").read_text("utf-8")
    for html in (page, report):
        assert "Roads &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;" in html
    assert "<script>" not in report
    assert page.count("<script>") == 1  # ours, allowed by its hash in the CSP; no other runs
    assert f"script-src 'sha256-{SCRIPT_HASH}'" in page
    assert 'label="English (original)" data-dir="ltr" default>' in page
    assert 'srclang="he" label="Hebrew" data-dir="rtl">' in page
    vtt = (pack / "web" / "roads.en.vtt").read_text("utf-8")
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt; was typed here." in vtt
    assert "<i>Kibbutz Re'im</i> &amp; the Nova festival." in vtt
    youtube = (pack / "youtube" / "roads.en.srt").read_text("utf-8")
    assert "<i>" not in youtube and "Kibbutz Re'im & the Nova festival." in youtube


def test_the_page_script_is_the_one_its_hash_allows(pack: Path) -> None:
    import base64
    import hashlib

    page = (pack / "web" / "index.html").read_text("utf-8")
    inline = page.split("<script>", 1)[1].split("</script>", 1)[0]
    assert inline == SCRIPT
    assert base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode() == SCRIPT_HASH


def test_rtl_marks_only_where_the_player_needs_them(pack: Path) -> None:
    upload = (pack / "youtube" / "roads.he.srt").read_text("utf-8")
    assert f"{RLE}נסענו דרומה בכביש 232.{PDF}" in upload
    assert f"{RLE}- מה קרה?{PDF}\n{RLE}- הם רצו!{PDF}" in upload
    assert f"{RLE}ZAKA הגיעו משדרות.{PDF}" in (pack / "facebook" / "roads.he_IL.srt").read_text()
    assert f"{RLM}ZAKA הגיעו משדרות." in (pack / "vimeo" / "roads.he.vtt").read_text("utf-8")
    web = (pack / "web" / "roads.he.vtt").read_text("utf-8")
    assert not BIDI_CONTROLS & set(web)
    assert not BIDI_CONTROLS & set((pack / "youtube" / "roads.en.srt").read_text("utf-8"))
    assert 'lang="he" dir="rtl"' in (pack / "web" / "index.html").read_text("utf-8")


def test_qa_report_points_into_the_pack(pack: Path) -> None:
    report = json.loads((pack / "qa" / "report.json").read_text("utf-8"))
    languages = {item["language"]: item for item in report["languages"]}
    assert set(languages) == {"en", "he"}
    assert languages["en"]["source"] is True
    assert languages["he"]["file"] == "vimeo/roads.he.srt"
    assert languages["he"]["cues"] == 4
    for item in report["languages"]:
        for problem in item["readability"]:
            assert problem["path"] == item["file"] and problem["line"] >= 1


def test_qa_lists_glossary_misses_with_their_pack_line(tmp_path: Path) -> None:
    from glossary.load import load_glossary

    from subs.packing.stages import Translation

    en = load_track(DATA / "roads.en.srt").track
    he = load_track(DATA / "roads.he.srt").track
    opts = PackOptions(input=DATA / "roads.en.srt", out=tmp_path, targets=("he",), title="t",
                       platforms=("vimeo",))
    publish(opts, {"en": en, "he": he}, {"he": Translation(he, "hand-written")},
            load_glossary(DATA / "names.csv"))
    report = json.loads((tmp_path / "qa" / "report.json").read_text("utf-8"))
    hebrew = report["languages"][1]
    assert [(p["path"], p["line"], p["message"]) for p in hebrew["glossary_misses"]] == [
        ("vimeo/roads.he.srt", 15, '"זק״א" expected, not found')]
    assert hebrew["engine"] == "hand-written"
    html = (tmp_path / "qa" / "report.html").read_text("utf-8")
    assert "<code>vimeo/roads.he.srt:15</code>" in html
    assert "&quot;זק״א&quot; expected, not found" in html


def test_zip_holds_relative_paths_only(pack: Path) -> None:
    with zipfile.ZipFile(pack / "pack.zip") as archive:
        names = archive.namelist()
    assert sorted(names) == sorted(EXPECTED + ["manifest.json"])
    assert not any(name.startswith("/") or ".." in name.split("/") for name in names)


def test_rerun_keeps_a_file_a_person_edited(pack: Path) -> None:
    edited = pack / "youtube" / "roads.en.srt"
    text = edited.read_text("utf-8").replace("Route 232", "Highway 232")
    edited.write_text(text, "utf-8")
    untouched = (pack / "vimeo" / "roads.en.srt").stat().st_mtime_ns
    result = make_pack(pack)
    assert edited.read_text("utf-8") == text
    assert result.kept == [("youtube/roads.en.srt", "youtube/roads.en.srt.new")]
    assert "Route 232" in (pack / "youtube" / "roads.en.srt.new").read_text("utf-8")
    assert (pack / "vimeo" / "roads.en.srt").stat().st_mtime_ns == untouched  # reused as is
    manifest = json.loads((pack / "manifest.json").read_text("utf-8"))
    entry = next(f for f in manifest["files"] if f["path"] == "youtube/roads.en.srt")
    assert entry["note"] == "edited by a person; kept"
    assert entry["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    # A second rerun still knows the file was edited (the record is of what *we* wrote).
    assert make_pack(pack).kept == [("youtube/roads.en.srt", "youtube/roads.en.srt.new")]
    assert edited.read_text("utf-8") == text
    assert make_pack(pack, force=True).kept == []
    assert "Route 232" in edited.read_text("utf-8")


def test_platforms_limit_the_pack(tmp_path: Path) -> None:
    result = make_pack(tmp_path / "pack", platforms=("facebook",), sbv=False)
    assert sorted(f.path for f in result.files) == [
        "facebook/roads.en_US.srt", "facebook/roads.he_IL.srt", "manifest.json",
        "qa/report.html", "qa/report.json"]
    assert result.index is None


def on_disk(pack: Path) -> list[str]:
    return sorted(p.relative_to(pack).as_posix() for p in pack.rglob("*")
                  if p.is_file() and ".subs" not in p.parts)


def assert_manifest_is_the_folder(pack: Path) -> list[dict[str, object]]:
    """The manifest lists every file in the folder but itself and pack.zip, sha256 as on disk."""
    files: list[dict[str, object]] = json.loads(
        (pack / "manifest.json").read_text("utf-8"))["files"]
    assert [f["path"] for f in files] == [
        rel for rel in on_disk(pack) if rel not in ("manifest.json", "pack.zip")]
    for entry in files:
        data = (pack / str(entry["path"])).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    return files


def test_narrower_rerun_removes_unedited_files_and_keeps_edited_ones(pack: Path) -> None:
    """Audit of issue 7: old platforms' and languages' files stayed, unlisted, with the zip."""
    edited = pack / "facebook" / "roads.he_IL.srt"
    edited.write_text(edited.read_text("utf-8").replace("232", "232!"), "utf-8")
    (pack / "x" / "notes.txt").write_text("a person's own file\n", "utf-8")
    en = load_track(DATA / "roads.en.srt").track
    result = publish(PackOptions(input=DATA / "roads.en.srt", out=pack, targets=(), title=TITLE,
                                 platforms=("youtube", "web")), {"en": en}, {})
    assert on_disk(pack) == ["facebook/roads.he_IL.srt", "manifest.json", "qa/report.html",
                             "qa/report.json", "web/index.html", "web/roads.en.vtt",
                             "x/notes.txt", "youtube/roads.en.srt"]
    assert result.stale == ["facebook/roads.he_IL.srt"]
    assert "youtube/roads.he.sbv" in result.removed and "x/README.txt" in result.removed
    assert not (pack / "vimeo").exists() and not (pack / "pack.zip").exists()
    files = {str(f["path"]): f for f in assert_manifest_is_the_folder(pack)}
    assert files["facebook/roads.he_IL.srt"]["note"] == (
        "edited by a person; no longer made by this pack; kept")
    assert files["facebook/roads.he_IL.srt"]["language"] == "he"
    assert files["x/notes.txt"]["note"] == "not written by subs pack; kept"
    # The edit is still known as one on the next run, and nothing else moves.
    again = publish(PackOptions(input=DATA / "roads.en.srt", out=pack, targets=(), title=TITLE,
                                platforms=("youtube", "web")), {"en": en}, {})
    assert again.stale == ["facebook/roads.he_IL.srt"] and again.removed == []


def test_new_copies_stay_out_of_the_zip_and_go_when_settled(pack: Path) -> None:
    edited = pack / "web" / "index.html"
    edited.write_text(edited.read_text("utf-8").replace("<body", "<body data-x"), "utf-8")
    assert make_pack(pack, zip=True).kept == [("web/index.html", "web/index.html.new")]
    with zipfile.ZipFile(pack / "pack.zip") as archive:
        names = archive.namelist()
    assert "web/index.html" in names and "web/index.html.new" not in names
    assert "web/index.html.new" in {str(f["path"]) for f in assert_manifest_is_the_folder(pack)}
    (pack / "web" / "index.html.new").replace(edited)  # the person takes the new page
    result = make_pack(pack, zip=True)
    assert result.kept == [] and result.removed == []
    assert "web/index.html.new" not in on_disk(pack)
    assert_manifest_is_the_folder(pack)


def test_a_rerun_without_zip_removes_the_old_zip(pack: Path) -> None:
    assert (pack / "pack.zip").exists()
    result = make_pack(pack)
    assert result.zip_path is None and not (pack / "pack.zip").exists()
    assert_manifest_is_the_folder(pack)


def test_media_placed_by_a_link_is_removed_when_no_longer_wanted(tmp_path: Path) -> None:
    film = tmp_path / "film.flac"
    film.write_bytes(b"fLaC not really")
    en = load_track(DATA / "roads.en.srt").track
    opts = PackOptions(input=film, out=tmp_path / "pack", targets=(), platforms=("web",))
    publish(opts, {"en": en}, {})
    assert (tmp_path / "pack" / "web" / "film.flac").exists()
    assert_manifest_is_the_folder(tmp_path / "pack")
    import dataclasses

    result = publish(dataclasses.replace(opts, media="none"), {"en": en}, {})
    assert result.removed == ["web/film.flac"] and film.exists()
    assert_manifest_is_the_folder(tmp_path / "pack")
