"""``subs pack``: film (or source SRT) -> every language -> every platform, with QA and a page.

Stages run in order, each reusing its cached result (see ``stages``): source track, glossary,
translations; then the platform files, the web page, the QA report, the manifest and the zip.
Every pack file is written atomically through a ``PackWriter``, which never replaces a file a
person edited since the last run (unless ``force``).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from subtitles.errors import SubsError
from subtitles.io import language_from_name, render_track
from subtitles.model import Track
from subtitles.platforms import PLATFORMS, file_name, prepare_track, safe_stem
from subtitles.progress import StageProgress

from subs.packing import qa as qa_mod
from subs.packing.checks import quality
from subs.packing.manifest import (MANIFEST, STATE_DIR, ZIP, PackFile, PackWriter,
                                   is_new_copy, manifest_json, tool_versions, zip_pack)
from subs.packing.media import place_media
from subs.packing.stages import Translation, WorkDir, is_subtitle_file, machine_draft
from subs.packing.web import WebTrack, index_html

if TYPE_CHECKING:
    from glossary.model import Glossary
    from subtitles.fit import Fitted

log = logging.getLogger(__name__)

ZIP_MEDIA_LIMIT = 200 * 1024 * 1024  # bigger media stays out of pack.zip (it is in the folder)


@dataclass(frozen=True)
class PackOptions:
    input: Path
    out: Path
    targets: tuple[str, ...]
    title: str | None = None
    source_language: str | None = None
    glossary: Path | None = None
    platforms: tuple[str, ...] = tuple(PLATFORMS)
    sbv: bool = False
    zip: bool = False
    force: bool = False
    model: str = "base"
    engine: str = "auto"
    profile: str = "documentary"
    media: str = "copy"  # copy | link | none
    media_file: Path | None = None  # the film for the page when the input is subtitles


@dataclass
class PackResult:
    root: Path
    files: list[PackFile]
    kept: list[tuple[str, str]]
    qa: list[qa_mod.LanguageQA]
    index: Path | None
    zip_path: Path | None
    timings_s: dict[str, float] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)  # an earlier run's files, unedited
    stale: list[str] = field(default_factory=list)  # an earlier run's files, edited: kept
    foreign: list[str] = field(default_factory=list)  # never written by subs: not in the pack


def run_pack(opts: PackOptions, progress: StageProgress | None = None,
             note: Callable[[str], None] = log.info) -> PackResult:
    from subs.packing.stages import source_stage, translate_stage

    if not opts.input.exists():
        raise SubsError(f"{opts.input}: no such file")
    check_media_file(opts.media_file)
    glossary = None
    if opts.glossary:
        from glossary.load import load_glossary

        glossary = load_glossary(opts.glossary)
    known = opts.source_language or (language_from_name(opts.input)
                                     if is_subtitle_file(opts.input) else None)
    if known and opts.targets:
        check_engines(opts.engine, known, opts.targets)
    work = WorkDir(opts.out / STATE_DIR)
    clock = time.perf_counter()
    timings: dict[str, float] = {}
    source = source_stage(opts.input, work, language=opts.source_language, model=opts.model,
                          glossary=glossary, glossary_path=opts.glossary, progress=progress)
    for line in source.notes:
        note(line)
    for change in source.changes:
        note(str(change))
    src_lang = source.track.language or "und"
    timings["source"] = time.perf_counter() - clock
    translations: dict[str, Translation] = {}
    for target in opts.targets:
        if target == src_lang:
            note(f"{target}: is the source language; not translated")
            continue
        translations[target] = translate_stage(
            source.track, target, work, engine_name=opts.engine, glossary=glossary,
            glossary_path=opts.glossary, profile=opts.profile, progress=progress)
        timings[f"translate {target}"] = time.perf_counter() - clock - sum(timings.values())
        if translations[target].reused:
            note(f"{target}: reused the translation in {work.root / (target + '.srt')}")
    tracks = {src_lang: source.track, **{t: tr.track for t, tr in translations.items()}}
    result = publish(opts, tracks, translations, glossary, source.model, note,
                     words=source.words)
    timings["publish"] = time.perf_counter() - clock - sum(timings.values())
    result.timings_s = timings
    return result


def check_media_file(path: Path | None) -> None:
    """``--media-file`` must be a film, not the subtitles (fail before any work)."""
    if path is not None and is_subtitle_file(path):
        raise SubsError(f"{path}: --media-file takes the film (audio or video), "
                        "not a subtitle file")


def check_engines(engine: str, source: str, targets: tuple[str, ...]) -> None:
    """Fail before a long transcription when a target has no engine (the error lists pairs)."""
    from translate.engine import ENGINES, find_pair, get_engine, installed_pairs

    pairs = installed_pairs()
    names = list(ENGINES) if engine == "auto" else [engine]
    for target in targets:
        if target != source and not any(find_pair(pairs.get(n, []), source, target)
                                        for n in names):
            get_engine(engine, source, target)  # raises EngineUnavailable naming the pairs


def publish(opts: PackOptions, tracks: dict[str, Track], translations: dict[str, Translation],
            glossary: "Glossary | None" = None, model: str | None = None,
            note: Callable[[str], None] = log.info,
            notices: dict[str, str] | None = None,
            words: Sequence[tuple[int, int]] = ()) -> PackResult:
    """Write the pack from finished tracks (the first is the source): files, page, QA, manifest.

    ``notices``: a sentence per language for the top of its QA section (a partial language,
    shipped or left out; a language left out has no track and gets a section of its own).
    ``words``: the (start_ms, end_ms) of each transcribed source word, to time platform splits.
    """
    src_lang = next(iter(tracks))
    stem = pack_stem(opts.input)
    title = opts.title or stem
    writer = PackWriter(opts.out, force=opts.force)
    if opts.zip and not opts.force and not writer.zip_is_ours():
        from subtitles.errors import OutputExists  # before any file is written

        raise OutputExists(str(opts.out / ZIP), "subs did not write it; move it away or pass "
                           "--force to replace it")
    fitted = fit_tracks(opts, tracks, words)
    delivered = {language: fit.track for language, fit in fitted.items()}
    qa_files = write_platforms(writer, opts, stem, delivered, title, note)
    index = None
    if "web" in opts.platforms:
        index = write_web(writer, opts, stem, delivered, src_lang, title, translations)
    reports = quality(opts, tracks, src_lang, qa_files, translations, glossary, fitted)
    if notices:
        import dataclasses

        reports = [dataclasses.replace(r, notice=notices.get(r.language, r.notice))
                   for r in reports] + [qa_mod.LanguageQA(tag, None, 0, 0, notice=text)
                                        for tag, text in notices.items() if tag not in tracks]
    writer.write("qa/report.json", qa_mod.report_json(title, opts.profile, reports),
                 platform="qa", language=None, cues=None)
    writer.write("qa/report.html", qa_mod.report_html(title, opts.profile, reports),
                 platform="qa", language=None, cues=None)
    writer.sweep()  # files of an earlier run that this one does not make
    writer.list_unrecorded()
    tools = tool_versions(model, {t: tr.engine for t, tr in translations.items()})
    writer.write(MANIFEST, manifest_json(title, tools, list(writer.files)),
                 platform="manifest", language=None, cues=None)
    zip_path = write_zip(writer, opts, note) if opts.zip else None
    if not opts.zip:
        remove_zip(writer, note)
    writer.save_state()
    for rel in writer.foreign:
        note(f"{rel}: not written by subs; left out of the manifest and pack.zip")
    for rel in writer.removed:
        note(f"{rel}: no longer part of this pack; removed (it was as subs wrote it)")
    for rel in writer.stale:
        note(f"{rel}: no longer part of this pack, but edited by a person; kept it "
             "(delete it if it is not wanted)")
    for edited, beside in writer.kept:
        note(f"{edited}: edited since the last pack; kept it and wrote {beside} "
             "(pass --force to replace it)")
    return PackResult(opts.out, writer.files, writer.kept, reports,
                      opts.out / index if index else None, zip_path,
                      removed=writer.removed, stale=writer.stale, foreign=writer.foreign)


def fit_tracks(opts: PackOptions, tracks: dict[str, Track],
               words: Sequence[tuple[int, int]] = ()) -> dict[str, "Fitted"]:
    """Each language as the platforms get it: within its limits (``subtitles.fit``, issue 13).
    The tracks themselves (the project's and the work files) keep one cue per source cue; a
    split is timed at a pause between the source's ``words`` where the audio was transcribed."""
    from subtitles.fit import fit_track
    from subtitles.profiles import get_profile

    profile = get_profile(opts.profile)
    return {language: fit_track(track, profile, language=language, words=words)
            for language, track in tracks.items()}


def pack_stem(path: Path) -> str:
    """``film.mp4`` -> ``film``; ``film.en.srt`` -> ``film`` (its language tag is added back)."""
    from subtitles.io import language_from_name

    stem = path.stem
    if is_subtitle_file(path) and language_from_name(path):
        stem = stem.rsplit(".", 1)[0]
    return safe_stem(stem)


def write_platforms(writer: PackWriter, opts: PackOptions, stem: str, tracks: dict[str, Track],
                    title: str, note: Callable[[str], None]) -> dict[str, str]:
    """Every platform's files; returns, per language, the pack file QA lines point into."""
    qa_files: dict[str, str] = {}
    preference = ("vimeo", "youtube", "x", "facebook", "web")
    for platform in sorted(opts.platforms, key=preference.index):
        rules = PLATFORMS[platform]
        formats = rules.formats + (rules.optional_formats if opts.sbv else ())
        listed = []
        for language, track in tracks.items():
            for fmt in formats:
                name = file_name(platform, stem, language, fmt)
                if name is None:
                    note(f"{platform}: no {rules.title} locale for {language}; skipped")
                    break
                rel = f"{platform}/{name}"
                shaped = prepare_track(platform, track, fmt)
                writer.write(rel, render_track(shaped, fmt), platform=platform,
                             language=language, cues=len(track))
                listed.append((language, name))
                if fmt == "srt" or (fmt == "vtt" and not qa_files.get(language, "").endswith(
                        ".srt")):
                    qa_files.setdefault(language, rel)
                    if fmt == "srt" and qa_files[language].endswith(".vtt"):
                        qa_files[language] = rel
        if platform == "x":
            writer.write("x/README.txt", x_readme(title, listed), platform="x",
                         language=None, cues=None)
    return qa_files


def x_readme(title: str, listed: list[tuple[str, str]]) -> str:
    from subtitles.languages import language_name

    lines = [f"Subtitles for X: {title}", "",
             "X takes SubRip (.srt) files only and asks for the language in its upload form.",
             "Upload each file and pick this language for it:", ""]
    for language, name in listed:
        lines.append(f"  {name:<40} {language_name(language)} ({language})")
    return "\n".join(lines) + "\n"


def write_web(writer: PackWriter, opts: PackOptions, stem: str, tracks: dict[str, Track],
              src_lang: str, title: str,
              translations: dict[str, Translation] | None = None) -> str:
    web_tracks = []
    for language, track in tracks.items():
        translation = (translations or {}).get(language)
        web_tracks.append(WebTrack(language, f"{stem}.{language}.vtt", len(track),
                                   is_source=language == src_lang,
                                   machine=machine_draft(translation) if translation else None))
    media, media_note = place_media(writer, opts, stem)
    page = index_html(title, web_tracks, media, media_note)
    writer.write("web/index.html", page, platform="web", language=None, cues=None)
    return "web/index.html"


def write_zip(writer: PackWriter, opts: PackOptions, note: Callable[[str], None]) -> Path:
    """``pack.zip``: the manifest's files and the manifest, except ``.new`` copies (a person has
    yet to choose between them and the edited file), a linked film and media over
    ``ZIP_MEDIA_LIMIT``."""
    rels = []
    for item in writer.files:
        path = opts.out / item.path
        if is_new_copy(item.path):
            continue
        if path.is_symlink():
            note(f"{item.path}: a link to the film (--media link); left out of pack.zip")
            continue
        if item.path.startswith("web/") and path.stat().st_size > ZIP_MEDIA_LIMIT:
            note(f"{item.path}: over {ZIP_MEDIA_LIMIT >> 20} MB; left out of pack.zip")
            continue
        rels.append(item.path)
    data = zip_pack(opts.out, sorted(set(rels)))
    from subtitles.io import atomic_write

    from subtitles.hashing import sha256_bytes

    writer.record_zip(sha256_bytes(data))
    atomic_write(opts.out / ZIP, data)
    return opts.out / ZIP


def remove_zip(writer: PackWriter, note: Callable[[str], None]) -> None:
    """Without ``--zip`` an earlier run's ``pack.zip`` would no longer match the folder: it goes,
    but only when subs wrote it (#15: a person's own ``pack.zip`` was deleted)."""
    path = writer.root / ZIP
    if not path.is_file():
        writer.record_zip(None)
        return
    if writer.zip_is_ours():
        path.unlink()
        writer.record_zip(None)
        note(f"{ZIP}: removed (an earlier run's; pass --zip for a new one)")
    else:
        note(f"{ZIP}: not written by subs; left as it is")
