"""``subs serve`` itself: the startup line, binding beyond loopback, errors, Ctrl-C."""
from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from tests.subs.project.common import make_project
from tests.subs.workspace.common import ROOT, request, serve


def test_18_binding_beyond_loopback_is_said_and_hosts_are_still_checked(tmp_path: Path) -> None:
    project = make_project(tmp_path, ("ro", "none"))
    with serve(project, "--host", "0.0.0.0") as served:
        assert served.line.endswith(
            " (listening on 0.0.0.0: reachable from the network, by your choice)")
        assert "//0.0.0.0:" not in served.line  # the link names an address people can open
        port = served.base.rsplit(":", 1)[1]
        # an IP literal reaches it (no DNS, no rebinding); the loopback address too
        url = f"http://127.0.0.1:{port}/api/languages"
        assert request("GET", url, served.token)[0] == 200
        assert request("GET", url, served.token, headers={"Host": f"evil.example:{port}"}
                       )[0] == 421
    assert served.process.returncode == 0
    with serve(project) as served:  # the default: loopback, nothing more said
        assert served.line.startswith("Workspace: http://127.0.0.1:")
        assert " (" not in served.line


def test_18_a_port_in_use_and_no_project_are_one_line_errors(tmp_path: Path) -> None:
    project = make_project(tmp_path, ("ro", "none"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        out = subprocess.run([sys.executable, "-m", "subs", "serve", "-C", str(project),
                              "--port", str(port)], cwd=ROOT, capture_output=True, text=True,
                             timeout=60)
    assert out.returncode == 1
    assert out.stderr.startswith(f"Error: cannot listen on 127.0.0.1:{port}: ")
    assert "Traceback" not in out.stderr
    out = subprocess.run([sys.executable, "-m", "subs", "serve", "-C", str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "is not inside a subs project" in out.stderr
