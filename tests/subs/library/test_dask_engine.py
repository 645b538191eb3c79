"""``--dask`` bookkeeping without a cluster: workers counted as workers, not files in flight."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from subs.cli import cli
from subs.library import runner
from subs.library.dask_engine import capacity
from subs.library.db import open_library
from subs.library.runner import RunOptions, RunReport


def test_one_worker_with_one_thread_is_one_worker() -> None:
    assert capacity({"tcp://127.0.0.1:4001": {"nthreads": 1}}) == (1, 2)
    assert capacity({"tcp://a:1": {"nthreads": 2}, "tcp://b:1": {"nthreads": 1}}) == (2, 5)


def test_run_summary_names_workers_and_files_in_flight(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_run(lib: object, options: RunOptions, **kwargs: object) -> RunReport:
        assert options.dask == "tcp://127.0.0.1:8786"
        return RunReport(workers=1, in_flight=2, wall_s=10.0)

    monkeypatch.setattr(runner, "run_library", fake_run)
    with open_library(tmp_path / "lib", create=True):
        pass
    result = CliRunner().invoke(cli, ["library", "run", "-L", str(tmp_path / "lib"), "--dask",
                                      "tcp://127.0.0.1:8786"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ("0 done, 0 failed in 0:00:10 with 1 worker (2 files in flight): "
                             "0:00:00 of audio, 0.0 h of audio per hour\n")
