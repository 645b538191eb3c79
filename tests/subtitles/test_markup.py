"""The one rule for what a viewer sees of a cue's text (subtitles/markup.py)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from subtitles.align import normalize_text
from subtitles.markup import chars_per_second, visible_chars, visible_length, visible_text


def test_17_angle_brackets_that_are_not_tags_are_text_everywhere() -> None:
    text = "3 < 4 and 5 > 2"
    assert visible_text(text) == text
    assert visible_length(text) == len(text)
    assert normalize_text(text) == "3 < 4 and 5 > 2"  # align.py deleted "< 4 and 5 >"


def test_tags_and_invisible_marks_take_no_room() -> None:
    assert visible_text('<i>a</i> <font color="red">b</font>{\\an8}') == "a b"
    assert visible_length("\u200fשלום.<i></i>") == 5
    assert visible_chars("<i>ab</i>\ncd") == 4


def test_reading_speed() -> None:
    assert chars_per_second("<i>abcd</i>", 2000) == 2.0
    assert chars_per_second("ab", 0) == float("inf")
    assert chars_per_second("", 0) == 0.0


@given(st.text(alphabet="ab <>{}\\i/\n\u200f", max_size=30))
def test_visible_counts_agree(text: str) -> None:
    assert visible_length(text) <= len(visible_text(text)) <= len(text)
    assert visible_chars(text) == visible_length(text) - text.count("\n")
