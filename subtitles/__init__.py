"""The shared cue model, formats, readability checks and file I/O of subs.

This package imports nothing else of the project: every other package builds on it.
"""
from subtitles.errors import ParseError, Problem, SubsError
from subtitles.model import Cue, Track

__all__ = ["Cue", "Track", "Problem", "ParseError", "SubsError"]
