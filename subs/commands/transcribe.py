"""``subs transcribe``: audio or video -> readable SRT with a packaged Whisper model, offline.

Outputs are checked before any audio is decoded, so a refused overwrite costs nothing; a long
run saves its progress in ``OUT.partial`` and the same command resumes it after a crash or
Ctrl-C. The transcription itself is ``transcribe.transcribe_file``.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import click

from subs.inputs import InputFile
from subs.options import profile_option, profiles_option, quiet_option

if TYPE_CHECKING:
    from transcribe.transcript import Start, Transcript

_LANGUAGE_HELP = "Spoken language as a BCP-47 tag (en, he, ar...), or auto (default) to detect."


def _outputs(inputs: tuple[str, ...], output: str | None, language: str | None) -> list[Path]:
    """Where each input's SRT goes; ``language`` is the subtitles' (en for --task translate)."""
    suffix = f".{language}.srt" if language else ".srt"
    if len(inputs) == 1 and output and not output.endswith(("/", "\\")) \
            and not Path(output).is_dir():
        return [Path(output)]
    if len(inputs) > 1 and output and Path(output).exists() and not Path(output).is_dir():
        raise click.UsageError("with several inputs, -o must be a folder")
    folder = Path(output) if output else None
    outs = [(folder or Path(i).parent) / (Path(i).stem + suffix) for i in inputs]
    if len(set(outs)) < len(outs):
        raise click.UsageError("two inputs would write the same output; give them different "
                               "names or transcribe them separately")
    return outs


class _Bar:
    """State for the progress label: ``12:40 / 1:58:00  9.8x``."""

    def __init__(self) -> None:
        self.done = 0
        self.total = 0
        self.started = time.monotonic()

    def show(self, _item: object = None) -> str:
        from subtitles.timing import format_clock

        elapsed = time.monotonic() - self.started
        speed = f"  {self.done / 1000 / elapsed:.1f}x" if elapsed > 1 and self.done else ""
        return f"{format_clock(self.done)} / {format_clock(self.total)}{speed}"


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...",
                type=click.Path(dir_okay=False))
@click.option("-o", "--output", help="SRT file, or a folder (several inputs: one SRT each).")
@click.option("--model", default="base", show_default=True,
              help="base, tiny.en, a model folder, or a faster-whisper hub name (needs internet).")
@click.option("--language", default="auto", help=_LANGUAGE_HELP)
@click.option("--task", type=click.Choice(["transcribe", "translate"]), default="transcribe",
              show_default=True, help="translate: Whisper's own speech-to-English.")
@click.option("--glossary", type=InputFile(),
              help="Names CSV: spelled right via the prompt and hotwords, variants fixed.")
@click.option("--beam-size", type=click.IntRange(1, 20), default=5, show_default=True)
@click.option("--batch-size", type=click.IntRange(1, 64), default=8, show_default=True)
@click.option("--vad/--no-vad", default=True, show_default=True,
              help="Skip silence and noise with Silero VAD.")
@profile_option("for the cues", dest="profile")
@profiles_option
@click.option("--words", "words_file", type=click.Path(dir_okay=False),
              help="Also write word timings and probabilities as JSON (one input only).")
@click.option("--threads", type=click.IntRange(0, 256), default=0,
              help="CPU threads (default: faster-whisper's choice).")
@click.option("--block-seconds", type=click.IntRange(10, 3600), default=300, hidden=True,
              help="Audio per checkpoint save.")
@click.option("--window-seconds", type=click.IntRange(5, 29), default=29, hidden=True,
              help="Speech per decoding window.")
@click.option("--fresh", is_flag=True, help="Ignore saved progress and start over.")
@click.option("--force", is_flag=True, help="Replace outputs that exist.")
@quiet_option("progress bar or notes")
def transcribe(inputs: tuple[str, ...], output: str | None, model: str, language: str,
               task: str, glossary: str | None, beam_size: int, batch_size: int, vad: bool,
               profile: str, profiles_file: str | None, words_file: str | None, threads: int,
               block_seconds: int, window_seconds: int, fresh: bool, force: bool, quiet: bool) -> None:
    """Transcribe INPUT (wav, mp3, m4a, flac, mp4, mkv, mov...) to SRT.

    \b
    Example:
      subs transcribe interview.wav -o interview.en.srt --glossary names.csv
      subs transcribe day1/*.mp4 -o subtitles/ --language he --task translate
    """
    from subtitles.io import ensure_writable
    from subtitles.languages import normalize_language
    from subtitles.profiles import get_profile
    from transcribe.transcript import TranscribeOptions

    tag = None if language.lower() == "auto" else normalize_language(language)
    if words_file and len(inputs) > 1:
        raise click.UsageError("--words works with one input only")
    get_profile(profile, profiles_file)  # a typo fails now, not after an hour of audio
    outs = _outputs(inputs, output, "en" if task == "translate" else tag)
    for out in outs:
        ensure_writable(out, force=force, inputs=inputs)
    if words_file:
        ensure_writable(words_file, force=force, inputs=inputs)
    if glossary and not Path(glossary).is_file():
        raise click.UsageError(f"glossary {glossary} does not exist")
    if glossary:
        _check_glossary(glossary)
    options = TranscribeOptions(model=model, language=tag, task=task, glossary=glossary,
                                beam_size=beam_size, batch_size=batch_size, vad=vad,
                                profile=profile, profiles_file=profiles_file, threads=threads,
                                block_s=block_seconds, window_s=window_seconds,
                                allow_download=True)
    for source, out in zip(inputs, outs):
        _one(source, out, options, words_file=words_file, fresh=fresh, quiet=quiet)


def _check_glossary(path: str) -> None:
    """A bad glossary fails before any model or audio is loaded, one ``PATH:LINE: error``
    line per problem as ``subs glossary`` prints them (not squeezed into one ``Error:``)."""
    from subs.output import load_glossary_or_exit

    load_glossary_or_exit(path)


def _language_note(start: "Start | Transcript", task: str) -> str:
    """``language he (detected, probability 0.98), translated to English``."""
    if start.language == "und":
        text = "language unknown (no speech to detect it from)"
    elif start.language_source == "detected":
        text = (f"language {start.language} (detected, probability "
                f"{start.language_probability:.2f})")
    elif start.language_source == "english-only":
        text = f"language {start.language} (English-only model)"
    else:
        text = f"language {start.language}"
    return text + (", translated to English" if task == "translate" else "")


def _interrupted(source: str, partial: Path, *, kept: bool, untouched: bool,
                 bar_drawn: bool) -> str:
    """What Ctrl-C left: this run's checkpoint, or nothing yet (then no file is named as kept;
    one from an earlier run that was not looked at yet is said to be untouched)."""
    if kept:
        return (f"{chr(10) if bar_drawn else ''}{source}: interrupted; progress kept in "
                f"{partial} (run the same command again to resume)")
    left = f"; {partial} is left as it was" if untouched else ""
    return f"{source}: interrupted before any progress was saved{left}"


def _one(source: str, out: Path, options: Any, *, words_file: str | None, fresh: bool,
         quiet: bool) -> None:
    """One input. Notes come once their facts are: the resume note when the checkpoint was
    accepted, the language as soon as it is detected, both before the progress bar starts."""
    from contextlib import ExitStack

    from subs.output import note, progress
    from subtitles.io import atomic_write, save_track
    from transcribe import checkpoint
    from transcribe.whisper import transcribe_file

    partial = out.with_name(out.name + ".partial")
    if fresh:
        checkpoint.discard(partial)
    existed = partial.exists()
    bar = _Bar()
    started: list[Start] = []
    updates: list[Callable[[int, int], None]] = []
    try:
        with ExitStack() as stack:
            def on_start(start: Start) -> None:
                started.append(start)
                if not quiet and start.resumed:
                    note(f"{partial}: resuming saved progress ({start.resumed_blocks} of "
                         f"{start.blocks} blocks done; --fresh starts over)")
                if not quiet and start.language_source != "given":
                    note(f"{source}: {_language_note(start, options.task)}")
                updates.append(stack.enter_context(
                    progress(1, Path(source).name, quiet=quiet, show=bar.show)))

            def on_progress(done: int, total: int) -> None:
                bar.done, bar.total = done, total
                for update in updates:
                    update(done, total)

            result = transcribe_file(source, options, on_progress=on_progress,
                                     checkpoint=partial, on_start=on_start)
    except KeyboardInterrupt:
        click.echo(_interrupted(source, partial, kept=bool(started) and partial.exists(),
                                untouched=existed and partial.exists(),
                                bar_drawn=not quiet and sys.stderr.isatty()), err=True)
        sys.exit(130)
    for warning in result.warnings:
        click.echo(f"{source}: warning: {warning}", err=True)
    if not quiet:
        for fix in result.name_fixes:
            click.echo(f"{source}: name: {fix}", err=True)
    save_track(result.track, out, fmt="srt")
    if words_file:
        atomic_write(words_file, json.dumps({
            "input": source, "language": result.language,
            "language_probability": round(result.language_probability, 4),
            "duration_ms": result.duration_ms,
            "words": [w.as_dict() for w in result.words],
            "name_fixes": [f.as_dict() for f in result.name_fixes]},
            ensure_ascii=False, indent=1) + "\n")
    checkpoint.discard(partial)
    if not quiet:
        count = len(result.track)
        note(f"{out}: {count} cue{'' if count == 1 else 's'}, "
             f"{_language_note(result, options.task)}")
