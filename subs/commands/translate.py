"""``subs translate``: one subtitle file into many languages, every cue's timing kept.

Everything is checked before anything is written (languages, engines for every pair, the
source, the glossary), so bad input costs one ``Error:`` line (a glossary: one
``PATH:LINE: error:`` line per problem, as ``subs glossary`` prints them) and leaves no file
behind. Each language is rendered whole and written atomically; a person's edits to an earlier
output are never overwritten (the new machine version goes beside it). Warnings about a
translation name the file written and the cue's line in it.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import click

from subs.inputs import InputFile
from subs.options import engine_option, profile_option, profiles_option, quiet_option
from subs.output import echo_problems, load_glossary_or_exit, note, progress

if TYPE_CHECKING:
    from subtitles.model import Track


def _targets(spec: str) -> list[str]:
    from subtitles.languages import normalize_language

    tags = [normalize_language(t) for t in spec.split(",") if t.strip()]
    if not tags:
        raise click.UsageError("--to needs at least one language, e.g. --to es,ca,pt-BR")
    return list(dict.fromkeys(tags))


def _source_language(path: str, given: str | None, track: "Track") -> str:
    """``--from``, else the file name, else detection when it is sure (issue 6)."""
    from subtitles.languages import (DETECT_MIN_LETTERS, DETECT_MIN_PROBABILITY,
                                     detect_language, normalize_language)
    from subtitles.markup import visible_text
    from translate.errors import SourceLanguageUnknown

    if given:
        return normalize_language(given)
    if track.language:
        return track.language
    texts = [visible_text(cue.text) for cue in track.cues]
    tag, probability = detect_language(texts)
    letters = sum(ch.isalpha() for text in texts for ch in text)
    if probability < DETECT_MIN_PROBABILITY or letters < DETECT_MIN_LETTERS:
        raise SourceLanguageUnknown(path, tag, probability, letters)
    note(f"source language: {tag} (detected, {_floor2(probability)})")
    return tag


def _floor2(probability: float) -> str:
    """0.9993 -> "0.99": a detection is never shown surer than it was."""
    return f"{math.floor(probability * 100) / 100:.2f}"


def _cue_lines(rendered: str, fmt: str, path: str, count: int) -> list[int | None]:
    """Where each cue starts in the file just written (its timing line in an SRT)."""
    from subtitles.errors import SubsError
    from subtitles.formats import get_format

    try:
        cues = get_format(fmt).read(rendered, path, lenient=True).track.cues
    except SubsError:
        cues = ()
    if len(cues) != count:
        return [None] * count
    return [cue.line for cue in cues]


def _output_name(source_path: str, target: str, out_dir: str | None) -> Path:
    from subtitles.io import language_from_name

    p = Path(source_path)
    stem = p.name[: -len(p.suffix)] if p.suffix else p.name
    if language_from_name(p):
        stem = stem.rsplit(".", 1)[0]
    return Path(out_dir or p.parent) / f"{stem}.{target}{p.suffix}"


@click.command()
@click.argument("source_file", metavar="FILE", type=click.Path())  # the reader reports
@click.option("--to", "to", required=True, help="Target languages, comma-separated: es,ca,pt-BR.")
@click.option("--from", "source",
              help="Source language (default: from the file name, else detected).")
@click.option("-g", "--glossary", "glossary_path", type=InputFile(),
              help="Glossary CSV/TSV: names locked and rendered per language.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False),
              help="Output folder (default: beside the source).")
@engine_option("Translation engine; auto picks the best installed one per language.")
@profile_option("for line breaks and the speed check", dest="profile")
@profiles_option
@click.option("--memory", "memory_path", type=click.Path(dir_okay=False),
              help="Translation memory file (default: $SUBS_MEMORY or ~/.cache/subs/).")
@click.option("--force", is_flag=True, help="Overwrite outputs, even ones a person edited.")
@quiet_option("progress bars")
def translate(source_file: str, to: str, source: str | None, glossary_path: str | None,
              out_dir: str | None, engine: str, profile: str, profiles_file: str | None,
              memory_path: str | None, force: bool, quiet: bool) -> None:
    """Translate FILE sentence by sentence into each --to language, keeping every cue's times.

    Example: subs translate film.en.srt --to es,ca,pt-BR -g names.csv -o out/
    """
    from subtitles.errors import ParseError
    from subtitles.io import load_track, render_track
    from subtitles.formats import format_for_path
    from subtitles.profiles import get_profile
    from translate import get_engine, translate_track
    from translate.memory import open_memory, output_target, write_output

    targets = _targets(to)
    chosen_profile = get_profile(profile, profiles_file)
    parsed = load_track(source_file)
    track = parsed.track
    if not track.cues or not any(c.text.strip() for c in track.cues):
        raise ParseError(source_file, None, "no cues to translate (empty file)")
    src = _source_language(source_file, source, track)
    glossary = load_glossary_or_exit(glossary_path) if glossary_path else None
    engines = {t: get_engine(engine, src, t) for t in targets}  # every pair checked up front
    echo_problems(parsed.problems)
    fmt = format_for_path(source_file).name
    with open_memory(memory_path) as memory:
        plans = {t: output_target(memory, _output_name(source_file, t, out_dir), force=force,
                                  inputs=(source_file,)) for t in targets}
        for target in targets:
            eng = engines[target]
            if engine == "auto":
                note(f"{target}: {eng.name} ({eng.version})")
            with progress(len(track.cues), f"{src} -> {target}", quiet=quiet) as bar:
                result = translate_track(track, eng, source=src, target=target,
                                         glossary=glossary, memory=memory,
                                         profile=chosen_profile, on_progress=bar)
            path = plans[target]
            rendered = render_track(result.track, fmt)
            write_output(memory, path, rendered)
            from subs.review_marks import write_marks

            write_marks(path, result.track, result.problems, result.problem_cues)
            wanted = _output_name(source_file, target, out_dir)
            if path != wanted:
                note(f"{wanted} was edited by hand since subs wrote it; kept it and wrote "
                     f"{path} (pass --force to overwrite)")
            if result.problems:  # about the output: its path, its lines
                lines = _cue_lines(rendered, fmt, str(path), len(result.track))
                echo_problems(result.problems_in(str(path), lines))
            stats = result.stats
            click.echo(f"{path}: {len(result.track)} cues, {stats.sentences} sentences "
                       f"({stats.from_memory} from memory), {eng.name}")
