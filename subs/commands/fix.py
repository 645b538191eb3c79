"""``subs fix IN -o OUT``: repair line breaks and timing, never words, never a file by surprise.

Each change is reported on stderr as ``PATH:LINE: fixed: ...`` (LINE in IN), then one line on
what was written and what is left for ``subs check``. OUT is checked before IN is read: IN is
replaced only with ``--in-place``, an existing OUT only with ``--force``, and the write is
atomic. ``--dry-run`` reports the changes and writes nothing. The output format and line ends
are chosen as ``subs convert`` chooses them: ``--to`` or OUT's extension, LF unless ``--crlf``.
"""
from __future__ import annotations

import click

from subs.inputs import InputFile
from subs.options import encoding_option, profile_option, profiles_option
from subs.output import FORMAT_CHOICE



@click.command()
@click.argument("source", metavar="IN", type=InputFile())
@click.option("-o", "--output", metavar="OUT", type=click.Path(dir_okay=False),
              help="Where to write the fixed file (format from its extension or --to).")
@click.option("--to", "to_fmt", type=FORMAT_CHOICE,
              help="Output format (default: OUT's extension).")
@click.option("--crlf", is_flag=True, help="Write CRLF line ends (default: LF).")
@click.option("--in-place", is_flag=True, help="Overwrite IN with the fixed file.")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@profile_option("to fix to")
@profiles_option
@click.option("--language", help="Language of IN, a BCP-47 tag (default: from the file name).")
@encoding_option
def fix(source: str, output: str | None, to_fmt: str | None, crlf: bool, in_place: bool,
        force: bool, dry_run: bool, profile_name: str, profiles_file: str | None,
        language: str | None, encoding: str | None) -> None:
    """Fix readability problems (line breaks, timing) without changing words.

    Rebalances line breaks, extends short cues into free time, trims overlaps, opens the
    minimum gap, splits over-long cues at sentence or clause boundaries and merges tiny ones.

    \b
    Example:
      subs fix film.en.srt -o film.en.fixed.srt
      subs fix film.he.srt --in-place --profile relaxed
      subs fix film.srt --dry-run
      subs fix film.srt -o film.fixed.vtt --crlf
    """
    from subs.output import load_track_or_exit, note
    from subtitles.fix import fix_track
    from subtitles.formats import format_for_path
    from subtitles.io import ensure_writable, save_track
    from subtitles.profiles import get_profile
    from subtitles.readability import check_track

    target = _target(source, output, in_place, dry_run)
    if target is not None:  # refuse before any work: an unknown format or a file in the way
        if not to_fmt:  # --to is checked by click
            format_for_path(target)
        ensure_writable(target, force=force, inputs=(source,), in_place=in_place)
    profile = get_profile(profile_name, profiles_file)
    if language:
        from subtitles.languages import normalize_language

        language = normalize_language(language)
    parsed = load_track_or_exit(source, encoding=encoding, language=language)
    result = fix_track(parsed.track, profile)
    for change in result.changes:
        where = f"{source}:{change.line}" if change.line is not None else source
        note(f"{where}: fixed: {change.message}")
    left = check_track(result.track, profile, path=target or source)
    errors = sum(p.severity == "error" for p in left)
    rest = (f"{_plural(len(left), 'problem')} left ({_plural(errors, 'error')}); "
            "see subs check" if left else "no problems left")
    count = _plural(len(result.changes), "change")
    if target is None:
        note(f"{source}: {count} (dry run, nothing written); {rest}")
        return
    save_track(result.track, target, fmt=to_fmt, crlf=crlf)
    note(f"{target}: {count}, {_plural(len(result.track), 'cue')} written; {rest}")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _target(source: str, output: str | None, in_place: bool, dry_run: bool) -> str | None:
    """Where to write, or None for a dry run; a usage error when that is unclear."""
    if dry_run:
        return None
    if in_place and output is None:
        return source
    if output is None:
        raise click.UsageError("give -o OUT, or --in-place to overwrite IN, or --dry-run")
    return output
