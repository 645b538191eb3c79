"""``subs pack``: film (or source SRT) -> every language -> every platform, with QA and a page.

Stages run in order, each reusing its cached result (see ``stages``): source track, glossary,
translations; then the platform files, the web page, the QA report, the manifest and the zip.
Every pack file is written atomically through a ``PackWriter``, which never replaces a file a
person edited since the last run (unless ``force``).
"""
from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from subtitles.errors import Problem, SubsError
from subtitles.io import language_from_name, load_track, render_track
from subtitles.model import Track
from subtitles.platforms import PLATFORMS, file_name, prepare_track, safe_stem, strip_bidi

from subs.packing import qa as qa_mod
from subs.packing.manifest import (MANIFEST, STATE_DIR, ZIP, PackFile, PackWriter,
                                   is_new_copy, manifest_json, zip_pack)
from subs.packing.stages import Progress, Translation, WorkDir, is_subtitle_file
from subs.packing.targets import parse_targets as parse_targets  # its old home
from subs.packing.web import WebTrack, index_html

if TYPE_CHECKING:
    from glossary.model import Glossary

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


def run_pack(opts: PackOptions, progress: Progress | None = None,
             note: Callable[[str], None] = log.info) -> PackResult:
    from subs.packing.stages import source_stage, translate_stage

    if not opts.input.exists():
        raise SubsError(f"{opts.input}: no such file")
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
    result = publish(opts, tracks, translations, glossary, source.model, note)
    timings["publish"] = time.perf_counter() - clock - sum(timings.values())
    result.timings_s = timings
    return result


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
            note: Callable[[str], None] = log.info) -> PackResult:
    """Write the pack from finished tracks (the first is the source): files, page, QA, manifest."""
    src_lang = next(iter(tracks))
    stem = pack_stem(opts.input)
    title = opts.title or stem
    writer = PackWriter(opts.out, force=opts.force)
    qa_files = write_platforms(writer, opts, stem, tracks, title, note)
    index = None
    if "web" in opts.platforms:
        index = write_web(writer, opts, stem, tracks, src_lang, title)
    reports = quality(opts, tracks, src_lang, qa_files, translations, glossary)
    writer.write("qa/report.json", qa_mod.report_json(title, opts.profile, reports),
                 platform="qa", language=None, cues=None)
    writer.write("qa/report.html", qa_mod.report_html(title, opts.profile, reports),
                 platform="qa", language=None, cues=None)
    writer.sweep()  # files of an earlier run that this one does not make
    writer.list_unrecorded()
    tools = tool_versions(model, translations)
    writer.write(MANIFEST, manifest_json(title, tools, list(writer.files)),
                 platform="manifest", language=None, cues=None)
    zip_path = write_zip(writer, opts, note) if opts.zip else None
    if not opts.zip:
        remove_zip(opts.out, note)
    writer.save_state()
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
                      removed=writer.removed, stale=writer.stale)


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
            shaped = prepare_track(platform, track)
            for fmt in formats:
                name = file_name(platform, stem, language, fmt)
                if name is None:
                    note(f"{platform}: no {rules.title} locale for {language}; skipped")
                    break
                rel = f"{platform}/{name}"
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
              src_lang: str, title: str) -> str:
    web_tracks = []
    for language, track in tracks.items():
        web_tracks.append(WebTrack(language, f"{stem}.{language}.vtt", len(track),
                                   is_source=language == src_lang))
    media, media_note = place_media(writer, opts, stem)
    page = index_html(title, web_tracks, media, media_note)
    writer.write("web/index.html", page, platform="web", language=None, cues=None)
    return "web/index.html"


def place_media(writer: PackWriter, opts: PackOptions, stem: str) -> tuple[str | None, str | None]:
    """Copy the film beside the page (hard link when possible), or link to it, or neither."""
    if is_subtitle_file(opts.input) or opts.media == "none":
        return None, "No media in this pack: open the film in a player with these subtitles."
    web = opts.out / "web"
    if opts.media == "link":
        rel = os.path.relpath(opts.input.resolve(), web.resolve())
        return Path(rel).as_posix(), None
    name = f"{stem}{opts.input.suffix.lower()}"
    target = web / name
    if not (target.exists() and target.stat().st_size == opts.input.stat().st_size):
        web.mkdir(parents=True, exist_ok=True)
        tmp = web / f".{name}.link.tmp"
        try:
            tmp.unlink(missing_ok=True)
            os.link(opts.input, tmp)  # same file system: free and atomic
            os.replace(tmp, target)
        except OSError:
            tmp.unlink(missing_ok=True)
            writer.write(f"web/{name}", opts.input.read_bytes(), platform="web",
                         language=None, cues=None)
            return name, None
    from subs.packing.manifest import sha256_file

    writer.adopt(f"web/{name}", sha256_file(target), platform="web", language=None, cues=None)
    return name, None


def quality(opts: PackOptions, tracks: dict[str, Track], src_lang: str,
            qa_files: dict[str, str], translations: dict[str, Translation],
            glossary: "Glossary | None") -> list[qa_mod.LanguageQA]:
    """Readability, glossary compliance and review marks, read back from the pack files."""
    from subtitles.profiles import get_profile
    from subtitles.readability import CODES, check_track

    profile = get_profile(opts.profile)
    reports = []
    for language, track in tracks.items():
        rel = qa_files.get(language)
        if rel is not None:  # lines of the file a person will open
            loaded = load_track(opts.out / rel, language=language, lenient=True).track
            track = loaded.with_cues(c.replace(text=strip_bidi(c.text)) for c in loaded.cues)
        where = rel or f"{STATE_DIR}/{language}.srt"
        problems = check_track(track, profile, path=where, language=language)
        flagged = len({p.line for p in problems if p.line is not None})
        gloss: tuple[Problem, ...] = ()
        translation = translations.get(language)
        if glossary is not None and translation is not None:
            from glossary.check import check_compliance

            gloss = tuple(check_compliance(track, glossary, language=language,
                                           source=tracks[src_lang], path=where))
        # Reading-speed findings of the translation are already in ``problems`` above.
        review = (remap(tuple(p for p in translation.review if p.code not in CODES),
                        tracks[src_lang], track, where) if translation else ())
        reports.append(qa_mod.LanguageQA(
            language, where, len(track), min(flagged, len(track)), language == src_lang,
            tuple(problems), gloss, review,
            translation.engine if translation else None,
            translation.stats if translation else {}))
    return reports


def remap(problems: tuple[Problem, ...], source: Track, target: Track,
          where: str) -> tuple[Problem, ...]:
    """Point findings made on source lines at the same cue's line in the target pack file."""
    import dataclasses

    index = {cue.line: i for i, cue in enumerate(source.cues) if cue.line is not None}
    out = []
    for problem in problems:
        i = index.get(problem.line) if problem.line is not None else None
        line = target.cues[i].line if i is not None and i < len(target.cues) else None
        out.append(dataclasses.replace(problem, path=where, line=line))
    return tuple(out)


def tool_versions(model: str | None, translations: dict[str, Translation]) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    from subs import __version__

    tools = {"subs": __version__}
    if model:
        tools["whisper_model"] = model
    for package in ("faster-whisper", "ctranslate2", "argostranslate", "langcodes"):
        try:
            tools[package] = version(package)
        except PackageNotFoundError:
            pass
    for target, translation in sorted(translations.items()):
        tools[f"engine:{target}"] = translation.engine
    return tools


def write_zip(writer: PackWriter, opts: PackOptions, note: Callable[[str], None]) -> Path:
    """``pack.zip``: the manifest's files and the manifest, except ``.new`` copies (a person has
    yet to choose between them and the edited file) and media over ``ZIP_MEDIA_LIMIT``."""
    rels = []
    for item in writer.files:
        path = opts.out / item.path
        if is_new_copy(item.path):
            continue
        if item.path.startswith("web/") and path.stat().st_size > ZIP_MEDIA_LIMIT:
            note(f"{item.path}: over {ZIP_MEDIA_LIMIT >> 20} MB; left out of pack.zip")
            continue
        rels.append(item.path)
    data = zip_pack(opts.out, sorted(set(rels)))
    from subtitles.io import atomic_write

    atomic_write(opts.out / ZIP, data)
    return opts.out / ZIP


def remove_zip(root: Path, note: Callable[[str], None]) -> None:
    """Without ``--zip`` an earlier run's ``pack.zip`` would no longer match the folder: it goes.

    ``pack.zip`` is subs's own name in a pack (rewritten with ``--zip``, removed without)."""
    path = root / ZIP
    if path.is_file():
        path.unlink()
        note(f"{ZIP}: removed (an earlier run's; pass --zip for a new one)")


def pack_project(folder: Path, opts: PackOptions,
                 note: Callable[[str], None] = log.info) -> PackResult:
    """Pack a film project folder (``subs init``): its source and languages as people left them.

    Nothing is transcribed or translated: reviewed, edited and drafted cues go out as they are.
    ``opts.targets`` (``--to``), when given, limits the languages; the project's own title,
    glossary, profile and platforms fill in whatever the command line left at its default.
    """
    import dataclasses

    from subs.project.pack import project_tracks

    project = project_tracks(folder)
    for line in project.notes:
        note(line)
    tracks = dict(project.tracks)
    source_lang = project.source_language
    if opts.targets:
        missing = [t for t in opts.targets if t not in tracks]
        if missing:
            have = ", ".join(t for t in tracks if t != source_lang) or "none"
            raise SubsError(f"{folder}: no language {', '.join(missing)} in this project "
                            f"(it has: {have}; add one with subs lang add)")
        tracks = {source_lang: tracks[source_lang],
                  **{t: tracks[t] for t in opts.targets if t != source_lang}}
    source_path = Path(folder) / (tracks[source_lang].path or "")
    opts = dataclasses.replace(
        opts,
        input=project.audio if project.audio and project.audio.exists() else source_path,
        title=opts.title or project.title,
        source_language=source_lang,
        glossary=opts.glossary or project.glossary,
        platforms=opts.platforms if opts.platforms != tuple(PLATFORMS) or not project.platforms
        else tuple(project.platforms),
        profile=opts.profile if opts.profile != "documentary" else project.profile)
    glossary = None
    if opts.glossary:
        from glossary.load import load_glossary

        glossary = load_glossary(opts.glossary)
    return publish(opts, tracks, {}, glossary, None, note)
