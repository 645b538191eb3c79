"""The diagnostics every hand-written reader shares (subtitles/formats/_report.py)."""
from __future__ import annotations

import pytest

from subtitles.formats import get_format


@pytest.mark.parametrize("name, ends", [("vtt", "CR"), ("sbv", "CR"), ("srt", "CR"),
                                        ("vtt", "CRLF"), ("sbv", "CRLF"), ("srt", "CRLF")])
def test_17_line_ends_are_named_the_same_in_every_format(name: str, ends: str) -> None:
    """A Mac file has CR line ends in every format (VTT and SBV used to call it CRLF)."""
    text = {"vtt": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n",
            "sbv": "0:00:01.000,0:00:02.000\nHi\n",
            "srt": "1\n00:00:01,000 --> 00:00:02,000\nHi\n"}[name]
    newline = "\r" if ends == "CR" else "\r\n"
    parsed = get_format(name).read(text.replace("\n", newline), "f")
    assert [p.message for p in parsed.problems] == [f"{ends} line ends"]
    assert parsed.track.cues[0].text == "Hi"
