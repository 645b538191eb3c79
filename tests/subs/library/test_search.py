"""Search over stored transcripts: phrases, prefixes, glossary variants, word timecodes, ranking.

Transcripts here are written through the same ``claims.record`` a run uses; the real-speech
path is covered in test_run.py.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.load import load_glossary
from subs.cli import cli
from subs.library.db import Library
from subs.library.errors import LibraryError
from subs.library.search import parse_query, search
from subtitles.timing import format_vtt as timecode


def test_timecode_format() -> None:
    assert timecode(3_725_120) == "01:02:05.120"
    assert timecode(0) == "00:00:00.000"


def test_bare_words_must_all_be_in_one_cue(lib: Library) -> None:
    hits = search(lib, "Route 232")
    assert sorted((Path(h.path).name, h.time_ms) for h in hits) == [
        ("a.wav", 61_000 + 4 * 400), ("a.wav", 3_725_120), ("b.wav", 2_000 + 4 * 400)]
    assert [h.rank for h in hits] == sorted(h.rank for h in hits)  # best (lowest BM25) first


def test_a_phrase_must_be_said_together(lib: Library) -> None:
    hits = search(lib, '"route 232"')
    assert sorted((Path(h.path).name, h.time_ms) for h in hits) == [
        ("a.wav", 62_600), ("a.wav", 3_725_120)]


def test_prefix_query_times_the_matching_word(lib: Library) -> None:
    hits = search(lib, "Sder*")
    assert [(h.time_ms, h.text) for h in hits] == [
        (3_725_120 + 7 * 400, "Route 232 was closed, the route to Sderot too.")]


def test_glossary_variants_count_as_the_term(lib: Library, glossary_file: Path) -> None:
    names = load_glossary(glossary_file)
    assert [h.time_ms for h in search(lib, "ZAKA", glossary=names)] == [65_000 + 3 * 400]
    # the transcript says "Rayim" (a variant); searching the canonical spelling finds it
    assert [h.time_ms for h in search(lib, "Re'im", glossary=names)] == [9_000 + 4 * 400]
    assert search(lib, "Re'im") == []
    assert [h.time_ms for h in search(lib, "kibbutz reim", glossary=names)] == [9_000 + 3 * 400]


def test_query_units() -> None:
    units = parse_query('"Route 232" ambul* Re\'im')
    assert [u.fts() for u in units] == ['"route 232"', '"ambul"*', '"re im"']
    with pytest.raises(LibraryError, match="nothing to search for"):
        parse_query('"" ,')


def test_search_command_prints_file_time_and_context(lib: Library) -> None:
    result = CliRunner().invoke(cli, ["library", "search", "-L", str(lib.folder), "Sderot"])
    assert result.exit_code == 0, result.output
    media = lib.folder.parent / "media" / "a.wav"
    assert result.output == (f"{media} @ 01:02:07.920  ...Route 232 was closed, the route to "
                             "Sderot too....\n")


def test_search_command_json(lib: Library) -> None:
    result = CliRunner().invoke(cli, ["library", "search", "-L", str(lib.folder), "--format",
                                      "json", "drove", "on"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {(Path(d["file"]).name, d["time"]) for d in data} == {
        ("a.wav", "00:01:01.400"), ("b.wav", "00:00:02.400"), ("b.wav", "00:00:11.400")}
    assert set(data[0]) == {"file", "time_ms", "time", "cue_start_ms", "cue_end_ms", "text",
                            "rank", "hash"}


def test_no_match_exits_1(lib: Library) -> None:
    result = CliRunner().invoke(cli, ["library", "search", "-L", str(lib.folder), "Jerusalem"])
    assert result.exit_code == 1
    assert result.output == "no match for 'Jerusalem'\n"


def test_17_a_broken_library_is_not_blamed_on_the_query(lib: Library) -> None:
    lib.conn.execute("DROP TABLE cues_fts")
    with pytest.raises(LibraryError) as err:
        search(lib, "Route 232")
    assert str(err.value).startswith(f"{lib.folder}: cannot search the library: no such table")
    assert "Route 232" not in str(err.value)
