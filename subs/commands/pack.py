"""``subs pack FILM --to es,ca,pt-BR -g names.csv -o pack/``: the producer's one command."""
from __future__ import annotations

from pathlib import Path

import click

from subs.inputs import InputFile
from subs.options import profile_option, quiet_option
from subs.output import echo_problems, note, stage_progress


def _tree(root: Path) -> list[str]:
    """The pack's files as an indented tree (the work folder ``.subs`` left out)."""
    lines = [f"{root}/"]

    def walk(folder: Path, depth: int) -> None:
        for entry in sorted(folder.iterdir(), key=lambda p: (p.is_file(), p.name)):
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                lines.append("  " * depth + f"{entry.name}/")
                walk(entry, depth + 1)
            else:
                lines.append("  " * depth + entry.name)

    walk(root, 1)
    return lines


@click.command("pack")
@click.argument("film", type=click.Path(path_type=Path))
@click.option("--to", "targets", default="", metavar="LANGS",
              help="Target languages, comma-separated BCP-47 tags (es,ca,pt-BR).")
@click.option("--from", "source", default=None, metavar="LANG",
              help="Source language (default: for audio or video, detected by Whisper; for "
                   "a subtitle file, from its name, film.en.srt).")
@click.option("-g", "--glossary", type=InputFile(path_type=Path),
              help="Glossary CSV of the film's names.")
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("pack"), show_default=True, help="Pack folder.")
@click.option("--title", default=None, help="Title shown on the web page and QA report.")
@click.option("--platforms", default=None, metavar="LIST",
              help="Only these: youtube,facebook,x,vimeo,web (default: all).")
@click.option("--sbv", is_flag=True, help="Also write YouTube .sbv files.")
@click.option("--zip", "make_zip", is_flag=True, help="Also write pack.zip.")
@click.option("--model", default="base", show_default=True, help="Whisper model.")
@click.option("--engine", default="auto", show_default=True, help="Translation engine.")
@profile_option("for the QA report", dest="profile")
@click.option("--media", type=click.Choice(["copy", "link", "none"]), default="copy",
              show_default=True,
              help="Copy the film beside the web page, symlink it there (left out of "
                   "pack.zip), or leave it out.")
@click.option("--media-file", type=InputFile(path_type=Path),
              default=None, metavar="FILM",
              help="The film the web page plays, when FILM is a subtitle file or a project "
                   "without audio.")
@click.option("--min-complete", "min_complete", type=click.FloatRange(0, 100), default=90,
              show_default=True, metavar="PCT",
              help="Project packs: a language with text in fewer cues than this (%) is "
                   "partial, and left out unless --partial.")
@click.option("--partial", "ship_partial", is_flag=True,
              help="Project packs: ship partial languages too, flagged in the QA report.")
@click.option("--force", is_flag=True, help="Replace pack files a person edited.")
@quiet_option("progress bar or notes")
def pack(film: Path, targets: str, source: str | None, glossary: Path | None, out: Path,
         title: str | None, platforms: str | None, sbv: bool, make_zip: bool, model: str,
         engine: str, profile: str, media: str, media_file: Path | None,
         min_complete: float, ship_partial: bool, force: bool, quiet: bool) -> None:
    """Make a caption pack of FILM (audio, video or a source SRT) for every platform.

    FILM may also be a film project folder (subs init): its languages are packed as
    translators left them, nothing is translated again.

    \b
    Examples:
      subs pack film.mp4 --to es,ca,pt-BR -g names.csv -o pack/ --title "The Killing Roads"
      subs pack my-film/ -o pack/
      subs pack film.en.srt --to es --media-file film.mp4 -o pack/
    """
    from subtitles.io import language_from_name
    from subtitles.languages import normalize_language
    from subtitles.platforms import parse_platforms
    from subtitles.profiles import get_profile

    from subs.packing.from_project import pack_project
    from subs.packing.pipeline import PackOptions, run_pack
    from subs.packing.stages import is_subtitle_file
    from subs.packing.targets import parse_targets

    get_profile(profile)  # unknown profile: fail before any work
    source_language = normalize_language(source) if source else None
    known = source_language or (language_from_name(film) if is_subtitle_file(film) else None)
    opts = PackOptions(
        input=film, out=out, title=title,
        targets=parse_targets(targets, known, engine, project=film.is_dir()),
        source_language=source_language, glossary=glossary,
        platforms=parse_platforms(platforms), sbv=sbv, zip=make_zip, force=force,
        model=model, engine=engine, profile=profile, media=media, media_file=media_file)
    say = (lambda message: None) if quiet else note
    with stage_progress(quiet=quiet) as on_stage:
        if film.is_dir():
            result = pack_project(film, opts, note=say, min_complete_pct=min_complete,
                                  ship_partial=ship_partial)
        else:
            result = run_pack(opts, progress=on_stage, note=say)
    for line in _tree(result.root):
        click.echo(line)
    click.echo("")
    from subs.packing.qa import summary_lines

    click.echo("QA summary (details in qa/report.html):")
    for line in summary_lines(result.qa):
        click.echo("  " + line)
    if not quiet:
        for report in result.qa:
            echo_problems(report.review)
    for line in decision_lines(result.kept, result.stale):
        click.echo(line)
    if result.zip_path:
        click.echo(f"\nZip: {result.zip_path}")
    if result.index:
        say(f"\nPreview over HTTP (browsers load no tracks from file://): "
            f"python3 -m http.server -d {result.index.parent}")
        click.echo(f"{'' if result.zip_path else chr(10)}Web page: {result.index.resolve()}")


def decision_lines(kept: list[tuple[str, str]], stale: list[str]) -> list[str]:
    """The files a person must decide about, for the summary (stdout: ``-q`` keeps them)."""
    lines = []
    if kept:
        lines += ["", "Needs a decision (new output beside a file a person edited; "
                      "not in pack.zip):"]
        lines += [f"  {beside}  (keep {edited} and delete this, or move this over it)"
                  for edited, beside in kept]
    if stale:
        lines += ["", "Kept (edited by a person; this run no longer makes them):"]
        lines += [f"  {rel}" for rel in stale]
    return lines
