"""Film project commands: ``init``, ``lang add|import``, ``status``, ``review``, ``validate``,
``update``. The work is in ``subs.project``; this module parses options and prints.

Every command but ``init`` finds its project like git does: ``-C DIR``, else the current folder
or the nearest one above it holding ``subs.toml``.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import click

from subs.inputs import InputFile
from subs.options import (encoding_option, engine_option, profile_option, project_option,
                          quiet_option)
from subs.output import echo_problems, note, progress

if TYPE_CHECKING:
    from subs.project.actions import LanguageStatus


def _with_project(func: Callable[..., Any]) -> Callable[..., Any]:
    """Open the project for the command and close its database however the command ends."""
    def run(project_dir: str, **kwargs: Any) -> Any:
        from subs.project.folder import open_project, rebuild_state

        if kwargs.pop("rebuild", False):  # status --rebuild: a damaged state database (#15)
            for line in rebuild_state(project_dir):
                note(line)
        project = open_project(project_dir)
        try:
            return func(project, **kwargs)
        finally:
            project.close()

    run.__name__ = func.__name__
    run.__doc__ = func.__doc__
    return project_option(run)


@click.command()
@click.argument("film_dir", type=click.Path(file_okay=False))
@click.option("--source", "source", required=True, type=InputFile(),
              help="The source subtitles (film.en.srt); copied into the folder.")
@click.option("--language", help="Source language, if the file name does not say (film.en.srt).")
@click.option("--audio", type=InputFile(),
              help="The film or its audio; recorded by path, not copied.")
@click.option("-g", "--glossary", type=InputFile(),
              help="Glossary CSV/TSV of names; copied into the folder.")
@click.option("--title", help="Film name used for file names (default: from --source).")
@profile_option("for QA", dest="profile")
@click.option("--platform", "platforms", multiple=True,
              help="Platforms the packs are for (repeat: --platform youtube --platform vimeo).")
def init(film_dir: str, source: str, language: str | None, audio: str | None,
         glossary: str | None, title: str | None, profile: str,
         platforms: tuple[str, ...]) -> None:
    """Create a film project folder in FILM_DIR from a source SRT.

    Example: subs init film --source film.en.srt --audio film.mp4 -g names.csv
    """
    from subs.project.folder import InitOptions, init_project
    from subtitles.profiles import get_profile

    get_profile(profile)  # an unknown profile fails before anything is made
    project = init_project(Path(film_dir), InitOptions(
        Path(source), language, Path(audio) if audio else None,
        Path(glossary) if glossary else None, title, profile, platforms))
    try:
        n = len(project.state.source())
        click.echo(f"{film_dir}: project {project.config.title!r}, source "
                   f"{project.config.source} ({project.config.source_language}, {n} cues)")
        note(f"next: cd {film_dir} && subs lang add LANG")
    finally:
        project.close()


@click.group()
def lang() -> None:
    """Add a language to a film project, or import a volunteer's file."""


@lang.command("add")
@click.argument("language")
@engine_option("Engine for machine drafts; none gives an empty copy to type into.", none=True)
@quiet_option("progress bar")
@_with_project
def lang_add(project: Any, language: str, engine: str, quiet: bool) -> None:
    """Add LANGUAGE: languages/FILM.LANGUAGE.srt, every cue a machine draft.

    Example: subs lang add ro
    """
    from subs.project.actions import add_language

    from subs.project.languages import variety_note
    from subtitles.languages import normalize_language

    n = len(project.state.source())
    with progress(n, f"drafting {language}", quiet=quiet) as on_progress:
        rel, used = add_language(project, language, engine=engine, on_progress=on_progress)
    variety = variety_note(normalize_language(language))
    if variety and used != "none":
        note(f"{rel}: {variety}")  # issue 16: pt was drafted as Brazilian without a word
    if used == "none":
        click.echo(f"{rel}: {n} empty cues with the source timing (no engine for this pair; "
                   "type the text in any editor)")
    else:
        click.echo(f"{rel}: {n} machine draft cues ({used}); edit them in any editor")


@lang.command("import")
@click.argument("language")
@click.argument("file", type=InputFile())
@click.option("--force", is_flag=True,
              help="Take the file even when its name or text is in another language, and "
                   "replace reviewed cues too (old text kept in conflicts/).")
@encoding_option
@_with_project
def lang_import(project: Any, language: str, file: str, force: bool,
                encoding: str | None) -> None:
    """Take FILE (a volunteer's translation) as LANGUAGE, after validating it.

    Refused only when the file cannot be taken cue by cue (cue count, timing, leftover
    placeholders); other problems are listed and counted in subs status. A language not yet
    in the project is added. Example: subs lang import ro ~/Downloads/film.ro.srt
    """
    from subs.project.actions import import_language, import_target
    from subs.project.config import ProjectError
    from subs.project.languages import check_file_language
    from subs.project.validate import is_blocking, validate_track
    from subtitles.io import load_track
    from subtitles.languages import normalize_language

    tag, new = import_target(project, language, file)
    if tag != normalize_language(language):  # issue 16: ro-RO, es_ES are the project's ro, es
        note(f"{language} is {tag} in this project: importing into {project.language_file(tag)}")
    parsed = load_track(file, language=tag, encoding=encoding)
    if not force:
        check_file_language(file, parsed.track.cues, tag)
    problems = validate_track(project, parsed.track, file, tag, _own_hints(parsed.problems))
    blocking = [p for p in problems if is_blocking(p)]
    if blocking:
        echo_problems(blocking)
        raise ProjectError(f"{file}: not imported; fix the errors above")
    echo_problems(problems)
    report = import_language(project, tag, parsed.track.cues, file, force=force)
    if report.refused:
        echo_problems(report.refused)
        raise ProjectError(f"{file}: not imported; {len(report.refused)} reviewed cue(s) would "
                           "change (pass --force to replace them)")
    echo_problems(report.replaced)
    rel = project.language_file(tag)
    if new:
        click.echo(f"{rel}: language {tag} added from {file}, {report.changed} cue(s) with "
                   "text, recorded as edited")
        return
    kept = f"; {report.conflicts} replaced text(s) kept in conflicts/" if report.conflicts else ""
    click.echo(f"{rel}: imported, {report.changed} cue(s) changed{kept}")


def _own_hints(problems: Any) -> list[Any]:
    """The reader's hints, as they apply to these commands (issue 16: no --crlf here)."""
    from dataclasses import replace

    return [replace(p, hint="the project's copy is written with LF line ends")
            if p.code == "crlf" else p for p in problems]


def _relative(project: Any, problems: Any) -> list[Any]:
    """Problems about the project's own files named as the summary lines name them: relative
    to the project folder (issue 16: status and update printed absolute paths)."""
    import os
    from dataclasses import replace

    out = []
    for p in problems:
        if os.path.isabs(p.path) and Path(p.path).is_relative_to(project.folder):
            p = replace(p, path=os.path.relpath(p.path, project.folder))
        out.append(p)
    return out


def _bar(row: "LanguageStatus", width: int = 20) -> str:
    total = max(row.total, 1)
    reviewed = round(width * row.reviewed / total)
    edited = round(width * (row.reviewed + row.edited) / total) - reviewed
    return "[" + "#" * reviewed + "+" * edited + "." * (width - reviewed - edited) + "]"


@click.command()
@click.argument("language", required=False)
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json"]), help="json: for a dashboard.")
@click.option("--rebuild", is_flag=True,
              help="Rebuild a damaged .subs/state.sqlite from the project's files "
                   "(review marks are lost; the old file is kept).")
@_with_project
def status(project: Any, language: str | None, fmt: str) -> None:
    """Per language: cues, machine drafts, edited, reviewed, stale, QA problems, progress.

    With LANGUAGE: every cue of it and its state (stale, machine, edited, reviewed, empty).
    Says when the source file changed and subs update is due; exit 1 when a file (the
    source included) cannot be read.

    \b
    Example:
      subs status --format json
      subs status ro
    """
    from subs.project.queries import source_state

    source = source_state(project)
    echo_problems(_relative(project, source.problems))
    if source.readable and source.changed:
        note(f"{project.config.source} changed since the languages were synced: run subs update")
    elif not source.readable:
        note(f"{project.config.source}: cannot be read; fix the errors above (the counts below "
             "are for the source subs last synced)")
    if language is not None:
        _status_cues(project, language, fmt, source)
    else:
        _status_languages(project, fmt, source)


def _status_languages(project: Any, fmt: str, source: Any) -> None:
    from subs.project.actions import language_status
    from subs.project.validate import validate_track
    from subtitles.errors import ParseError
    from subtitles.io import load_track

    rows = []
    for tag in sorted(project.config.languages):
        rel = project.language_file(tag)
        try:
            parsed = load_track(project.folder / rel, language=tag)
        except ParseError as err:  # one broken file must not hide the others' progress
            echo_problems(_relative(project, err.problems))
            rows.append(language_status(project, tag, len(err.problems), readable=False))
            continue
        qa = validate_track(project, parsed.track, rel, tag, parsed.problems)
        rows.append(language_status(project, tag, len(qa)))
    readable = source.readable and all(r.readable for r in rows)
    drafts = {r.language: _machine_draft(project, r) for r in rows}
    if fmt == "json":
        click.echo(json.dumps({"title": project.config.title,
                               "source_language": project.config.source_language,
                               "source_cues": len(project.state.source()),
                               "source": _source_dict(project, source),
                               "languages": [{**r.as_dict(),
                                              "machine_translation": drafts[r.language]}
                                             for r in rows]}, indent=2))
        if not readable:
            raise click.exceptions.Exit(1)
        return
    click.echo(f"{project.config.title}: source {project.config.source_language}, "
               f"{len(project.state.source())} cues")
    click.echo(f"{'language':10}{'cues':>6}{'empty':>7}{'machine':>9}{'edited':>8}"
               f"{'reviewed':>10}{'stale':>7}{'problems':>10}  progress")
    for r in rows:
        done = 100 * (r.edited + r.reviewed) // max(r.total, 1)
        click.echo(f"{r.language:10}{r.total:>6}{r.empty:>7}{r.machine:>9}{r.edited:>8}"
                   f"{r.reviewed:>10}{r.stale:>7}{r.problems:>10}  {_bar(r)} {done:3d}%"
                   + ("" if r.readable else "  (unreadable: fix the errors above)"))
    for r in rows:
        if drafts[r.language]:
            click.echo(f"{r.language}: {drafts[r.language]}")
    if not rows:
        note("no languages yet; add one with: subs lang add LANG")
    if not readable:
        raise click.exceptions.Exit(1)


def _source_dict(project: Any, source: Any) -> dict[str, object]:
    return {"file": project.config.source, "readable": source.readable,
            "changed": source.readable and source.changed,
            "update_due": source.readable and source.changed}


def _status_cues(project: Any, language: str, fmt: str, source: Any) -> None:
    """Issue 16: which cues are stale, machine, edited, reviewed or empty."""
    from subs.project.cues import cue_states
    from subs.project.queries import CUE_STATES, cue_state_name
    from subtitles.timing import format_srt

    tag = project.tag(language)
    cues = cue_states(project, tag)
    rel = project.language_file(tag)
    if fmt == "json":
        click.echo(json.dumps({"language": tag, "file": rel,
                               "source": _source_dict(project, source),
                               "cues": [{**c.as_dict(), "state": cue_state_name(c)}
                                        for c in cues]},
                              ensure_ascii=False, indent=2))
    else:
        counts = ", ".join(f"{sum(cue_state_name(c) == s for c in cues)} {s}"
                           for s in CUE_STATES)
        click.echo(f"{rel} ({tag}): {len(cues)} cues: {counts}")
        click.echo(f"{'cue':>5}  {'state':9} {'start':13} text")
        for c in cues:
            text = " / ".join(c.text.split("\n")) if c.text.strip() else "-"
            if len(text) > 60:
                text = text[:59] + "\u2026"
            click.echo(f"{c.n:>5}  {cue_state_name(c):9} {format_srt(c.start_ms):13} {text}")
    if not source.readable:
        raise click.exceptions.Exit(1)


def _machine_draft(project: Any, row: Any) -> str | None:
    """``"12 of 40 cues are unreviewed machine translation (apertium 3.8...)"``, or None
    (issue 13: say which languages are machine drafts, and from which engine)."""
    if not row.machine:
        return None
    from subs.packing.from_project import engine_label

    engine = engine_label(project.config.languages[row.language].engine,
                          project.config.source_language, row.language, row.machine)
    return (f"{row.machine} of {row.total} cues are unreviewed machine translation "
            f"({engine})")


@click.command()
@click.argument("language")
@click.option("--cues", help="Cue numbers and ranges: 1-40,52.")
@click.option("--all", "all_cues", is_flag=True, help="Every cue.")
@click.option("--by", help="Reviewer's name (default: git config user.name).")
@_with_project
def review(project: Any, language: str, cues: str | None, all_cues: bool,
           by: str | None) -> None:
    """Mark cues of LANGUAGE as reviewed, with their current text.

    Cues without text are skipped (there is nothing to approve).

    Example: subs review ro --cues 1-40 --by "Ana Pop"
    """
    from subs.project.actions import review as do_review, reviewer_name

    if bool(cues) == all_cues:
        raise click.UsageError("pass --cues 1-40 or --all")
    report = do_review(project, language, None if all_cues else cues, reviewer_name(by))
    rel = project.language_file(project.tag(language))
    if not all_cues:
        for number in report.skipped:
            note(f"{rel}: cue {number} has no text; not marked reviewed")
    skipped = f" ({len(report.skipped)} without text skipped)" if report.skipped else ""
    click.echo(f"{rel}: {report.marked} of {report.total} cues marked reviewed{skipped}")


@click.command()
@click.argument("file", type=InputFile())
@click.option("--language", help="The file's language (default: from its name).")
@encoding_option
@_with_project
def validate(project: Any, file: str, language: str | None, encoding: str | None) -> None:
    """Check FILE against the project's source: timing, text, profile, glossary.

    Exit 1 when there are errors: those that stop subs lang import (cue count, timing,
    placeholders) and the translator's own (empty cues, glossary misses). Readability problems
    the source cue has too are warnings. Example: subs validate languages/film.ro.srt
    """
    from subs.project.config import ProjectError
    from subs.project.validate import validate_track
    from subtitles.io import load_track
    from subtitles.languages import normalize_language

    parsed = load_track(file, language=normalize_language(language) if language else None,
                        encoding=encoding)
    tag = parsed.track.language
    if not tag:
        raise ProjectError(f"{file}: cannot tell the language from the name; pass --language")
    problems = validate_track(project, parsed.track, file, tag, _own_hints(parsed.problems))
    echo_problems(problems, err=False)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        raise ProjectError(f"{file}: {errors} error(s), {warnings} warning(s)")
    click.echo(f"{file}: ok ({warnings} warning(s))")


@click.command()
@click.option("--source", "new_source", type=InputFile(),
              help="A corrected or re-timed source SRT (default: the project's source file).")
@quiet_option("progress bar")
@_with_project
def update(project: Any, new_source: str | None, quiet: bool) -> None:
    """Carry every language onto a changed source; a person's text is never dropped.

    Example: subs update --source film.en.v2.srt
    """
    from subs.project.actions import update as do_update
    from subs.project.config import ProjectError
    from subtitles.errors import ParseError
    from subtitles.io import load_track

    cues = load_track(new_source).track.cues if new_source else None
    n = len(cues) if cues is not None else len(project.state.source())
    try:
        with progress(n, "updating", quiet=quiet) as on_progress:
            reports = do_update(project, new_source=cues, on_progress=on_progress)
    except ParseError as err:  # a project file: named as the summary lines name it
        problems = _relative(project, err.problems)
        if problems == list(err.problems):
            raise
        echo_problems(problems)
        raise ProjectError(f"{problems[0].path}: cannot be read; nothing was updated "
                           "(fix the errors above)") from None
    for r in reports:
        extra = (f", {r.conflicts} conflict(s) in {project.conflicts_file(r.language)}"
                 if r.conflicts else "")
        click.echo(f"{project.language_file(r.language)}: {r.carried} cue(s) of people's text "
                   f"carried, {r.stale} stale, {r.drafted} redrafted{extra}")
    if not reports:
        click.echo(f"{project.config.source}: source recorded (no languages yet)")
