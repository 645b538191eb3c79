"""A real ``subs serve`` on a free loopback port, and a small JSON client for it.

The server is started as people start it (``python -m subs serve``, ``--port 0``), and the test
waits for the startup line, then talks HTTP to it; Ctrl-C (SIGINT) stops it at the end and the
exit status is checked.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[3]
LINE = re.compile(r"^Workspace: (http://([^/:]+):(\d+))/\?token=([A-Za-z0-9_-]+)$")


@dataclass(frozen=True)
class Served:
    base: str
    token: str
    process: subprocess.Popen[str]
    line: str  # the whole startup line

    def link(self, token: str | None = None) -> str:
        return f"{self.base}/?token={token or self.token}"


@contextmanager
def serve(folder: Path, *extra: str, timeout_s: float = 60) -> Iterator[Served]:
    process = subprocess.Popen(
        # through tests/subs/kill_at.py: SIGINT at its default even when this test run was
        # started with it ignored (issue 12), so the Ctrl-C below stops the server
        [sys.executable, "-m", "tests.subs.kill_at", "none", "serve", "-C", str(folder),
         "--port", "0", *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert process.stdout is not None
        line = process.stdout.readline().rstrip("\n")  # blocks until the line (or exit)
        match = LINE.match(line.split(" (")[0])
        if not match:
            process.wait(timeout=timeout_s)
            raise AssertionError(f"startup line {line!r}; stderr: "
                                 f"{process.stderr.read() if process.stderr else ''}")
        yield Served(match.group(1), match.group(4), process, line)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            raise


def request(method: str, url: str, token: str | None = None, body: Any = None,
            headers: dict[str, str] | None = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    for key, value in (headers or {}).items():
        req.add_header(key, value)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as err:
        raw, status = err.read(), err.code
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode("utf-8", "replace")


def invite(folder: Path, name: str, language: str, role: str = "translator") -> str:
    """``subs invite``; returns the token from the printed link."""
    out = subprocess.run([sys.executable, "-m", "subs", "invite", name, "--lang", language,
                          "--role", role, "-C", str(folder)], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    return out.stdout.strip().rsplit("token=", 1)[1]
