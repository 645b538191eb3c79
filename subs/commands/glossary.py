"""``subs glossary``: apply, check, export and show the film's glossary of names.

A glossary that cannot be loaded is reported one ``PATH:LINE: error: ...`` line per problem and
exit 1, like a subtitle file that cannot be parsed (the CLI's one ``Error:`` line would squeeze
several problems into one message).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from subs.inputs import InputFile
from subs.options import encoding_option
from subs.output import load_glossary_or_exit, load_track_or_exit

if TYPE_CHECKING:
    from subtitles.model import Track

_GLOSSARY = click.option("-g", "--glossary", "glossary_path", required=True,
                         type=InputFile(),
                         help="The glossary CSV (or TSV): term, variants, type, keep, tags.")


def _load_track(path: str, encoding: str | None = None, language: str | None = None
                ) -> "Track":
    return load_track_or_exit(path, encoding=encoding, language=language).track


@click.group()
def glossary() -> None:
    """Apply, check and export a glossary of names (see docs/glossary.md)."""


@glossary.command()
@click.argument("source", metavar="IN", type=InputFile())
@_GLOSSARY
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Where to write the fixed subtitles (format from the extension).")
@click.option("--dry-run", is_flag=True, help="Report the changes, write nothing.")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@click.option("--no-fuzzy", is_flag=True, help="Fix listed variants only, no near misses.")
@encoding_option
def apply(source: str, glossary_path: str, output: str | None, dry_run: bool, force: bool,
          no_fuzzy: bool, encoding: str | None) -> None:
    """Normalize names in a transcript: variants and near misses -> the glossary's spelling.

    Each change is reported on stderr as PATH:LINE: fixed 'Rayim' -> "Re'im" (variant).

    \b
    Example:
      subs glossary apply film.en.srt -g names.csv -o film.fixed.en.srt
      subs glossary apply film.en.srt -g names.csv --dry-run
    """
    from glossary.apply import apply_glossary
    from subs.output import echo_problems, note
    from subtitles.io import ensure_writable, save_track

    if output is None and not dry_run:
        raise click.UsageError("pass -o OUT.srt, or --dry-run to only show the changes")
    if output is not None and not dry_run:
        ensure_writable(output, force=force, inputs=(source,))
    names = load_glossary_or_exit(glossary_path)
    track = _load_track(source, encoding)
    applied = apply_glossary(track, names, fuzzy=not no_fuzzy)
    echo_problems(change.as_problem(source) for change in applied.changes)
    kinds = [c.kind for c in applied.changes]
    detail = f" ({kinds.count('variant')} variant, {kinds.count('fuzzy')} fuzzy)" if kinds else ""
    if dry_run or output is None:
        note(f"{source}: {len(kinds)} changes{detail}; nothing written (--dry-run)")
        return
    save_track(applied.track, output)
    note(f"{output}: {len(kinds)} changes{detail}")


@glossary.command()
@click.argument("path", metavar="FILE", type=InputFile())
@_GLOSSARY
@click.option("--source", "source_path", type=InputFile(),
              help="The source-language subtitles FILE was translated from.")
@click.option("--language", help="FILE's language tag (default: from its name, x.es.srt).")
@encoding_option
def check(path: str, glossary_path: str, source_path: str | None, language: str | None,
          encoding: str | None) -> None:
    """Check that names are spelled as the glossary says; exit 1 on any miss.

    With --source, FILE is a translation: every cue whose source holds a term must hold the
    term's rendering for FILE's language. Without it, FILE is a transcript, and remaining
    variants and near misses are reported as warnings.

    \b
    Example:
      subs glossary check film.es.srt -g names.csv --source film.en.srt
      subs glossary check film.en.srt -g names.csv
    """
    from glossary.check import check_report
    from subs.output import echo_problems
    from subtitles.languages import normalize_language

    names = load_glossary_or_exit(glossary_path)
    tag = normalize_language(language) if language else None
    track = _load_track(path, encoding, tag)
    source = _load_track(source_path) if source_path else None
    if source is not None and not track.language:
        raise click.ClickException(f"cannot tell the language of {path}; "
                                   "name it like film.es.srt or pass --language")
    report = check_report(track, names, language=track.language or "und", source=source,
                          path=path)
    echo_problems(report.problems)
    for stat in report.stats:
        if source is not None:
            click.echo(f'"{stat.rendering}": {stat.found} of {stat.expected} cues')
        else:
            click.echo(f'"{stat.term.term}": {stat.found} of {stat.expected} spelled right')
    if report.errors:
        raise click.exceptions.Exit(1)


@glossary.command()
@_GLOSSARY
@click.option("--to", "targets", multiple=True,
              help="Target language tag; repeat for several (default: every language column).")
@click.option("--from", "source_lang", default="en", show_default=True,
              help="The glossary's source language (names the files).")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False),
              help="Folder for glossary.SRC-TGT.tsv (and hints.txt).")
@click.option("--hints", is_flag=True,
              help="Export the ASR hint list (stdout without -o) instead of TSV files.")
@click.option("--force", is_flag=True, help="Replace files that exist.")
def export(glossary_path: str, targets: tuple[str, ...], source_lang: str, out_dir: str | None,
           hints: bool, force: bool) -> None:
    """Export TSV glossaries per language pair (DeepL/Google format), or the hint list.

    \b
    Example:
      subs glossary export -g names.csv --to es --to he -o glossaries/
      subs glossary export -g names.csv --hints
    """
    from glossary.export import hint_list, to_tsv, tsv_name
    from subs.output import note
    from subtitles.io import atomic_write, ensure_writable
    from subtitles.languages import normalize_language

    names = load_glossary_or_exit(glossary_path)
    if hints:
        text = hint_list(names)
        if out_dir is None:
            click.echo(text, nl=False)
            return
        files = {Path(out_dir) / "hints.txt": text}
    else:
        if out_dir is None:
            raise click.UsageError("pass -o DIR for the TSV files (or --hints)")
        tags = [normalize_language(t) for t in targets] or list(names.languages)
        if not tags:
            raise click.UsageError(f"{glossary_path} has no language columns; pass --to TAG")
        source = normalize_language(source_lang)
        files = {Path(out_dir) / tsv_name(source, tag): to_tsv(names, tag) for tag in tags}
    for target in files:
        ensure_writable(target, force=force)
    for target, text in files.items():
        atomic_write(target, text)
        note(f"{target}: {text.count(chr(10))} entries")


@glossary.command()
@_GLOSSARY
def show(glossary_path: str) -> None:
    """List the terms: type, keep, and the rendering per language column."""
    names = load_glossary_or_exit(glossary_path)
    for term in names.terms:
        keep = "keep" if term.keep else "translate"
        cells = [f"{tag}={names.rendering(term, tag) or '(engine)'}" for tag in names.languages]
        variants = f" [{' | '.join(term.variants)}]" if term.variants else ""
        click.echo(f"{term.term}{variants} ({term.type}, {keep}) " + " ".join(cells))
