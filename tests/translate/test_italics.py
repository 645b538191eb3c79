"""Issue 13: per-line italics (``<i>line</i>`` on each line) never come back nested or open."""
from __future__ import annotations

import re

import pytest

from subtitles.formats.ass import to_ass_text
from subtitles.model import Cue, Track
from subtitles.styletags import per_line_style, style_tag_faults
from translate import get_engine, translate_track

TEXTS = ["<i>My mother said that we must</i>\n<i>leave the house before the night</i>",
         "<i>because the soldiers were coming</i>\n<i>from the north with their trucks.</i>",
         "<i>We ran.</i>\n<i>We did not look back.</i>",
         "He told us:\n<i>Go to the shelter now</i>",
         "<i>and stay there</i>\n<i>until the morning comes.</i>"]


def _ass_italic_per_line(text: str) -> list[bool]:
    """Is every visible character of each ASS line italic? (``{\\i1}`` ... ``{\\i0}``)"""
    italic, result = False, []
    for line in to_ass_text(text).split("\\N"):
        chars = []
        for token in re.findall(r"\{\\i([01])\}|(\S)", line):
            if token[0]:
                italic = token[0] == "1"
            else:
                chars.append(italic)
        result.append(all(chars))
    return result


def test_13_per_line_style_unnests_and_closes_each_line() -> None:
    assert per_line_style("<i><i>a b\nc d</i></i>") == "<i>a b</i>\n<i>c d</i>"
    assert per_line_style("<i>a <i>b</i> c</i>") == "<i>a b c</i>"
    assert per_line_style("<i>one.</i> <i>two.</i>") == "<i>one. two.</i>"
    assert per_line_style("x <i>y</i> z") == "x <i>y</i> z"
    assert per_line_style("<i>a\nb") == "<i>a</i>\n<i>b</i>"


@pytest.mark.e2e
@pytest.mark.parametrize("engine, target", [("apertium", "es"), ("apertium", "ca"),
                                            ("bergamot", "pt-BR")])
def test_13_translated_italics_never_nest(engine: str, target: str) -> None:
    track = Track(tuple(Cue(i * 3000, i * 3000 + 2900, t) for i, t in enumerate(TEXTS)), "en")
    result = translate_track(track, get_engine(engine, "en", target), source="en",
                             target=target)
    for cue in result.track:
        assert "<i><i>" not in cue.text and style_tag_faults(cue.text) == [], cue.text
        for line in cue.text.split("\n"):
            assert style_tag_faults(line) == [], cue.text  # each line opens and closes
    fully = [c.text for c in result.track if c.text.startswith("<i>")
             and all(line.startswith("<i>") and line.endswith("</i>")
                     for line in c.text.split("\n"))]
    assert len(fully) >= 3
    for text in fully:  # italic on every line after ASS conversion too
        assert all(_ass_italic_per_line(text)), to_ass_text(text)
