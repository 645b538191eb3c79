"""Advanced SubStation Alpha (.ass, .ssa) through pysubs2, its types kept inside this module.

pysubs2 reads and writes the whole format (styles, script info); we map each non-comment
``Dialogue`` event to a Cue. ASS markup becomes ours on the way in (``{\\i1}`` -> ``<i>``,
``\\N`` -> a line break; other override tags such as positions and colours are dropped) and
ours becomes ASS on the way out. pysubs2 forgets where each event was, so the Dialogue lines are
found again by a scan; the i-th one is the i-th event. A file with none of the ASS sections is
refused (pysubs2 reads any text, even 'garbage', as an empty script).

ASS times have one hour digit and centiseconds, so nothing at or past 10 hours (9:59:59.995
rounds to 10:00:00.00) can be written: pysubs2 would clamp it to 9:59:59.99 with only a Python
warning, so the writer refuses the track instead.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from subtitles.formats import Parsed
from subtitles.formats._report import Diagnostics
from subtitles.model import Cue, Track
from subtitles.timing import format_vtt

if TYPE_CHECKING:
    import pysubs2

_OVERRIDE = re.compile(r"\{([^}]*)\}")
_FLAG = re.compile(r"\\([ibu])([01])")
_OUR_TAG = re.compile(r"<(/?)([ibu])>|</?font\b[^>]*>", re.IGNORECASE)
_SECTION = re.compile(r"^[ \t]*\[(?:Script Info|V4\+? Styles|Events)\]",
                      re.MULTILINE | re.IGNORECASE)
MAX_STYLE_SWITCHES = 400  # per cue; a real cue has a handful
_MAX_MS = 35_999_990  # 9:59:59.99; pysubs2 rounds to centiseconds, so 35_999_994 still fits
_TOO_LATE_MS = 36_000_000 - 5


def from_ass_text(text: str) -> str:
    """ASS event text -> our text: ``{\\i1}`` -> ``<i>``, ``\\N`` -> newline, rest dropped."""
    def block(m: re.Match[str]) -> str:
        return "".join(f"<{'' if on == '1' else '/'}{tag}>" for tag, on in _FLAG.findall(m[1]))

    text = _OVERRIDE.sub(block, text)
    return text.replace("\\N", "\n").replace("\\n", "\n").replace("\\h", "\u00a0")


def to_ass_text(text: str) -> str:
    """Our text -> ASS: ``<i>`` -> ``{\\i1}``, newline -> ``\\N``; <font> tags are dropped.

    Nested and stray tags are collapsed first (#15: 10,000 nested ``<i>`` made pysubs2's TTML
    writer take minutes and gigabytes): only the outermost ``<i>`` and its ``</i>`` switch
    italics, as they do on screen; a ``</i>`` with no ``<i>`` open does nothing and goes.
    """
    depth = {"i": 0, "b": 0, "u": 0}

    def tag(m: re.Match[str]) -> str:
        if m[2] is None:
            return ""
        name = m[2].lower()
        if m[1]:
            if depth[name] == 0:
                return ""
            depth[name] -= 1
            return f"{{\\{name}0}}" if depth[name] == 0 else ""
        depth[name] += 1
        return f"{{\\{name}1}}" if depth[name] == 1 else ""

    return _OUR_TAG.sub(tag, text).replace("\n", "\\N")


def load_events(text: str, fmt: str, path: str) -> "pysubs2.SSAFile":
    """pysubs2's parse, its failures turned into our ParseError (with a line where known)."""
    import pysubs2

    from subtitles.errors import ParseError

    try:
        return pysubs2.SSAFile.from_string(text, format_=fmt)
    except Exception as err:  # pysubs2 raises many kinds; each one means "not readable"
        position = getattr(err, "position", None)
        line = position[0] if position else None
        raise ParseError(path, line, f"cannot read as {fmt.upper()}: {err}",
                         "check the file, or pass --from") from None


def events_to_cues(events: list[Any], lines: list[int | None], rep: Diagnostics) -> list[Cue]:
    """pysubs2 events (comments already removed) -> Cues, checking each one's times."""
    cues = []
    for event, lineno in zip(events, lines):
        start, end = int(event.start), int(event.end)
        start, end = rep.in_order(start, end, lineno, format_vtt)
        cues.append(Cue(start, end, from_ass_text(event.text), speaker=event.name or None,
                        line=lineno))
    return cues


def first_line(text: str) -> int | None:
    """The 1-based number of the first non-blank line, where "this is not X" is reported."""
    for i, line in enumerate(text.splitlines()):
        if line.strip("\ufeff \t"):
            return i + 1
    return None


def read(text: str, path: str = "<text>", *, lenient: bool = False) -> Parsed:
    """ASS/SSA text -> Parsed track; ParseError lists every error unless ``lenient``."""
    rep = Diagnostics(path, lenient=lenient)
    if not text.strip("\ufeff \t\r\n"):
        rep.no_cues()
        return rep.finish([])
    if not _SECTION.search(text.lstrip("\ufeff")):
        rep.error(first_line(text), "cannot read as ASS: no [Script Info] or [Events] section",
                  "check the file, or pass --from", "no-cues")
        return rep.finish([])
    subs = load_events(text.lstrip("\ufeff"), "ass", path)
    events = [e for e in subs.events if not e.is_comment]
    found = [i + 1 for i, line in enumerate(text.splitlines())
             if line.lstrip("\ufeff").startswith("Dialogue:")]
    lines: list[int | None] = list(found) if len(found) == len(events) else [None] * len(events)
    if not events:
        rep.no_cues()
    return rep.finish(events_to_cues(events, lines, rep))


def to_ssafile(track: Track) -> "pysubs2.SSAFile":
    import pysubs2

    subs = pysubs2.SSAFile()
    for number, cue in enumerate(track.cues, 1):
        text = to_ass_text(cue.text)
        switches = text.count("{\\")
        if switches > MAX_STYLE_SWITCHES:  # #15: pysubs2's tag parser is quadratic in these
            from subtitles.errors import ParseError

            raise ParseError(track.path or "<track>", cue.line,
                             f"cue {number} switches italics, bold or underline {switches} "
                             f"times; ASS and TTML output takes at most {MAX_STYLE_SWITCHES}",
                             "remove the extra tags, or write SRT or WebVTT")
        subs.events.append(pysubs2.SSAEvent(start=cue.start_ms, end=cue.end_ms, text=text,
                                            name=cue.speaker or ""))
    return subs


def _refuse_late_times(track: Track) -> None:
    """Unrepresentable naming the first cue at or past 10 hours, and how many more there are."""
    from subtitles.formats import Unrepresentable

    late = [(n, cue) for n, cue in enumerate(track.cues, 1) if cue.end_ms >= _TOO_LATE_MS
            or cue.start_ms >= _TOO_LATE_MS]
    if not late:
        return
    n, cue = late[0]
    when = ("starts", cue.start_ms) if cue.start_ms >= _TOO_LATE_MS else ("ends", cue.end_ms)
    more = len(late) - 1
    also = f" (and {more} later cue{'' if more == 1 else 's'})" if more else ""
    raise Unrepresentable(track.path or "<track>", cue.line,
                          f"cue {n} {when[0]} at {format_vtt(when[1])}{also}; ASS cannot hold "
                          "times of 10 hours or more", "use SRT or WebVTT")


def write(track: Track) -> str:
    """Track -> ASS with pysubs2's default style (Arial 20, white, bottom centre).

    Raises Unrepresentable for times of 10 hours or more, which ASS cannot hold.
    """
    _refuse_late_times(track)
    subs = to_ssafile(track)
    for event in subs.events:  # 9:59:59.991-.994 round down to .99; spare pysubs2's warning
        event.start, event.end = min(event.start, _MAX_MS), min(event.end, _MAX_MS)
    return subs.to_string("ass").replace("\r\n", "\n")
