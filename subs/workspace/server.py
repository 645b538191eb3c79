"""``subs serve``: bind, say where, serve until Ctrl-C.

The socket is bound before the startup line is printed, so whoever waits for the line (a
person, a test) can connect at once; ``--port 0`` takes a free port and the line names it.
uvicorn runs with its access log off (it would print each link's token) and handles Ctrl-C
itself: requests in flight finish, then the project's databases are closed.
"""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from subs.workspace.app import Workspace, build_app


@dataclass(frozen=True)
class ServeOptions:
    folder: Path
    host: str = "127.0.0.1"
    port: int = 8470
    allow_hosts: tuple[str, ...] = ()


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def link_host(host: str) -> str:
    """The host to print in links: the machine's own address when bound to all of them."""
    if host not in ("0.0.0.0", "::", ""):
        return f"[{host}]" if ":" in host and not host.startswith("[") else host
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
        return str(probe.getsockname()[0])
    except OSError:
        return socket.gethostname()
    finally:
        probe.close()


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host.strip("[]"), port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(options: ServeOptions, announce: Callable[[str, int, str], None]) -> None:
    """Serve the project until interrupted; ``announce(host, port, token)`` once listening.

    The coordinator's token is new at each start (only its hash is kept).
    """
    import uvicorn

    workspace = Workspace(options.folder)
    try:
        sock = bind(options.host, options.port)
        port = sock.getsockname()[1]
        shown = link_host(options.host)
        extra = options.allow_hosts + ((shown,) if shown != options.host else ())
        app = build_app(workspace, options.host, port, extra)
        workspace.invites.set_meta("url", f"http://{shown}:{port}/")
        config = uvicorn.Config(app, access_log=False, log_level="warning", lifespan="off",
                                server_header=False, timeout_graceful_shutdown=5)
        server = uvicorn.Server(config)
        announce(shown, port, workspace.invites.coordinator())
        server.run(sockets=[sock])
    finally:
        workspace.close()
