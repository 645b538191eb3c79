"""Who is asking: ``Authorization: Bearer TOKEN`` for the API, a cookie for media and downloads.

A ``<video>`` or a download link cannot send a header, so the page, once it holds its token,
asks ``POST /api/session`` to set it as an ``HttpOnly``, ``SameSite=Strict`` cookie; the cookie
is honoured only for ``GET`` of the film and the files (never for a write), so a cross-site
page can make a browser send it but never change anything with it. Tokens never reach a log:
uvicorn's access log (which prints query strings) is off.
"""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request

from subs.project.invites import Invite

COOKIE = "subs_workspace"


def bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def token_of(request: Request, *, cookie: bool = False) -> str:
    token = bearer(request)
    if token is None and cookie and request.method in ("GET", "HEAD"):
        token = request.cookies.get(COOKIE)
    if not token:
        raise HTTPException(401, "send Authorization: Bearer TOKEN (the token from your link)")
    return token


def forbid(invite: Invite, what: str) -> HTTPException:
    where = f"language {invite.language}" if invite.language else "no language"
    return HTTPException(403, f"{invite.name} ({invite.role}, {where}) may not {what}")
