"""``subs convert IN OUT``: read any subtitle format, write any other, never clobbering a file.

The output format comes from ``--to`` or OUT's extension. Warnings about the input go to stderr
compiler-style; any error is printed the same way, one per line, and nothing is written (exit 1).
OUT is checked before the input is read, so a refused overwrite costs nothing.
"""
from __future__ import annotations

from pathlib import Path

import click

from subs.options import encoding_option
from subs.output import FORMAT_CHOICE



@click.command()
@click.argument("source", metavar="IN", type=click.Path())  # the reader reports a folder
@click.argument("output", metavar="OUT", type=click.Path(dir_okay=False))
@click.option("--to", "to_fmt", type=FORMAT_CHOICE,
              help="Output format (default: OUT's extension).")
@click.option("--from", "from_fmt", type=FORMAT_CHOICE,
              help="Input format (default: IN's extension).")
@encoding_option
@click.option("--crlf", is_flag=True, help="Write CRLF line ends (default: LF).")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@click.option("--lenient", is_flag=True,
              help="Repair or skip broken cues (reported as warnings) instead of failing.")
def convert(source: str, output: str, to_fmt: str | None, from_fmt: str | None,
            encoding: str | None, crlf: bool, force: bool, lenient: bool) -> None:
    """Convert IN to OUT (SRT, WebVTT, SBV, TTML, ASS), UTF-8 without BOM.

    \b
    Example:
      subs convert film.he.srt film.he.vtt
      subs convert old.srt new.srt --encoding cp1255 --lenient
    """
    from subs.output import load_track_or_exit, note
    from subtitles.formats import format_for_path, get_format
    from subtitles.guard import is_input
    from subtitles.io import ensure_writable, save_track

    fmt = get_format(to_fmt) if to_fmt else format_for_path(output)
    if is_input(output, (source,)):
        raise click.ClickException(f"{output} is the input file; write to another file")
    ensure_writable(output, force=force, inputs=(source,))
    parsed = load_track_or_exit(source, encoding=encoding, fmt=from_fmt, lenient=lenient)
    save_track(parsed.track, output, fmt=fmt.name, crlf=crlf)
    note(f"{output}: {len(parsed.track)} cues written as {fmt.name}")
