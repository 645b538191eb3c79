"""The footage library: many media files, transcribed in parallel, exported and searched.

One SQLite database per library folder holds every registered file (by content hash), its
transcript (cues and words), an FTS5 index over the cues, and the claims that let several
``subs library run`` processes share the work. The command line lives in
``subs/commands/library.py``; nothing here imports click.
"""
from __future__ import annotations

from subs.library.errors import LibraryError

__all__ = ["LibraryError"]
