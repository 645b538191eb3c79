"""Where a library stands: files and hours of audio done, pending, running and failed.

Throughput is hours of audio transcribed per hour of wall time over every run so far (the
figure that says how long the rest will take), and the estimate for what is left uses it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from subs.library.db import Library
from subs.library.scan import primary_path

STATES = ("done", "pending", "running", "failed")


@dataclass(frozen=True)
class Failure:
    """A failed recording and its error; for a warning, a done one and the warning."""

    path: str
    error: str
    content_hash: str = ""


@dataclass(frozen=True)
class Status:
    files: dict[str, int]
    audio_ms: dict[str, int]
    unknown_duration: int  # files whose length could not be probed (often the broken ones)
    run_wall_s: float
    run_audio_ms: int
    failures: tuple[Failure, ...] = field(default=())
    warnings: tuple[Failure, ...] = field(default=())  # issue 16: done, but "may be damaged"

    @property
    def throughput(self) -> float | None:
        """Hours of audio per hour of wall time, over all runs; None before any."""
        if self.run_wall_s <= 0 or self.run_audio_ms <= 0:
            return None
        return self.run_audio_ms / 1000 / self.run_wall_s

    @property
    def eta_s(self) -> float | None:
        rate = self.throughput
        left = self.audio_ms["pending"] + self.audio_ms["running"]
        return left / 1000 / rate if rate and left else None

    def as_dict(self) -> dict[str, object]:
        return {
            "files": self.files,
            "hours": {k: round(v / 3_600_000, 4) for k, v in self.audio_ms.items()},
            "unknown_duration": self.unknown_duration,
            "throughput_audio_hours_per_hour": self.throughput,
            "eta_s": self.eta_s,
            "failed": [{"file": f.path, "error": f.error} for f in self.failures],
            "warnings": [{"file": w.path, "warning": w.error} for w in self.warnings],
        }


def library_status(lib: Library) -> Status:
    files = dict.fromkeys(STATES, 0)
    audio = dict.fromkeys(STATES, 0)
    unknown = 0
    for row in lib.conn.execute("SELECT status, COUNT(*) AS n, SUM(duration_ms) AS ms, "
                                "SUM(duration_ms IS NULL) AS unknown FROM media GROUP BY status"):
        files[row["status"]] = row["n"]
        audio[row["status"]] = row["ms"] or 0
        unknown += row["unknown"] or 0
    runs = lib.conn.execute("SELECT SUM(ended_at - started_at) AS wall, "
                            "SUM(audio_ms_done) AS audio FROM runs").fetchone()
    failures = tuple(Failure(primary_path(lib, r["hash"]), r["error"] or "unknown error")
                     for r in lib.conn.execute("SELECT hash, error FROM media "
                                               "WHERE status = 'failed' ORDER BY added_at"))
    return Status(files, audio, unknown, float(runs["wall"] or 0.0), int(runs["audio"] or 0),
                  failures, stored_warnings_of(lib))


def stored_warnings_of(lib: Library) -> tuple[Failure, ...]:
    """Every warning stored with a transcript (decoded only part of the file, no speech)."""
    from subs.library.export import stored_warnings

    return tuple(Failure(primary_path(lib, r["hash"]), w, r["hash"])
                 for r in lib.conn.execute("SELECT hash, warnings FROM media WHERE status = "
                                           "'done' AND warnings IS NOT NULL AND warnings NOT "
                                           "IN ('', '[]') ORDER BY added_at, hash")
                 for w in stored_warnings(r["warnings"]))
