"""TTML / DFXP (.ttml, .dfxp, .xml) through pysubs2, its types kept inside the ass adapter.

pysubs2 parses the XML and resolves nested ``begin``/``end`` times; it keeps line breaks but
not italics on read. XML errors carry a line number, which we report. Cue lines are found by
scanning for ``<p`` elements: the i-th one is the i-th cue (None where they do not match up,
e.g. several ``<p>`` on one line). pysubs2 reads any well-formed XML, so a file without a
``<tt>`` element is refused here, as is one whose ``<p>`` elements yield no cue (pysubs2 finds
them only in the TTML namespace).
"""
from __future__ import annotations

import re

from subtitles.formats import Parsed
from subtitles.formats._report import Diagnostics
from subtitles.formats.ass import events_to_cues, first_line, load_events, to_ssafile
from subtitles.model import Track

_P = re.compile(r"<(?:\w+:)?p[\s>/]")
_CHAR_REF = re.compile(r"&#(\d+);")
_TT = re.compile(r"<(?:\w+:)?tt[\s>/]")
_HINT = "check the file, or pass --from"


def read(text: str, path: str = "<text>", *, lenient: bool = False) -> Parsed:
    """TTML text -> Parsed track; ParseError lists every error unless ``lenient``."""
    rep = Diagnostics(path, lenient=lenient)
    if not text.strip("\ufeff \t\r\n"):
        rep.no_cues()
        return rep.finish([])
    subs = load_events(text.lstrip("\ufeff"), "ttml", path)
    events = [e for e in subs.events if not e.is_comment]
    found = [i + 1 for i, line in enumerate(text.splitlines()) for _ in _P.finditer(line)]
    lines: list[int | None] = list(found) if len(found) == len(events) else [None] * len(events)
    if not _TT.search(text):
        rep.error(first_line(text), "cannot read as TTML: no <tt> element", _HINT, "no-cues")
    elif not events and found:
        rep.error(found[0], f"cannot read as TTML: no cue in {len(found)} <p> element(s)",
                  'declare the TTML namespace: <tt xmlns="http://www.w3.org/ns/ttml">',
                  "no-cues")
    elif not events:
        rep.no_cues()
    language = None
    m = re.search(r'<(?:\w+:)?tt\b[^>]*\bxml:lang="([^"]+)"', text)
    if m:
        language = m[1] or None
    return rep.finish(events_to_cues(events, lines, rep), language)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write(track: Track) -> str:
    """Track -> TTML 1 (pysubs2's writer) in UTF-8, with ``xml:lang`` when the language is known.

    Characters XML 1.0 cannot hold (control characters, a terminal escape) are left out: they
    show nothing on screen, and written as they were they made the whole file unreadable (#15
    fuzz test; ``subs check`` warns of them).
    """
    if any(_NOT_XML.search(cue.text) for cue in track.cues):
        track = track.with_cues(tuple(cue.replace(text=_NOT_XML.sub("", cue.text))
                                      for cue in track.cues))
    text = to_ssafile(track).to_string("ttml").replace("\r\n", "\n")
    # pysubs2 serialises as ASCII (&#1513; for every Hebrew letter); we write UTF-8, so put the
    # letters back: a reference >= 128 is never markup, so this cannot change the meaning.
    text = _CHAR_REF.sub(lambda m: chr(int(m[1])) if int(m[1]) >= 128 else m[0], text)
    text = '<?xml version="1.0" encoding="utf-8"?>\n' + text
    if track.language:
        text = text.replace("<tt ", f'<tt xml:lang="{track.language}" ', 1)
    return text
