"""How long work reports progress: libraries never draw, they call ``on_progress(done, total)``.

The units are the caller's (cues, sentences, milliseconds of audio); ``total`` may change as
the work learns its size. The CLI turns the calls into a bar on stderr (``subs/output.py``).
"""
from __future__ import annotations

from typing import Callable

Progress = Callable[[int, int], None]
# A pipeline of named stages (``subs pack``): (stage, done, total), one bar per stage.
StageProgress = Callable[[str, int, int], None]
