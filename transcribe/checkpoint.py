"""Progress of a long transcription, saved after every block of audio so a crash loses little.

A 2-hour film takes the better part of an hour on a laptop; a power cut or Ctrl-C must not
throw that away. The checkpoint (``OUT.srt.partial`` beside the output) is one JSON file
rewritten atomically after each block: the plan (speech regions from VAD, packed into windows, grouped in blocks),
the detected language, and the words of every finished block. A rerun of the same command
with the same input and options picks up at the first unfinished block; blocks are decoded
independently of each other, so the result equals an uninterrupted run. Everything a block's
decoding depends on is in the plan, made from the audio alone before the first block (issue
12), and every run, resumed or not, keeps its words as the checkpoint stores them
(``settled``). A checkpoint made from another input file or other options is ignored (and
replaced), never mixed in.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from subtitles.hashing import sha256_file, sha256_text
from subtitles.io import atomic_write
from transcribe.transcript import TranscribeOptions, Word

log = logging.getLogger(__name__)
VERSION = 2


@dataclass
class State:
    """Mutable while a run goes on; written whole after each block."""

    key: str
    language: str
    language_probability: float
    duration_ms: int
    windows: list[tuple[int, int]]  # decoding windows: (first, stop) indices into regions
    regions: list[tuple[int, int]]  # speech found by VAD, ms
    blocks: list[list[int]]  # indices into windows, one list per checkpoint step
    done: int = 0  # blocks finished
    words: list[Word] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> str:
        return json.dumps({
            "version": VERSION, "key": self.key, "language": self.language,
            "language_probability": self.language_probability,
            "duration_ms": self.duration_ms, "windows": self.windows, "regions": self.regions,
            "blocks": self.blocks, "done": self.done,
            "words": [w.as_dict() for w in self.words], "warnings": self.warnings,
        }, ensure_ascii=False)


def settled(words: list[Word]) -> list[Word]:
    """The words exactly as a checkpoint gives them back (the probability to 4 places).

    A resumed run continues from the checkpoint's words; a clean run must hold the very same
    words, or anything that reads a probability could decide differently after a resume
    (issue 12: resume equals a clean run, byte for byte).
    """
    return [Word.from_dict(w.as_dict()) for w in words]


def run_key(audio: str | os.PathLike[str], options: TranscribeOptions) -> str:
    """Identity of a run: the input file (path, size, mtime), the options, the glossary text."""
    p = Path(audio).resolve()
    st = p.stat()
    parts: dict[str, object] = {"input": str(p), "size": st.st_size, "mtime": st.st_mtime_ns,
                                "options": options.fingerprint()}
    if options.glossary:
        try:
            parts["glossary"] = sha256_file(Path(options.glossary))
        except OSError:
            pass
    return sha256_text(json.dumps(parts, sort_keys=True))


def load(path: str | os.PathLike[str], key: str, duration_ms: int | None = None) -> State | None:
    """The saved state of this very run, or None (missing, damaged or from another run).

    #15: a checkpoint whose indices or times do not fit (a window naming a region that does
    not exist, a block past the plan, times past ``duration_ms``, the audio's length) is
    discarded with a warning, never resumed into an IndexError.
    """
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        log.warning("ignoring unreadable checkpoint %s: %s", path, err)
        return None
    if not isinstance(data, dict) or data.get("version") != VERSION or data.get("key") != key:
        log.warning("ignoring checkpoint %s: it belongs to another input or other options", path)
        return None
    try:
        state = State(
            key=key, language=str(data["language"]),
            language_probability=float(data["language_probability"]),
            duration_ms=int(data["duration_ms"]),
            windows=[(int(s), int(e)) for s, e in data["windows"]],
            regions=[(int(s), int(e)) for s, e in data["regions"]],
            blocks=[[int(i) for i in b] for b in data["blocks"]], done=int(data["done"]),
            words=[Word.from_dict(w) for w in data["words"]],
            warnings=[str(w) for w in data["warnings"]])
    except (KeyError, TypeError, ValueError) as err:
        log.warning("ignoring damaged checkpoint %s: %s", path, err)
        return None
    misfit = _misfit(state, duration_ms)
    if misfit:
        log.warning("discarding checkpoint %s: %s; starting over", path, misfit)
        return None
    return state


def _misfit(state: State, duration_ms: int | None) -> str | None:
    """Why ``state`` cannot be resumed on this audio, or None when it fits."""
    if duration_ms is not None and state.duration_ms != duration_ms:
        return f"it was made for {state.duration_ms} ms of audio, this audio has {duration_ms} ms"
    end = state.duration_ms
    for n, (start, stop) in enumerate(state.regions):
        if not 0 <= start <= stop <= end:
            return f"speech region {n} ({start}-{stop} ms) is outside the audio"
    for n, (first, stop) in enumerate(state.windows):
        if not 0 <= first < stop <= len(state.regions):
            return f"window {n} names regions {first}-{stop} of {len(state.regions)}"
    for n, block in enumerate(state.blocks):
        if not block or not all(0 <= i < len(state.windows) for i in block):
            return f"block {n} names windows outside 0-{len(state.windows) - 1}"
    if not 0 <= state.done <= len(state.blocks):
        return f"{state.done} blocks done of {len(state.blocks)}"
    if any(not 0 <= w.start_ms <= w.end_ms <= end for w in state.words):
        return "a word lies outside the audio"
    return None


def save(path: str | os.PathLike[str], state: State) -> None:
    atomic_write(path, state.as_json())


def discard(path: str | os.PathLike[str]) -> None:
    """Remove the checkpoint once the output is safely written."""
    try:
        Path(path).unlink()
    except FileNotFoundError:
        pass
