"""``subs library``: transcribe hours of footage in parallel, export transcripts, search them.

The library is a folder (``--library``, default the current one, or ``$SUBS_LIBRARY``) holding
``library.db`` (SQLite: files, transcripts, FTS5 index), ``.library-checkpoints/`` and
optionally ``subs.toml`` (its glossary, model and language). The logic lives in
``subs/library/``; this module only parses options and prints.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click

from subs.inputs import InputFile
from subs.options import quiet_option

from subtitles.hashing import sha256_file
from subtitles.timing import format_clock, format_vtt

_LIBRARY = click.option("--library", "-L", "lib_dir", default=".", show_default=True,
                        envvar="SUBS_LIBRARY", type=click.Path(file_okay=False),
                        help="Library folder (holds library.db and subs.toml); "
                             "$SUBS_LIBRARY works too.")
_GLOSSARY = click.option("--glossary", "-g", type=InputFile(),
                         help="Glossary CSV (default: the one named in the library's subs.toml).")
_FORMAT = click.option("--format", "out_format", type=click.Choice(["text", "json"]),
                       default="text", show_default=True, help="Output as text or JSON.")


def _show(path: str) -> str:
    """A path relative to the current folder when it is under it, else as stored."""
    try:
        return os.path.relpath(path) if Path(path).resolve().is_relative_to(Path.cwd()) else path
    except (ValueError, OSError):
        return path


@click.group()
def library() -> None:
    """Transcribe, export and search a footage library.

    \b
    Example:
      subs library add /footage/day1 /footage/day2 -L film-lib
      subs library run -L film-lib
      subs library status -L film-lib
      subs library search -L film-lib '"Route 232"'
      subs library export -L film-lib --format docx -o transcripts/
    """


@library.command()
@click.argument("footage", nargs=-1, required=True, type=click.Path(exists=True))
@_LIBRARY
def add(footage: tuple[str, ...], lib_dir: str) -> None:
    """Register the media files under FOOTAGE (folders are searched recursively).

    Files are known by the hash of their content: a renamed, moved or copied file is recorded
    as another path of the same recording and is not transcribed twice.

    \b
    Example:
      subs library add /footage/day1 -L film-lib
    """
    from subs.library.db import open_library
    from subs.library.scan import add_paths
    from subs.output import note

    with open_library(lib_dir, create=True) as lib:
        report = add_paths(lib, footage)
    for path, known in report.duplicates:
        note(f"{_show(path)}: same content as {_show(known)}; not transcribed again")
    for path, old in report.moved:
        note(f"{_show(path)}: moved from {_show(old)}; not transcribed again")
    for path, reason in report.unreadable:
        note(f"{_show(path)}: error: cannot read ({reason})")
    moved = f"{len(report.moved)} moved, " if report.moved else ""
    note(f"{len(report.new)} new, {len(report.duplicates)} copies of known files, {moved}"
         f"{report.unchanged} already registered, {len(report.unreadable)} unreadable")


@library.command()
@_LIBRARY
@click.option("--workers", "-j", type=click.IntRange(min=1),
              help="Worker processes (default: sized to cores and memory).")
@click.option("--dask", "dask_address", metavar="SCHEDULER_ADDRESS",
              help="Run on a Dask distributed cluster, e.g. tcp://10.0.0.5:8786.")
@click.option("--dask-timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds to wait for the Dask scheduler and a first worker.")
@click.option("--send-files", is_flag=True,
              help="With --dask: send each file's bytes to the worker (workers that do not "
                   "see the footage at the same path).")
@click.option("--model", help="Whisper model (default: subs.toml's, else base).")
@click.option("--language", help="Spoken language, a BCP-47 tag (default: detected per file).")
@_GLOSSARY
@click.option("--batch-size", type=click.IntRange(min=1),
              help="Batched decoding size (default: transcription's; 1 = plain).")
@click.option("--chunk-s", type=click.IntRange(min=1),
              help="Seconds of audio between two checkpoints of a file (default: 300).")
@click.option("--retry-failed", is_flag=True, help="Try the files that failed before again.")
@quiet_option("per-file lines: only the summary")
def run(lib_dir: str, workers: int | None, dask_address: str | None, dask_timeout: float,
        send_files: bool,
        model: str | None, language: str | None, glossary: str | None,
        batch_size: int | None, chunk_s: int | None, retry_failed: bool, quiet: bool
        ) -> None:
    """Transcribe every registered file not yet done, in parallel.

    A file that fails (corrupt, no audio track) is recorded with its error and the run goes
    on; the run then exits 1. Stopped (Ctrl-C, SIGTERM) or killed, a rerun resumes: finished
    files are kept, long files continue from their last checkpointed chunk, and worker
    processes never outlive the run. Two runs on one library share the work.

    \b
    Example:
      subs library run -L film-lib -j 2
      subs library run -L film-lib --dask tcp://10.0.0.5:8786
    """
    from subs.library.claims import reset_failed
    from subs.library.config import load_config
    from subs.library.db import open_library
    from subs.library.runner import RunOptions, run_library
    from subs.output import note
    from subtitles.languages import normalize_language

    with open_library(lib_dir) as lib:
        config = load_config(lib.folder)
        if retry_failed:
            note(f"{reset_failed(lib)} failed files queued again")
        glossary_path = glossary or (str(config.glossary) if config.glossary else None)
        if glossary_path:
            from glossary.load import load_glossary

            load_glossary(glossary_path)  # a broken glossary stops here, not in every worker
        lang = language or config.language
        options = RunOptions(workers=workers, dask=dask_address, dask_timeout_s=dask_timeout,
                             send_files=send_files,
                             model=model or config.model or "base",
                             language=normalize_language(lang) if lang else None,
                             glossary=str(Path(glossary_path).resolve()) if glossary_path
                             else None, batch_size=batch_size or 0,
                             block_s=chunk_s or 0)
        files, audio_ms = lib.conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(duration_ms), 0) FROM media "
            "WHERE status IN ('pending', 'running')").fetchone()
        events = None if quiet else _Progress(files, audio_ms)
        with _stop_on_sigterm():
            report = run_library(lib, options, on_event=events)
    rate = report.audio_ms / 1000 / report.wall_s if report.wall_s else 0.0
    flight = (f" ({report.in_flight} files in flight)"
              if report.in_flight != report.workers else "")
    wall, audio = format_clock(report.wall_s * 1000, hours=True), format_clock(report.audio_ms,
                                                                                hours=True)
    note(f"{len(report.done)} done, {len(report.failed)} failed in {wall} "
         f"with {_count(report.workers, 'worker')}{flight}: {audio} of audio, "
         f"{rate:.1f} h of audio per hour")
    if report.failed:  # issue 16: as rsync does for a partial transfer
        note(f"{_count(len(report.failed), 'file')} failed (see above, or subs library status "
             "-L ...); exit status 1")
        raise click.exceptions.Exit(1)


class _Progress:
    """Prints each file's start and end, with the run's overall progress and time left.

    Time left is the audio still to do at the rate of audio done so far (issue 16: a run of
    hours showed no overall progress at all).
    """

    def __init__(self, files: int, audio_ms: int) -> None:
        import time

        self.files, self.audio_ms = files, audio_ms
        self.finished, self.audio_done_ms = 0, 0
        self.started = time.monotonic()

    def __call__(self, kind: str, path: str, outcome: Any) -> None:
        from subs.output import note

        if kind == "stopping":
            files = path.splitlines()
            if not files:
                note("stopping: no file was in progress; stopping the workers")
                return
            names = ", ".join(_show(p) for p in files)
            note(f"stopping: {_count(len(files), 'file')} in progress given back to the queue: "
                 f"{names}; stopping the workers (the next run does them, long files from "
                 "their last checkpoint)")
            return
        if kind in ("done", "failed"):
            self.finished += 1
            self.audio_done_ms += (outcome.duration_ms or 0) if outcome is not None else 0
        _print_event(kind, path, outcome)
        if kind in ("done", "failed"):
            note(f"        {self.overall()}")

    def overall(self) -> str:
        import time

        elapsed = time.monotonic() - self.started
        total = max(self.audio_ms, self.audio_done_ms)
        done = format_clock(self.audio_done_ms, hours=True)
        line = (f"[{self.finished}/{self.files} files, {done} of "
                f"{format_clock(total, hours=True)} of audio")
        left_ms = total - self.audio_done_ms
        if self.audio_done_ms and left_ms > 0:
            left = format_clock(elapsed * 1000 * left_ms / self.audio_done_ms, hours=True)
            line += f", about {left} left"
        return line + "]"


def _stop_on_sigterm() -> Any:
    """SIGTERM stops a run as Ctrl-C does: claims given back, workers stopped (issue 16)."""
    import contextlib
    import signal
    import threading

    @contextlib.contextmanager
    def handler() -> Any:
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def stop(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt

        old = signal.signal(signal.SIGTERM, stop)
        try:
            yield
        finally:
            signal.signal(signal.SIGTERM, old)

    return handler()


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _print_event(kind: str, path: str, outcome: Any) -> None:
    from subs.output import note

    if kind == "start":
        note(f"start   {_show(path)}")
    elif kind == "done":
        audio = outcome.duration_ms or 0
        speed = audio / 1000 / outcome.elapsed_s if outcome.elapsed_s else 0.0
        note(f"done    {_show(path)}  {format_clock(audio, hours=True)} of audio in "
             f"{outcome.elapsed_s:.1f} s "
             f"({speed:.1f}x), {len(outcome.cues)} cues")
        for warning in outcome.warnings:  # issue 16: "the file may be damaged", "no speech"
            note(f"warning {_show(path)}: {warning}")
    else:
        note(f"failed  {_show(path)}: {outcome.error}")


@library.command()
@_LIBRARY
@_FORMAT
def status(lib_dir: str, out_format: str) -> None:
    """Show files and hours of audio done, pending and failed, and the throughput so far.

    \b
    Example:
      subs library status -L film-lib --format json
    """
    from subs.library.db import open_library
    from subs.library.status import STATES, library_status

    with open_library(lib_dir) as lib:
        st = library_status(lib)
    if out_format == "json":
        click.echo(json.dumps(st.as_dict(), indent=1))
        return
    for state in STATES:
        click.echo(f"{state:<8} {st.files[state]:>5} files  {st.audio_ms[state] / 3.6e6:8.2f} h")
    if st.unknown_duration:
        click.echo(f"({st.unknown_duration} files of unknown length not counted in hours)")
    if st.throughput is None:
        click.echo("throughput: no audio transcribed yet")
    else:
        audio = format_clock(st.run_audio_ms, hours=True)
        wall = format_clock(st.run_wall_s * 1000, hours=True)
        click.echo(f"throughput: {st.throughput:.2f} h of audio per hour of wall time "
                   f"({audio} of audio in {wall})")
    if st.eta_s:
        click.echo(f"left: about {format_clock(st.eta_s * 1000, hours=True)} at that rate")
    for failure in st.failures:
        click.echo(f"failed: {_show(failure.path)}: {failure.error}")
    for warning in st.warnings:
        click.echo(f"warning: {_show(warning.path)}: {warning.error}")


@library.command()
@click.argument("files", nargs=-1, type=InputFile())
@_LIBRARY
@click.option("--format", "fmt", type=click.Choice(["srt", "txt", "docx", "json"]),
              required=True, help="srt, txt (timecoded paragraphs), docx (for editors), json "
                                  "(words and times).")
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder to write one file per recording into.")
@_GLOSSARY
@click.option("--force", is_flag=True, help="Replace files that already exist.")
def export(files: tuple[str, ...], lib_dir: str, fmt: str, out_dir: str,
           glossary: str | None, force: bool) -> None:
    """Write one transcript per recording (or per FILE given) into a folder.

    \b
    Example:
      subs library export -L film-lib --format docx -o transcripts/
      subs library export -L film-lib --format srt -o subs/ /footage/day1/int01.mov
    """
    from subs.library.config import load_config, load_library_glossary
    from subs.library.db import open_library
    from subs.library.export import export_all
    from subs.output import note

    with open_library(lib_dir) as lib:
        gloss = load_library_glossary(load_config(lib.folder), glossary)
        hashes = None
        if files:
            hashes = [_known_hash(lib, Path(f)) for f in files]
        report = export_all(lib, Path(out_dir), fmt, hashes=hashes,
                            glossary=gloss, force=force)  # type: ignore[arg-type]
        left = dict(lib.conn.execute("SELECT status = 'failed', COUNT(*) FROM media "
                                     "WHERE status != 'done' GROUP BY 1").fetchall())
        warned = _warnings(lib, hashes)
    for path in report.written:
        click.echo(_show(str(path)))
    for path in report.kept:
        note(f"{_show(str(path))}: exists and differs (edited, or an older export); kept it "
             "(pass --force to replace it)")
    for media, warning in warned:  # issue 16: stored, and now shown
        note(f"{_show(media)}: warning: {warning}")
    failed, pending = left.get(1, 0), left.get(0, 0)
    missing = ([_count(failed, "recording") + " failed"] if failed else []) + \
        ([_count(pending, "recording") + " not transcribed yet"] if pending else [])
    extra = f" ({', '.join(missing)})" if missing and not files else ""
    same = f", {len(report.unchanged)} already up to date" if report.unchanged else ""
    kept = f", {len(report.kept)} kept" if report.kept else ""
    note(f"{len(report.written)} {fmt} files written to {out_dir}{same}{kept}{extra}")


def _warnings(lib: Any, hashes: list[str] | None) -> list[tuple[str, str]]:
    """(path, warning) for each recording exported (all done ones when None) with a warning."""
    from subs.library.status import stored_warnings_of

    return [(w.path, w.error) for w in stored_warnings_of(lib)
            if hashes is None or w.content_hash in hashes]


def _known_hash(lib: Any, path: Path) -> str:
    from subs.library.errors import LibraryError

    row = lib.conn.execute("SELECT hash FROM paths WHERE path = ?",
                           (str(path.resolve()),)).fetchone()
    content_hash = row["hash"] if row else sha256_file(path)
    if not lib.conn.execute("SELECT 1 FROM media WHERE hash = ?", (content_hash,)).fetchone():
        raise LibraryError(f"{path}: not in the library (run `subs library add {path}`)")
    return str(content_hash)


@library.command(context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, required=True)
@_LIBRARY
@_GLOSSARY
@click.option("--limit", default=100, show_default=True, type=click.IntRange(min=1),
              help="Most hits to print.")
@_FORMAT
def search(query: tuple[str, ...], lib_dir: str, glossary: str | None, limit: int,
           out_format: str) -> None:
    """Find every place QUERY is said, best matches first: FILE @ HH:MM:SS.mmm  ...text...

    All words must occur in one cue; "quoted words" must occur together; word* is a prefix.
    Any spelling of a glossary term finds all its spellings. Exit 1 when nothing matches.
    A word starting with a dash (-Sderot) is searched for as typed; no -- is needed.

    \b
    Example:
      subs library search -L film-lib Route 232
      subs library search -L film-lib '"Kibbutz Re'"'"'im"' --format json
      subs library search -L film-lib 'ambul*'
    """
    from subs.library.config import load_config, load_library_glossary
    from subs.library.db import open_library
    from subs.library.search import search as run_search
    from subs.output import note

    text = " ".join(query)
    with open_library(lib_dir) as lib:
        gloss = load_library_glossary(load_config(lib.folder), glossary)
        hits = run_search(lib, text, glossary=gloss, limit=limit)  # type: ignore[arg-type]
    if out_format == "json":
        click.echo(json.dumps([h.as_dict() for h in hits], ensure_ascii=False, indent=1))
    else:
        for hit in hits:
            click.echo(f"{_show(hit.path)} @ {format_vtt(hit.time_ms)}  ...{hit.text}...")
    if not hits:
        note(f"no match for {text!r}")
        raise click.exceptions.Exit(1)
