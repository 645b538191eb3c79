"""Golden files: tests/data/golden/sample.srt written by every writer, compared byte for byte.

A change in a writer's output (or in pysubs2's, for TTML and ASS) shows up here as a diff.
Regenerate after a deliberate change with ``SUBS_UPDATE_GOLDEN=1`` (each rewritten file then
fails its test, so an update run can never pass), review the diff, and rerun without it.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from subtitles.formats import FORMATS, get_format
from subtitles.io import load_track

GOLDEN = Path(__file__).parents[2] / "data" / "golden"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_writer_matches_golden(fmt: str) -> None:
    track = load_track(GOLDEN / "sample.srt").track
    written = get_format(fmt).write(track)
    target = GOLDEN / f"sample.{fmt}"
    if os.environ.get("SUBS_UPDATE_GOLDEN") and fmt != "srt":
        target.write_text(written, encoding="utf-8", newline="\n")
        pytest.fail("golden file updated: review the diff and rerun without SUBS_UPDATE_GOLDEN")
    assert written.encode("utf-8") == target.read_bytes()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_golden_reads_back_to_the_same_times(fmt: str) -> None:
    original = load_track(GOLDEN / "sample.srt").track
    again = load_track(GOLDEN / f"sample.{fmt}")
    assert [(c.start_ms, c.end_ms) for c in again.track] == \
        [(c.start_ms, c.end_ms) for c in original]
    if fmt != "ttml":  # pysubs2 keeps no italics when reading TTML
        assert [c.text for c in again.track] == [c.text for c in original]
    assert again.problems == () or fmt == "srt"
