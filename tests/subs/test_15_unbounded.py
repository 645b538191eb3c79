"""Issue 15 item 9: a 2,500-word search and a 10 MB cue cost seconds, or one clear refusal."""
from __future__ import annotations

import time
from pathlib import Path

from click.testing import CliRunner

from glossary.model import Glossary, Term
from subs.cli import cli
from subs.library.search import parse_query
from subtitles.fix import MAX_CUE_CHARS


def test_15_a_2500_word_query_is_parsed_in_linear_time() -> None:
    glossary = Glossary((Term("Kibbutz Be'eri", ("Kibbutz Beeri",)),))
    words = " ".join("abcdefghijklmnopqrstuvwxyz"[i % 26] for i in range(2500))
    started = time.perf_counter()
    units = parse_query(f"{words} kibbutz beeri", glossary)
    assert time.perf_counter() - started < 20  # a bound: the cubic expansion took 100 s
    assert len(units) == 2501  # the glossary run still merges into one unit
    assert ("kibbutz", "be", "eri") in units[-1].forms


def test_15_fix_refuses_a_10_mb_cue_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "huge.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:05,000\n" + "word " * 2_000_000 + "\n")
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["fix", str(path), "-o", str(tmp_path / "out.srt")])
    assert time.perf_counter() - started < 60  # a bound: the recursive re-wrapping took 119 s
    assert result.exit_code == 1
    assert result.stderr == (f"{path}:2: error: a cue of 9,999,999 characters; subs fix takes "
                             f"cues of up to {MAX_CUE_CHARS:,} (split it by hand, or check that "
                             "the file is really subtitles)\n")
    assert not (tmp_path / "out.srt").exists()
