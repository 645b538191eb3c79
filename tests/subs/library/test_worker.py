"""One file's failure: the errors we can name are quiet, a bug is loud (subs/library/worker.py)."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

from subs.library import worker
from subs.library.worker import Job, run_job
from tests.subs.library.conftest import write_video_only


def test_17_a_named_file_problem_is_one_failed_file_at_info(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    video = tmp_path / "muted.mp4"
    write_video_only(video)
    with caplog.at_level(logging.INFO, logger="subs.library.worker"):
        outcome = run_job(Job("h", str(video), model="tiny.en"))
    assert outcome.error == "no audio track (streams: video)"
    assert [r.levelname for r in caplog.records] == ["INFO"]


def test_17_a_bug_is_still_one_failed_file_but_an_error_with_its_traceback_under_v(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in subs cannot be made to happen on purpose with real files, so the audio check
    is skipped and _transcribe replaced by one that fails as a bug would (a TypeError)."""
    video = tmp_path / "muted.mp4"
    write_video_only(video)

    def buggy(job: Job, path: Path) -> None:
        raise TypeError("unsupported operand type(s) for +: 'int' and 'str'")

    monkeypatch.setattr(worker, "check_audio", lambda path: None)
    monkeypatch.setattr(worker, "_transcribe", buggy)
    with caplog.at_level(logging.INFO, logger="subs.library.worker"):
        outcome = run_job(Job("h", str(video)))
    assert outcome.error == "TypeError: unsupported operand type(s) for +: 'int' and 'str'"
    error, trace = caplog.records
    assert error.levelname == "ERROR" and "unexpected TypeError" in error.getMessage()
    assert trace.levelname == "INFO" and trace.exc_info is not None  # shown with -v
