"""TTML through pysubs2: nested times, line breaks, language, XML errors with their line."""
from __future__ import annotations

import pytest

from subtitles.errors import ParseError
from subtitles.formats import get_format

TTML = get_format("ttml")

SAMPLE = """<?xml version="1.0" encoding="utf-8"?>
<tt xmlns="http://www.w3.org/ns/ttml" xml:lang="he">
  <body>
    <div begin="00:00:10.000">
      <p begin="00:00:01.000" end="00:00:02.500">שלום<br/>לכולם</p>
      <p begin="2.5s" end="4s">second</p>
    </div>
  </body>
</tt>
"""


def test_reads_nested_times_breaks_language_and_lines() -> None:
    parsed = TTML.read(SAMPLE, "t.ttml")
    assert parsed.track.language == "he"
    assert [(c.start_ms, c.end_ms, c.text, c.line) for c in parsed.track] == [
        (11000, 12500, "שלום\nלכולם", 5), (12500, 14000, "second", 6)]


def test_broken_xml_reports_its_line() -> None:
    with pytest.raises(ParseError) as info:
        TTML.read(SAMPLE.replace("</p>\n      <p", "\n      <p", 1), "t.ttml")
    assert info.value.line == 7
    assert str(info.value).startswith("t.ttml:7: error: cannot read as TTML: mismatched tag")


def test_not_ttml_is_an_error_and_no_cues_a_warning() -> None:
    with pytest.raises(ParseError) as info:
        TTML.read("<html/>\n", "h.ttml")
    assert [str(p) for p in info.value.problems] == [
        "h.ttml:1: error: cannot read as TTML: no <tt> element (check the file, or pass --from)"]
    with pytest.raises(ParseError) as info:
        TTML.read('<tt>\n<body><div><p begin="1s" end="2s">x</p></div></body></tt>\n', "n.ttml")
    assert [str(p) for p in info.value.problems] == [
        "n.ttml:2: error: cannot read as TTML: no cue in 1 <p> element(s) (declare the TTML "
        'namespace: <tt xmlns="http://www.w3.org/ns/ttml">)']
    for text in ("", '<tt xmlns="http://www.w3.org/ns/ttml"><body/></tt>'):
        assert [str(p) for p in TTML.read(text, "e.ttml").problems] == [
            "e.ttml: warning: file has no cues"]
