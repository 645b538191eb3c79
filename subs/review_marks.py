"""Review marks beside a translated file: ``film.es.srt.review.json``.

``subs translate`` marks cues a person should check (issue 13: a cut the evidence did not decide,
a glossary lock the engine broke). SRT has no comments, so the marks live beside the file, each
with the cue's start and text as written; ``subs check film.es.srt`` shows a mark only while its
cue is still as the machine wrote it, so an edit clears it. No marks: no file.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

from subtitles.errors import Problem
from subtitles.io import atomic_write
from subtitles.model import Track

SUFFIX = ".review.json"


def marks_path(path: str | Path) -> Path:
    return Path(f"{path}{SUFFIX}")


def write_marks(path: str | Path, track: Track, problems: Sequence[Problem],
                cues: Sequence[int]) -> None:
    """Keep the ``review`` problems (``cues[k]`` is problem k's cue) beside ``path``."""
    marks = [{"start_ms": track.cues[c].start_ms, "text": track.cues[c].text,
              "message": p.message} for p, c in zip(problems, cues)
             if p.code == "review" and c < len(track.cues)]
    target = marks_path(path)
    if not marks:
        target.unlink(missing_ok=True)
        return
    atomic_write(target, json.dumps({"file": Path(path).name, "review": marks},
                                    ensure_ascii=False, indent=1) + "\n")


def read_marks(path: str | Path, track: Track) -> list[Problem]:
    """The marks whose cue is unchanged, as warnings on its line (code ``review``)."""
    target = marks_path(path)
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        marks = list(data["review"])
    except (OSError, ValueError, KeyError, TypeError):
        return []
    found = []
    by_start = {(cue.start_ms, cue.text): cue for cue in track.cues}
    for mark in marks:
        if not isinstance(mark, dict):
            continue
        try:
            key = (int(mark.get("start_ms", -1)), str(mark.get("text")))
        except (TypeError, ValueError):
            continue  # a mark edited out of shape is no mark
        cue = by_start.get(key)
        if cue is not None:
            found.append(Problem(str(path), cue.line, "warning", str(mark.get("message", "")),
                                 "check it; an edit to the cue clears the mark", "review"))
    return found
