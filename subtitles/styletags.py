"""Italic, bold and underline tags, one run per line: never nested, never left open.

Subtitlers mark a whole cue in italics line by line (``<i>one</i>`` / ``<i>two</i>``). Text that
is cut, moved and re-broken (a translation, a split cue) can end up with ``<i><i>...</i></i>``, a
tag opened on one line and closed on the next, or one never closed (issue 13): one line then
renders upright after ASS conversion, and players differ. ``per_line_style`` works out which
visible characters are styled (a character inside any ``<i>`` is italic, however deep) and
writes the tags again: each line opens and closes its own runs. Other tags (``<font>``) and ASS
overrides stay where they are. ``style_tag_faults`` names what is wrong in a cue as written.
"""
from __future__ import annotations

import re

from subtitles.markup import TAG as _OTHER  # the one rule for what a tag is

_STYLE = re.compile(r"<(/?)([ibu])>", re.IGNORECASE)
ORDER = "ibu"


def _styled(line: str, open_: dict[str, int]) -> list[tuple[str, frozenset[str]]]:
    """(piece, styles) for each character or other tag of one line; updates ``open_``."""
    out: list[tuple[str, frozenset[str]]] = []
    at = 0
    while at < len(line):
        style = _STYLE.match(line, at)
        if style:
            tag = style.group(2).lower()
            open_[tag] = max(0, open_[tag] + (-1 if style.group(1) else 1))
            at = style.end()
            continue
        other = _OTHER.match(line, at)
        if other:
            out.append((other.group(0), frozenset("t")))  # "t": a tag, no style of its own
            at = other.end()
            continue
        out.append((line[at], frozenset(t for t in ORDER if open_[t] > 0)))
        at += 1
    return out


def _spaces(pieces: list[tuple[str, frozenset[str]]]) -> list[tuple[str, frozenset[str]]]:
    """A space is styled as much as the characters on both sides of it; none at a line edge."""
    visible = [i for i, (p, s) in enumerate(pieces) if s != {"t"} and not p.isspace()]
    fixed = list(pieces)
    for i, (piece, styles) in enumerate(pieces):
        if styles == {"t"} or not piece.isspace():
            continue
        before = [j for j in visible if j < i]
        after = [j for j in visible if j > i]
        both = (pieces[before[-1]][1] & pieces[after[0]][1]) if before and after else frozenset()
        fixed[i] = (piece, both)
    return fixed


def per_line_style(text: str) -> str:
    """``text`` with its ``<i>``/``<b>``/``<u>`` runs rewritten per line (see module doc)."""
    if "<" not in text or not _STYLE.search(text):
        return text
    open_ = {t: 0 for t in ORDER}
    lines = []
    for line in text.split("\n"):
        out: list[str] = []
        stack: list[str] = []  # open tags, outermost first
        for piece, styles in _spaces(_styled(line, open_)):
            if styles == {"t"}:
                out.append(piece)
                continue
            keep = 0
            while keep < len(stack) and stack[keep] in styles:
                keep += 1
            out.extend(f"</{t}>" for t in reversed(stack[keep:]))
            del stack[keep:]
            for tag in ORDER:
                if tag in styles and tag not in stack:
                    out.append(f"<{tag}>")
                    stack.append(tag)
            out.append(piece)
        out.extend(f"</{t}>" for t in reversed(stack))
        lines.append("".join(out))
    return "\n".join(lines)


def is_per_line(text: str) -> bool:
    """Two or more lines, each opening and closing its own style tags (``<i>a</i>`` /
    ``<i>b</i>``): the convention a re-broken translation of it should keep."""
    lines = [line for line in text.split("\n") if line.strip()]
    return len(lines) > 1 and all(
        _STYLE.search(line) and not style_tag_faults(line)
        and _STYLE.match(line.strip()) and line.strip().lower().endswith(("</i>", "</b>",
                                                                          "</u>"))
        for line in lines)


def style_tag_faults(text: str) -> list[str]:
    """What is wrong with the style tags of one cue: nested, closed without opening, left open."""
    faults: list[str] = []
    depth = {t: 0 for t in ORDER}
    for match in _STYLE.finditer(text):
        tag = match.group(2).lower()
        if match.group(1):
            if depth[tag] == 0:
                faults.append(f"</{tag}> closes a tag that is not open")
            depth[tag] = max(0, depth[tag] - 1)
        else:
            if depth[tag] > 0:
                faults.append(f"<{tag}> opened inside another <{tag}>")
            depth[tag] += 1
    faults.extend(f"<{t}> never closed" for t in ORDER if depth[t] > 0)
    return faults
