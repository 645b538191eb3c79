"""TTML / DFXP (.ttml, .dfxp, .xml) through pysubs2, its types kept inside the ass adapter.

pysubs2 parses the XML and resolves nested ``begin``/``end`` times; it keeps line breaks but
not italics on read. XML errors carry a line number, which we report. Cue lines are found by
scanning for ``<p`` elements: the i-th one is the i-th cue (None where they do not match up,
e.g. several ``<p>`` on one line).
"""
from __future__ import annotations

import re

from subtitles.formats import Parsed
from subtitles.formats._report import Report
from subtitles.formats.ass import events_to_cues, load_events, to_ssafile
from subtitles.model import Track

_P = re.compile(r"<(?:\w+:)?p[\s>/]")
_CHAR_REF = re.compile(r"&#(\d+);")


def read(text: str, path: str = "<text>", *, lenient: bool = False) -> Parsed:
    """TTML text -> Parsed track; ParseError lists every error unless ``lenient``."""
    rep = Report(path, lenient=lenient)
    subs = load_events(text.lstrip("\ufeff"), "ttml", path)
    events = [e for e in subs.events if not e.is_comment]
    found = [i + 1 for i, line in enumerate(text.splitlines()) for _ in _P.finditer(line)]
    lines: list[int | None] = list(found) if len(found) == len(events) else [None] * len(events)
    language = None
    m = re.search(r'<(?:\w+:)?tt\b[^>]*\bxml:lang="([^"]+)"', text)
    if m:
        language = m[1] or None
    return rep.finish(events_to_cues(events, lines, rep), language)


def write(track: Track) -> str:
    """Track -> TTML 1 (pysubs2's writer) in UTF-8, with ``xml:lang`` when the language is known."""
    text = to_ssafile(track).to_string("ttml").replace("\r\n", "\n")
    # pysubs2 serialises as ASCII (&#1513; for every Hebrew letter); we write UTF-8, so put the
    # letters back: a reference >= 128 is never markup, so this cannot change the meaning.
    text = _CHAR_REF.sub(lambda m: chr(int(m[1])) if int(m[1]) >= 128 else m[0], text)
    text = '<?xml version="1.0" encoding="utf-8"?>\n' + text
    if track.language:
        text = text.replace("<tt ", f'<tt xml:lang="{track.language}" ', 1)
    return text
