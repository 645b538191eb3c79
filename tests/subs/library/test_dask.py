"""``library run --dask``: a real LocalCluster, worker processes over TCP on 127.0.0.1.

One worker is SIGKILLed while it transcribes; Dask re-runs its file on another worker, and the
client still stores every transcript exactly once; the command on that cluster prints its
summary. An unreachable scheduler is one clear error.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from subs.cli import cli
from subs.library.db import DB_NAME, open_library
from subs.library.runner import RunOptions, run_library
from subs.library.scan import add_paths
from tests.subs.library.conftest import BROKEN, VIDEO_ONLY

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_dask_cluster_survives_a_killed_worker(footage_master: Path, tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    footage = Path(shutil.copytree(footage_master, tmp_path / "footage"))
    with open_library(tmp_path / "lib", create=True) as lib:
        add_paths(lib, [footage])
    killed: list[str] = []
    events: list[tuple[str, str]] = []
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, protocol="tcp",
                      host="127.0.0.1", dashboard_address=None,
                      silence_logs=logging.CRITICAL) as cluster, \
            Client(cluster.scheduler_address, set_as_default=False) as client:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")

        def on_event(kind: str, path: str, outcome: Any) -> None:
            events.append((kind, path))
            if kind == "start" or killed:
                return
            busy = [w for w, keys in client.processing().items() if keys]
            if busy:  # kill a worker in the middle of a file
                pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
                os.kill(pid, signal.SIGKILL)
                killed.append(busy[0])

        with open_library(tmp_path / "lib") as lib:
            report = run_library(lib, RunOptions(dask=cluster.scheduler_address),
                                 on_event=on_event)
        # The command on the same cluster, its killed worker restarted by its nanny: the two
        # failed files again, and a summary that counts workers, not files in flight.
        client.wait_for_workers(2, timeout=60)
        rerun = CliRunner().invoke(cli, ["library", "run", "-L", str(tmp_path / "lib"),
                                         "--dask", cluster.scheduler_address, "--retry-failed",
                                         "-q"])
    assert rerun.exit_code == 1, rerun.output  # issue 16: files failed
    clock = re.fullmatch(r"2 failed files queued again\n0 done, 2 failed in (\d+):(\d\d):(\d\d) "
                         r"with 2 workers \(4 files in flight\): 0:00:00 of audio, 0\.0 h of "
                         r"audio per hour\n2 files failed \(see above, or subs library status "
                         r"-L \.\.\.\); exit status 1\n", rerun.stderr)
    assert clock, rerun.stderr
    shown_s = int(clock[1]) * 3600 + int(clock[2]) * 60 + int(clock[3])
    conn = sqlite3.connect(tmp_path / "lib" / DB_NAME)
    (rerun_s,) = conn.execute("SELECT ended_at - started_at FROM runs WHERE id = 2").fetchone()
    assert 0 <= rerun_s - shown_s < 1.1  # the run's own clock, whole seconds
    assert killed, events
    assert (report.workers, report.in_flight) == (2, 4)  # 2 workers, 1 thread each, 1 queued each
    assert len(report.done) == 3
    assert sorted(o.error or "" for o in report.failed) == [
        "cannot read media (Invalid data found when processing input)",
        "no audio track (streams: video)"]
    assert dict(conn.execute("SELECT p.path, m.status FROM paths p JOIN media m USING (hash) "
                             "WHERE p.path IN (?, ?)",
                             (str(footage / BROKEN), str(footage / VIDEO_ONLY))).fetchall()) \
        == {str(footage / BROKEN): "failed", str(footage / VIDEO_ONLY): "failed"}
    assert conn.execute("SELECT COUNT(*) FROM media WHERE status = 'done'").fetchone()[0] == 3
    assert conn.execute("SELECT COUNT(*) FROM cues").fetchone()[0] == \
        conn.execute("SELECT COUNT(*) FROM cues_fts").fetchone()[0]
    # int01 and its renamed copy are one recording, transcribed once
    assert conn.execute("SELECT COUNT(DISTINCT hash) FROM cues").fetchone()[0] == 3
    assert conn.execute("SELECT files_done, workers, engine FROM runs ORDER BY id").fetchall() \
        == [(3, 2, "dask"), (0, 2, "dask")]
    conn.close()


def test_unreachable_scheduler_is_one_error(tmp_path: Path, footage: Path) -> None:
    with open_library(tmp_path / "lib", create=True) as lib:
        add_paths(lib, [footage / "day1"])
    result = CliRunner().invoke(cli, ["library", "run", "-L", str(tmp_path / "lib"), "--dask",
                                      "tcp://127.0.0.1:9", "--dask-timeout", "1"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9 (Timed out trying to "
        "connect to tcp://127.0.0.1:9 after 1 s); start one with `dask scheduler` and "
        "`dask worker ADDRESS`\n")
    with open_library(tmp_path / "lib") as lib:
        rows = lib.conn.execute("SELECT p.path, m.status, m.attempts, m.claimed_by FROM paths p "
                                "JOIN media m USING (hash) ORDER BY p.path").fetchall()
        assert [tuple(r) for r in rows] == [
            (str(footage.resolve() / "day1/int01.wav"), "pending", 0, None),
            (str(footage.resolve() / "day1/int02.wav"), "pending", 0, None)]
        assert lib.conn.execute("SELECT * FROM runs").fetchall() == []  # no run was started


def test_scheduler_going_away_puts_files_back(footage: Path, tmp_path: Path) -> None:
    """A real ``dask scheduler`` and ``dask worker`` as processes; the scheduler is killed."""
    import subprocess
    import sys
    import time

    from subs.library.errors import LibraryError

    bin_dir = Path(sys.executable).parent
    info = tmp_path / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    procs = [subprocess.Popen([str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1",
                               "--port", "0", "--no-dashboard", "--scheduler-file", str(info)],
                              stderr=subprocess.DEVNULL, start_new_session=True)]
    try:
        import json

        deadline = time.monotonic() + 180  # a loaded machine starts dask slowly (issue 12)
        while not (info.exists() and info.stat().st_size):
            assert procs[0].poll() is None, "the dask scheduler exited"
            assert time.monotonic() < deadline, "no scheduler file after 180 s"
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        procs.append(subprocess.Popen([str(bin_dir / "dask"), "worker", address, "--nthreads",
                                       "1", "--no-dashboard"], env=env,
                                      stderr=subprocess.DEVNULL, start_new_session=True))
        with open_library(tmp_path / "lib", create=True) as lib:
            add_paths(lib, [footage])

            def on_event(kind: str, path: str, outcome: Any) -> None:
                if kind != "start" and procs[0].poll() is None:
                    os.killpg(procs[0].pid, signal.SIGKILL)

            with pytest.raises(LibraryError) as caught:
                run_library(lib, RunOptions(dask=address), on_event=on_event)
            assert str(caught.value).startswith(f"lost the Dask scheduler at {address} (")
            assert str(caught.value).endswith("files in flight were put back as pending: rerun "
                                              "to finish them")
            rows = lib.conn.execute("SELECT status, attempts FROM media").fetchall()
            assert all(tuple(r) == ("pending", 0) for r in rows if r[0] not in ("done", "failed"))
            assert sum(r[0] in ("done", "failed") for r in rows) >= 1
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    result = CliRunner().invoke(cli, ["library", "run", "-L", str(tmp_path / "lib"), "-j", "2"])
    assert result.exit_code in (0, 1), result.output  # 1 when it met a bad file (issue 16)
    with open_library(tmp_path / "lib") as lib:
        assert dict(lib.conn.execute("SELECT status, COUNT(*) FROM media GROUP BY status")
                    .fetchall()) == {"done": 3, "failed": 2}
