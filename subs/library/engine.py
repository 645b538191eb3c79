"""The one place the library calls transcription (issue 4's ``transcribe_file``).

Kept apart from ``worker.py`` so a change in the transcription API touches one small file.
The same options as ``subs transcribe`` are used, so a library transcript equals what
``subs transcribe FILE`` gives for that file, checkpoints included.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from subs.library.worker import Job
    from transcribe.transcript import Transcript

log = logging.getLogger(__name__)


def options_for(job: "Job") -> Any:
    from transcribe.transcript import TranscribeOptions

    changes: dict[str, Any] = {"model": job.model, "language": job.language,
                               "glossary": job.glossary, "threads": job.cpu_threads}
    if job.batch_size:
        changes["batch_size"] = job.batch_size
    if job.block_s:
        changes["block_s"] = job.block_s
    return TranscribeOptions(**changes)


def transcribe(path: Path, job: "Job", *, checkpoint: Path | None = None) -> "Transcript":
    """Transcribe ``path`` with the job's options, resuming from ``checkpoint`` if present.

    The glossary travels as a path (``transcribe_file`` loads it, and its text keys the
    checkpoint), so it must be readable on the worker, like the footage.
    """
    from transcribe import transcribe_file

    return transcribe_file(path, options_for(job), checkpoint=checkpoint)
