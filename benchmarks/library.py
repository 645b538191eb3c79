"""Footage library throughput: hours of audio per hour of wall time, and what N machines give.

Same files, same model (``base``, int8, batched as transcription defaults), language given:
1. ``subs transcribe`` on the files one after another (one process, model loaded once): the
   baseline an editor would script today;
2. ``subs library run -j 1`` and ``-j 2`` (local worker processes);
3. ``subs library run --dask`` on a LocalCluster of 2 single-thread worker processes over TCP,
   to measure what the cluster path costs over the local one.

The N-machine figure is the measured per-machine rate (the 2-worker Dask run's summed
per-file transcription time, so start-up is excluded) times N, with that run's measured
overhead (wall time minus transcription time per worker: start-up, scheduling, database)
added once. Per-file time includes each worker's first model load. It assumes the
footage is visible to every machine (shared storage) and that files outnumber workers.

Usage: ``.venv/bin/python benchmarks/library.py [--files 4] [--paragraphs 3]``
"""
from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_footage(folder: Path, files: int, paragraphs: int) -> float:
    """``files`` recordings of ``paragraphs`` testimony paragraphs each; returns audio seconds."""
    from tests.speech import MORE_TESTIMONY, TESTIMONY, testimony

    pool = list(TESTIMONY + MORE_TESTIMONY)
    total = 0.0
    for number in range(files):
        chosen = [pool[(number * paragraphs + i) % len(pool)] for i in range(paragraphs)]
        timeline = testimony(chosen)
        timeline.save(folder / f"interview{number + 1:02d}.wav")
        total += timeline.duration_ms / 1000
    return total


def subs(*args: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "subs", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def library_run(footage: Path, work: Path, name: str, *run_args: str) -> tuple[float, float]:
    """Wall seconds of ``library run`` and the summed per-file transcription seconds."""
    lib = work / name
    subs("library", "add", str(footage), "-L", str(lib))
    wall = subs("library", "run", "-L", str(lib), "--language", "en", "-q", *run_args)
    conn = sqlite3.connect(lib / "library.db")
    done, busy = conn.execute("SELECT COUNT(*), SUM(elapsed_s) FROM media "
                              "WHERE status = 'done'").fetchone()
    conn.close()
    assert done == len(list(footage.glob("*.wav"))), f"{name}: only {done} files done"
    return wall, float(busy)


def dask_run(footage: Path, work: Path) -> tuple[float, float]:
    import logging

    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, protocol="tcp",
                      host="127.0.0.1", dashboard_address=None,
                      silence_logs=logging.CRITICAL) as cluster:
        return library_run(footage, work, "dask", "--dask", cluster.scheduler_address)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--paragraphs", type=int, default=3)
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="subs-bench-library-"))
    try:
        footage = work / "footage"
        footage.mkdir()
        audio_s = make_footage(footage, args.files, args.paragraphs)
        print(f"{args.files} files, {audio_s:.0f} s of speech, {os.cpu_count()} cores")
        base_wall = subs("transcribe", *map(str, sorted(footage.glob("*.wav"))), "-o",
                         str(work / "srt"), "--language", "en", "-q")
        runs = {"library -j 1": library_run(footage, work, "j1", "-j", "1"),
                "library -j 2": library_run(footage, work, "j2", "-j", "2")}
        if not args.no_dask:
            runs["library --dask (2 workers)"] = dask_run(footage, work)
        report(audio_s, base_wall, runs, args.files)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(audio_s: float, base_wall: float, runs: dict[str, tuple[float, float]],
           files: int) -> None:
    def rate(wall: float) -> float:
        return audio_s / wall  # hours of audio per hour of wall time = seconds per second

    print(f"{'subs transcribe, one after another':<34} {base_wall:7.1f} s  "
          f"{rate(base_wall):5.2f} h audio / h")
    for name, (wall, _) in runs.items():
        print(f"{name:<34} {wall:7.1f} s  {rate(wall):5.2f} h audio / h  "
              f"({base_wall / wall:.2f}x the baseline)")
    for name, (wall, busy) in runs.items():
        if name == "library -j 1":
            continue
        print(f"{name}: per worker (transcription only) {audio_s / busy:.2f} h audio / h, "
              f"overhead beyond transcription {max(0.0, wall - busy / 2):.1f} s per run")
    # the cluster path is Dask: extrapolate from its run when there is one
    basis = "library --dask (2 workers)" if "library --dask (2 workers)" in runs \
        else "library -j 2"
    wall2, busy2 = runs[basis]
    per_worker = audio_s / busy2  # audio seconds per transcription second, one worker
    machine = per_worker * 2
    overhead = max(0.0, wall2 - busy2 / 2)
    print(f"basis: {basis}; one machine (2 workers): {machine:.2f} h audio / h")
    footage_h = 30.0
    print(f"estimate for {footage_h:.0f} h of footage on N such machines "
          "(rate x N, plus the overhead once):")
    for n in (1, 2, 4, 8, 16):
        wall_h = footage_h / (machine * n) + overhead / 3600
        print(f"  N={n:<3} {machine * n:6.2f} h audio / h  ->  {wall_h:6.2f} h wall")


if __name__ == "__main__":
    main()
