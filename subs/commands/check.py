"""``subs check FILE...``: syntax and readability problems, compiler-style, one line each.

Every problem goes to stdout as ``PATH:LINE: severity: message (hint)`` (with the review marks
``subs translate`` left beside the file, ``subs.review_marks``), then one summary line
per file (``film.srt: 120 cues, 2 errors, 5 warnings, 94.2% within profile``). Exit status 1
when any file has an error (with ``--strict``, any warning too) or cannot be read; the other
files are still checked. Only click is imported at module level: ``subs check small.srt``
starts fast because the readers and checks load inside the command.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import click

from subs.options import encoding_option, profile_option, profiles_option

if TYPE_CHECKING:
    from subtitles.profiles import Profile

FileResult = tuple[dict[str, object], list[str]]


@click.command()
@click.argument("files", metavar="FILE...", nargs=-1, required=True,
                type=click.Path())  # a folder is reported by the reader, one line, exit 1
@profile_option("to check against")
@profiles_option
@click.option("--language", help="Language of every FILE, a BCP-47 tag (default: from the "
                                 "file name, e.g. film.he.srt).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]),
              default="text", show_default=True, help="Output for people or for machines.")
@encoding_option
def check(files: tuple[str, ...], profile_name: str, profiles_file: str | None,
          language: str | None, strict: bool, output_format: str,
          encoding: str | None) -> None:
    """Check subtitle files for syntax and readability problems.

    Lines too long, too many lines, reading speed, durations, gaps and overlaps, per the
    profile's limits for the file's language.

    \b
    Example:
      subs check film.en.srt film.he.srt
      subs check film.srt --profile relaxed --strict --format json
    """
    import json

    from subtitles.profiles import get_profile

    profile = get_profile(profile_name, profiles_file)
    if language:
        from subtitles.languages import normalize_language

        language = normalize_language(language)
    failed = False
    documents = []
    for path in files:
        data, lines = _check_file(path, profile, language, strict, encoding)
        failed = failed or not data["ok"]
        if output_format == "json":
            documents.append(data)
        else:
            for line in lines:  # file by file, so a long run shows progress
                click.echo(line)
    if output_format == "json":
        click.echo(json.dumps({"profile": profile.name, "strict": strict, "ok": not failed,
                               "files": documents}, ensure_ascii=False, indent=2))
    if failed:
        raise click.exceptions.Exit(1)


def _check_file(path: str, profile: "Profile", language: str | None, strict: bool,
                encoding: str | None) -> FileResult:
    """One file's verdict for JSON, and its lines of text output (problems, then summary)."""
    import dataclasses

    from subtitles.errors import ParseError, Problem, UnknownFormat
    from subtitles.io import load_track
    from subtitles.readability import check_track, format_summary, summarize

    def harden(problems: list[Problem]) -> list[Problem]:
        if not strict:
            return problems
        return [dataclasses.replace(p, severity="error") if p.severity == "warning" else p
                for p in problems]

    try:
        parsed = load_track(path, encoding=encoding, language=language)
    except (ParseError, UnknownFormat) as err:
        found = (list(err.problems) if isinstance(err, ParseError)
                 else [Problem(path, None, "error", str(err))])
        problems = harden(found)
        errors = sum(p.severity == "error" for p in problems)
        data = {
            "path": path, "ok": False, "readable": False, "language": language,
            "problems": [p.as_dict() for p in problems],
            "summary": {"cues": 0, "errors": errors,
                        "warnings": len(problems) - errors, "within_profile_percent": None},
        }
        verdict = (f"{path}: cannot be read, {errors} error{'' if errors == 1 else 's'}, "
                   f"{len(problems) - errors} warning{'' if len(problems) - errors == 1 else 's'}")
        return data, [*(str(p) for p in problems), verdict]
    track = parsed.track
    from subs.review_marks import read_marks

    found = check_track(track, profile, path=path) + read_marks(path, track)
    problems = harden(sorted([*parsed.problems, *found],
                             key=lambda p: (p.line is not None, p.line or 0)))
    summary = summarize(track, problems)
    data = {
        "path": path, "ok": summary.errors == 0, "readable": True,
        "language": track.language,
        "problems": [p.as_dict() for p in problems],
        "summary": summary.as_dict(),
    }
    return data, [*(str(p) for p in problems), format_summary(path, summary)]
