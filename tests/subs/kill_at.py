"""``subs`` that kills itself at a chosen moment of a transcription: ``python -m
tests.subs.kill_at MOMENT subs-arguments...`` (issue 12).

A test that sends a signal from outside races the process it signals (under load the run may be
a block further, or finished). Here the process signals itself, with a real ``SIGKILL`` (a crash,
a power cut: nothing runs after it) or a real ``SIGINT`` (Ctrl-C), when an observable state is
reached, so every moment is hit exactly, on a quiet machine or a busy one. The moments, seen
through the public callbacks and the checkpoint file the run writes:

- ``plan``: just after the first checkpoint save (the plan, no block done);
- ``mid-block:N``: while block N is decoded (N blocks done), after one of its segments;
- ``between:N``: just after the checkpoint with N blocks done is saved;
- ``ctrl-c:N``: like ``mid-block:N``, with SIGINT instead of SIGKILL;
- ``final-write``: when the finished run starts writing the SRT;
- ``none``: no trap (a run that a test signals from outside).

Whatever the moment, SIGINT is handled as in a terminal, even where the test run itself was
started with SIGINT ignored.
"""
from __future__ import annotations

import os
import signal
import sys
from typing import Any


def _die(sig: int = signal.SIGKILL) -> None:
    sys.stderr.flush()
    os.kill(os.getpid(), sig)


def _arm(moment: str) -> None:
    from subtitles import io
    from transcribe import checkpoint, whisper

    name, _, number = moment.partition(":")
    wanted = int(number or 0)
    save, transcribe_file, atomic_write = checkpoint.save, whisper.transcribe_file, io.atomic_write

    def save_then_maybe_die(path: Any, state: checkpoint.State) -> None:
        save(path, state)
        if (name, state.done) in (("plan", 0), ("between", wanted)):
            _die()

    def transcribe_with_a_trap(path: Any, options: Any, **kwargs: Any) -> Any:
        report = kwargs.get("on_progress") or (lambda done, total: None)
        saved = kwargs["checkpoint"]
        calls: list[int] = []

        def on_progress(done_ms: int, total_ms: int) -> None:
            report(done_ms, total_ms)
            if name in ("mid-block", "ctrl-c") and _done(saved) == wanted:
                calls.append(done_ms)  # the first call of a block is its start, then segments
                if len(calls) == 2:
                    _die(signal.SIGINT if name == "ctrl-c" else signal.SIGKILL)

        kwargs["on_progress"] = on_progress
        return transcribe_file(path, options, **kwargs)

    def write_or_die(path: Any, data: Any) -> None:
        if name == "final-write" and str(path).endswith(".srt"):
            _die()
        atomic_write(path, data)

    checkpoint.save = save_then_maybe_die  # type: ignore[assignment]
    whisper.transcribe_file = transcribe_with_a_trap  # type: ignore[assignment]
    io.atomic_write = write_or_die  # type: ignore[assignment]


def _done(path: Any) -> int:
    """Blocks done in the checkpoint (-1: none saved yet)."""
    import json

    try:
        with open(path, encoding="utf-8") as file:
            return int(json.load(file)["done"])
    except FileNotFoundError:
        return -1


if __name__ == "__main__":
    # Ctrl-C in a terminal finds SIGINT at its default; a test run started in the background
    # (``pytest &`` from a script, some CI runners) passes it on ignored, and then Python
    # installs no KeyboardInterrupt handler at all (issue 12: the runs went on to the end).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if sys.argv[1] != "none":
        _arm(sys.argv[1])
    from subs.cli import cli

    cli(sys.argv[2:], prog_name="subs")
