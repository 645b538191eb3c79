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

from subs.options import engine_option, profile_option, project_option, quiet_option
from subs.output import echo_problems, note, progress

if TYPE_CHECKING:
    from subs.project.actions import LanguageStatus


def _with_project(func: Callable[..., Any]) -> Callable[..., Any]:
    """Open the project for the command and close its database however the command ends."""
    def run(project_dir: str, **kwargs: Any) -> Any:
        from subs.project.folder import open_project

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
@click.option("--source", "source", required=True, type=click.Path(dir_okay=False, exists=True),
              help="The source subtitles (film.en.srt); copied into the folder.")
@click.option("--language", help="Source language, if the file name does not say (film.en.srt).")
@click.option("--audio", type=click.Path(dir_okay=False, exists=True),
              help="The film or its audio; recorded by path, not copied.")
@click.option("-g", "--glossary", type=click.Path(dir_okay=False, exists=True),
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

    n = len(project.state.source())
    with progress(n, f"drafting {language}", quiet=quiet) as on_progress:
        rel, used = add_language(project, language, engine=engine, on_progress=on_progress)
    if used == "none":
        click.echo(f"{rel}: {n} empty cues with the source timing (no engine for this pair; "
                   "type the text in any editor)")
    else:
        click.echo(f"{rel}: {n} machine draft cues ({used}); edit them in any editor")


@lang.command("import")
@click.argument("language")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace reviewed cues too (old text kept in conflicts/).")
@_with_project
def lang_import(project: Any, language: str, file: str, force: bool) -> None:
    """Take FILE (a volunteer's translation) as LANGUAGE, after validating it.

    Refused only when the file cannot be taken cue by cue (cue count, timing, leftover
    placeholders); other problems are listed and counted in subs status. A language not yet
    in the project is added. Example: subs lang import ro ~/Downloads/film.ro.srt
    """
    from subs.project.actions import import_language, import_target
    from subs.project.config import ProjectError
    from subs.project.validate import is_blocking, validate_track
    from subtitles.io import load_track

    tag, new = import_target(project, language, file)
    parsed = load_track(file, language=tag)
    problems = validate_track(project, parsed.track, file, tag, parsed.problems)
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


def _bar(row: "LanguageStatus", width: int = 20) -> str:
    total = max(row.total, 1)
    reviewed = round(width * row.reviewed / total)
    edited = round(width * (row.reviewed + row.edited) / total) - reviewed
    return "[" + "#" * reviewed + "+" * edited + "." * (width - reviewed - edited) + "]"


@click.command()
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json"]), help="json: for a dashboard.")
@_with_project
def status(project: Any, fmt: str) -> None:
    """Per language: cues, machine drafts, edited, reviewed, stale, QA problems, progress.

    Example: subs status --format json
    """
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
            echo_problems(err.problems)
            rows.append(language_status(project, tag, len(err.problems), readable=False))
            continue
        qa = validate_track(project, parsed.track, rel, tag, parsed.problems)
        rows.append(language_status(project, tag, len(qa)))
    if fmt == "json":
        click.echo(json.dumps({"title": project.config.title,
                               "source_language": project.config.source_language,
                               "source_cues": len(project.state.source()),
                               "languages": [r.as_dict() for r in rows]}, indent=2))
        if not all(r.readable for r in rows):
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
    if not rows:
        note("no languages yet; add one with: subs lang add LANG")
    if not all(r.readable for r in rows):
        raise click.exceptions.Exit(1)


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
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--language", help="The file's language (default: from its name).")
@_with_project
def validate(project: Any, file: str, language: str | None) -> None:
    """Check FILE against the project's source: timing, text, profile, glossary.

    Exit 1 when there are errors: those that stop subs lang import (cue count, timing,
    placeholders) and the translator's own (empty cues, glossary misses). Readability problems
    the source cue has too are warnings. Example: subs validate languages/film.ro.srt
    """
    from subs.project.config import ProjectError
    from subs.project.validate import validate_track
    from subtitles.io import load_track
    from subtitles.languages import normalize_language

    parsed = load_track(file, language=normalize_language(language) if language else None)
    tag = parsed.track.language
    if not tag:
        raise ProjectError(f"{file}: cannot tell the language from the name; pass --language")
    problems = validate_track(project, parsed.track, file, tag, parsed.problems)
    echo_problems(problems, err=False)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        raise ProjectError(f"{file}: {errors} error(s), {warnings} warning(s)")
    click.echo(f"{file}: ok ({warnings} warning(s))")


@click.command()
@click.option("--source", "new_source", type=click.Path(dir_okay=False, exists=True),
              help="A corrected or re-timed source SRT (default: the project's source file).")
@quiet_option("progress bar")
@_with_project
def update(project: Any, new_source: str | None, quiet: bool) -> None:
    """Carry every language onto a changed source; a person's text is never dropped.

    Example: subs update --source film.en.v2.srt
    """
    from subs.project.actions import update as do_update
    from subtitles.io import load_track

    cues = load_track(new_source).track.cues if new_source else None
    n = len(cues) if cues is not None else len(project.state.source())
    with progress(n, "updating", quiet=quiet) as on_progress:
        reports = do_update(project, new_source=cues, on_progress=on_progress)
    for r in reports:
        extra = (f", {r.conflicts} conflict(s) in {project.conflicts_file(r.language)}"
                 if r.conflicts else "")
        click.echo(f"{project.language_file(r.language)}: {r.carried} cue(s) of people's text "
                   f"carried, {r.stale} stale, {r.drafted} redrafted{extra}")
    if not reports:
        click.echo(f"{project.config.source}: source recorded (no languages yet)")
