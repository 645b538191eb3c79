"""WebVTT (.vtt), read and written by hand rather than through pysubs2.

pysubs2 drops the line each cue came from (every later message needs it), unescapes nothing on
read and escapes nothing on write, so ``a < b`` becomes a broken tag. WebVTT is simple enough
to scan: a ``WEBVTT`` header, then blocks separated by blank lines; a block holding ``-->`` is a
cue (an optional identifier line, the timing line with optional settings, text lines), blocks
starting ``NOTE``, ``STYLE`` or ``REGION`` are skipped. Text keeps ``<i>``, ``<b>``, ``<u>``;
a single ``<v Name>`` voice becomes the cue's speaker; other tags (classes, ruby, karaoke
timestamps) are dropped with a warning; entities are unescaped.
"""
from __future__ import annotations

import html
import re

from subtitles.formats import Parsed
from subtitles.formats._report import Diagnostics, unify_line_ends
from subtitles.model import Cue, Track
from subtitles.timing import format_vtt

_STAMP = r"(?:(\d+):)?(\d{2}):(\d{2})([.,])(\d{3})"
_TIMING = re.compile(_STAMP + r"[ \t]+-->[ \t]+" + _STAMP + r"(.*)")
_KEEP = re.compile(r"</?[ibu]>")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?[ \t]+([^>]+)>")
_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION")
_HINT = "expected HH:MM:SS.mmm --> HH:MM:SS.mmm"


def _cue_text(lines: list[str], lineno: int, rep: Diagnostics) -> tuple[str, str | None]:
    """Raw cue lines -> (our text, speaker): keep i/b/u, take a <v> voice, unescape entities."""
    text = "\n".join(lines)
    speaker = None
    if "<" in text:
        voices = _VOICE.findall(text)
        if len(set(voices)) == 1:
            speaker = html.unescape(voices[0].strip())
        kept = []
        for piece in re.split(r"(<[^>]*>)", text):
            if piece.startswith("<") and piece.endswith(">"):
                if _KEEP.fullmatch(piece):
                    kept.append(piece)
                elif not piece.startswith(("<v", "</v")) or len(set(voices)) > 1:
                    rep.warn(lineno, f"tag {piece} dropped", "WebVTT classes and ruby "
                             "are not kept", "vtt-tag")
                continue
            kept.append(piece)
        # lines are stripped as read, so again once tags are dropped, and a line that held
        # only dropped tags is gone, as the writer drops it (#15 fuzz test)
        text = "\n".join(line.strip() for line in "".join(kept).split("\n") if line.strip())
    if "&" in text:
        text = html.unescape(text)
    return text, speaker


def _header(lines: list[str], rep: Diagnostics) -> int:
    """Index of the first line after the header block; reports a missing ``WEBVTT``."""
    first = lines[0].lstrip("\ufeff") if lines else ""
    if not (first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))):
        rep.error(1, "missing WEBVTT header", "the first line of a WebVTT file is 'WEBVTT'",
                  "vtt-header", lenient_message="missing WEBVTT header; read anyway")
        return 0
    i = 1
    while i < len(lines) and lines[i].strip():
        i += 1
    return i


def read(text: str, path: str = "<text>", *, lenient: bool = False) -> Parsed:
    """WebVTT text -> Parsed track; ParseError lists every error unless ``lenient``."""
    rep = Diagnostics(path, lenient=lenient)
    text = unify_line_ends(text, rep)
    lines = text.split("\n")
    cues: list[Cue] = []
    i, n = _header(lines, rep), len(lines)
    reported = False  # a block was refused: its error says why cues may be missing
    while i < n:
        if not lines[i].strip():
            i += 1
            continue
        start, arrow_at = i, -1
        while i < n and lines[i].strip():
            if "-->" in lines[i]:
                if arrow_at >= 0:  # a second timing line: the blank line before it is missing
                    rep.warn(i + 1, "no blank line before this cue", None, "no-blank")
                    break
                if i - start <= 1:
                    arrow_at = i
            i += 1
        block = lines[start:i]
        if block[0].startswith(_SKIPPED_BLOCKS):
            continue
        arrow = 0 if "-->" in block[0] else 1 if len(block) > 1 and "-->" in block[1] else -1
        reported = reported or arrow < 0
        if arrow < 0:
            rep.error(start + 1, f"block without a timing line: {block[0].strip()!r}",
                      "fix it or pass --lenient", "stray-text",
                      lenient_message=f"block without a timing line dropped: "
                                      f"{block[0].strip()!r}")
            continue
        cue = _cue(block[arrow + 1:], block[arrow].strip(), start + arrow + 1, rep)
        if cue is not None:
            cues.append(cue)
        reported = reported or cue is None
    if not cues and not reported:
        rep.no_cues()
    return rep.finish(cues)


def _cue(text_lines: list[str], timing: str, lineno: int, rep: Diagnostics) -> Cue | None:
    m = _TIMING.match(timing)
    if m is None:
        rep.error(lineno, f"unparseable timing line {timing!r}", _HINT, "bad-timing",
                  lenient_message=f"cue skipped: unparseable timing line {timing!r}")
        return None
    h1, m1, s1, sep1, f1, h2, m2, s2, sep2, f2, _settings = m.groups()
    times = rep.times((h1, m1, s1, f1, h2, m2, s2, f2), lineno, timing, _HINT)
    if times is None:
        return None
    if "," in (sep1, sep2):
        rep.warn(lineno, "',' used as millisecond separator", "WebVTT uses '.'", "ms-comma")
    start, end = rep.in_order(*times, lineno, format_vtt)
    text, speaker = _cue_text([t.strip() for t in text_lines], lineno, rep)
    return Cue(start, end, text, speaker=speaker, line=lineno)


def escape(text: str) -> str:
    """Escape ``&``, ``<``, ``>`` except our tags (<i>, <b>, <u>); drop SRT <font> tags."""
    if not any(c in text for c in "&<>"):
        return text
    out = []
    for piece in re.split(r"(</?[ibu]>|</?font\b[^>]*>)", text):
        if _KEEP.fullmatch(piece):
            out.append(piece)
        elif piece.lower().startswith(("<font", "</font")):
            continue
        else:
            out.append(piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    return "".join(out)


def write(track: Track) -> str:
    """Track -> WebVTT with a ``WEBVTT`` header; blank lines inside a text are dropped."""
    blocks = ["WEBVTT\n"]
    for cue in track.cues:
        text = "\n".join(escape(part) for part in cue.text.split("\n") if part.strip())
        if cue.speaker:
            text = f"<v {escape(cue.speaker)}>{text}"
        blocks.append(f"{format_vtt(cue.start_ms)} --> {format_vtt(cue.end_ms)}\n{text}\n")
    return "\n".join(blocks)
