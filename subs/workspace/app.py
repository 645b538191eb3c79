"""The Starlette application: routes, and the guards every request passes first.

``Guard`` (pure ASGI, so it sees every response, static files included):

- **Host** must be the address served (or ``localhost`` for a loopback one, an IP literal
  when bound to all addresses, or a name passed with ``--allow-host``): a DNS-rebinding page,
  whose Host is its own name, gets 421 and nothing else.
- **Origin**, when a browser sends one, must be ours; no CORS header is ever sent, so no other
  site can read an answer.
- **Bodies** over ``MAX_BODY`` bytes get 413 (by ``Content-Length``, and by counting, for a
  chunked body).
- **Headers** on every response: a Content-Security-Policy allowing only our own scripts,
  styles, media and requests; no framing; no referrer (a link with a token never leaks);
  ``nosniff``; and ``no-store`` (a token's answers stay out of caches).
"""
from __future__ import annotations

import ipaddress
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from subs.project.config import read_config
from subs.project.saves import Saver
from subs.project.folder import Project, find_project, language_tag, open_project
from subs.project.invites import Invites

MAX_BODY = 64 * 1024
HERE = Path(__file__).resolve().parent
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "media-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
       "frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"x-frame-options", b"DENY"), (b"referrer-policy", b"no-referrer"),
           (b"cache-control", b"no-store"),
           (b"cross-origin-resource-policy", b"same-origin")]

ASGI = ASGIApp


@dataclass
class Workspace:
    """The project a server works on; ``use()`` opens it for one request at a time.

    The project is opened for each use and closed after, as every command does, so the server
    never holds its database or its lock between requests: ``subs lang import``, ``subs status``
    and ``subs invite`` run beside it, and a ``subs lang add`` shows up at the next request.
    Writes take the project's write lock inside the project layer; saves arriving together
    share one commit (``subs.project.cues.Saver``).
    """

    folder: Path
    invites: Invites = field(init=False)
    saver: Saver = field(init=False)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.folder = find_project(self.folder)
        with self.use():  # a damaged project fails now, not at the first request
            pass
        self.invites = Invites(self.folder)
        self.saver = Saver(self.use, self.invites)

    @contextmanager
    def use(self) -> Iterator[Project]:
        with self.lock:
            project = open_project(self.folder)
            try:
                yield project
            finally:
                project.close()

    def tag(self, raw: str) -> str:
        """The project's language named ``raw``, without waiting for a commit in progress."""
        return language_tag(read_config(self.folder), raw)

    def close(self) -> None:
        self.invites.close()


def allowed_hosts(host: str, port: int, extra: tuple[str, ...] = ()) -> Callable[[str], bool]:
    """Whether a request's Host header names this server (see the module docstring)."""
    names = {host.lower(), *(h.lower() for h in extra)}
    wildcard = host in ("0.0.0.0", "::", "")
    if _is_loopback(host):
        names |= {"localhost", "127.0.0.1", "[::1]"}

    def ok(header: str) -> bool:
        name, sep, got_port = header.lower().rpartition(":")
        if not sep or "]" in got_port:  # no port given (or a bare IPv6 literal)
            name, got_port = header.lower(), "80"
        if got_port != str(port):
            return False
        if name in names or name.strip("[]") in names:
            return True
        return wildcard and _is_ip(name.strip("[]"))

    return ok


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


class Guard:
    def __init__(self, app: ASGI, host_ok: Callable[[str], bool]) -> None:
        self.app = app
        self.host_ok = host_ok

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope["headers"]}
        host = headers.get("host", "")
        if not self.host_ok(host):
            await _plain(send, 421, "unknown Host: open the link subs serve printed")
            return
        origin = headers.get("origin")
        if origin is not None and origin not in (f"http://{host}", f"https://{host}"):
            await _plain(send, 403, "cross-origin requests are not allowed")
            return
        length = headers.get("content-length", "0")
        if not length.isdigit() or int(length) > MAX_BODY:
            await _plain(send, 413, f"request bodies are limited to {MAX_BODY} bytes")
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > MAX_BODY:
                raise BodyTooLarge()
            return message

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        try:
            await self.app(scope, counted, secured)
        except BodyTooLarge:
            await _plain(send, 413, f"request bodies are limited to {MAX_BODY} bytes")


class BodyTooLarge(Exception):
    pass


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *HEADERS]})
    await send({"type": "http.response.body", "body": body})


def build_app(workspace: Workspace, host: str, port: int,
              extra_hosts: tuple[str, ...] = ()) -> ASGI:
    from subs.workspace import api, pages

    routes = [*api.routes(workspace), *pages.routes(workspace),
              Mount("/static", StaticFiles(directory=HERE / "static"), name="static")]
    app = Starlette(routes=routes, exception_handlers={HTTPException: api.error})
    return Guard(app, allowed_hosts(host, port, extra_hosts))
