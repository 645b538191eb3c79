"""The JSON contract (issue 18); every request carries ``Authorization: Bearer TOKEN``.

- ``GET /api/languages`` -> ``[{"tag", "name", "cues", "machine", "edited", "reviewed",
  "stale", "empty", "file", "last_by", "last_at", "readable"}]``
- ``GET /api/languages/{tag}/cues`` -> ``[{"n", "start_ms", "end_ms", "source", "text",
  "status", "stale", "reviewed_by", "version", "problems": [{"code", "message", "severity",
  "hint"}], "old_source", "edited_by", "reviewed_at"}]``
- ``PUT /api/languages/{tag}/cues/{n}`` with ``{"text", "version"}`` -> 200 and the cue; 409
  and the current cue (plus ``"conflict"``: why) when the version is not the current one or
  the file was edited on disk; 403 when the token may not write the language; 404 for no such
  language or cue.
- ``POST /api/languages/{tag}/cues/{n}/review`` (body optional: ``{"version"}``) -> 200 and
  the cue; 403 for a translator's token; 409 for a cue without text or a stale version.
- ``POST /api/languages/{tag}/cues/{n}/check`` with ``{"text"}`` -> ``{"problems": [...]}``:
  what the cue would have with that text (the editor's live checks; nothing is saved).
- ``GET /api/me`` -> ``{"name", "role", "language"}``; ``GET /api/project`` -> ``{"title",
  "source_language", "media"}`` (``"audio"``, ``"video"`` or null).
- ``POST /api/session`` -> 204 and the token as an ``HttpOnly`` cookie, for ``/media`` and
  ``/download/{tag}`` (see ``auth.py``).

Errors are ``{"error": "..."}`` with the status. Handlers parse, call ``subs.project`` in a
worker thread (it blocks on SQLite and files), and render.
"""
from __future__ import annotations

import json
from typing import Any, Callable

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from subs.project.config import ProjectError
from subs.project.cues import NoSuchCue, Saved, check_text, cue_states, problem_dict, \
    review_cue
from subs.project.invites import Invite
from subs.workspace.app import Workspace
from subs.workspace.auth import COOKIE, forbid, token_of
from subtitles.errors import ParseError, SubsError

AUDIO = (".wav", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".aac")


async def error(request: Request, exc: Exception) -> Response:
    """Every HTTPException as ``{"error": ...}`` (Starlette's default is plain text)."""
    assert isinstance(exc, HTTPException)
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code,
                        headers=exc.headers)


def parse_json(raw: bytes, *fields: str) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise HTTPException(400, "the body must be JSON") from None
    if not isinstance(data, dict):
        raise HTTPException(400, "the body must be a JSON object")
    for name in fields:
        if name not in data:
            raise HTTPException(400, f"the body needs {name!r}")
    return data


def routes(ws: Workspace) -> list[Route]:
    def who(request: Request, *, cookie: bool = False) -> Invite:
        invite = ws.invites.check(token_of(request, cookie=cookie))
        if invite is None:
            raise HTTPException(401, "this link is not valid (ended or mistyped); "
                                     "ask for a new one")
        return invite

    async def call(func: Callable[[], Any]) -> Any:
        """Run ``func`` in a worker thread (SQLite and files block); errors become statuses."""
        try:
            return await run_in_threadpool(func)
        except NoSuchCue as err:
            raise HTTPException(404, str(err)) from None
        except ParseError as err:
            raise HTTPException(409, f"{err} (fix the file; nothing was saved)") from None
        except ProjectError as err:
            raise HTTPException(400, str(err)) from None

    def tag_of(raw: str) -> str:
        """The language named in the URL, as this project knows it (else 404)."""
        try:
            return ws.tag(raw)
        except SubsError as err:
            raise HTTPException(404, str(err)) from None

    async def me(request: Request) -> Response:
        invite = await call(lambda: who(request))
        return JSONResponse({"name": invite.name, "role": invite.role,
                             "language": invite.language})

    async def project_info(request: Request) -> Response:
        def run() -> dict[str, object]:
            who(request)
            with ws.use() as project:
                audio = project.config.audio
                media = None if not audio else (
                    "audio" if audio.lower().endswith(AUDIO) else "video")
                return {"title": project.config.title, "media": media,
                        "source_language": project.config.source_language}

        return JSONResponse(await call(run))

    async def session(request: Request) -> Response:
        await call(lambda: who(request))
        response = Response(status_code=204)
        response.set_cookie(COOKIE, token_of(request), httponly=True, samesite="strict",
                            path="/")
        return response

    async def languages(request: Request) -> Response:
        def run() -> list[dict[str, object]]:
            from subs.project.actions import language_status
            from subtitles.languages import language_name

            who(request)
            out = []
            with ws.use() as project:
                last = ws.invites.last_worked()
                for tag in sorted(project.config.languages):
                    try:
                        st, readable = language_status(project, tag, 0), True
                    except ParseError:
                        st, readable = language_status(project, tag, 0, readable=False), False
                    work = last.get(tag)
                    out.append({"tag": tag, "name": language_name(tag), "cues": st.total,
                                "machine": st.machine, "edited": st.edited,
                                "reviewed": st.reviewed, "stale": st.stale, "empty": st.empty,
                                "file": st.file, "readable": readable,
                                "last_by": work.who if work else None,
                                "last_at": work.at if work else None})
            return out

        return JSONResponse(await call(run))

    async def cues(request: Request) -> Response:
        def run() -> list[dict[str, object]]:
            who(request)
            with ws.use() as project:
                tag = tag_of(request.path_params["tag"])
                return [c.as_dict() for c in cue_states(project, tag, ws.invites)]

        return JSONResponse(await call(run))

    def answer(saved: Saved) -> Response:
        body = saved.cue.as_dict()
        if saved.outcome == "conflict":
            body["conflict"] = saved.reason
            return JSONResponse(body, status_code=409)
        return JSONResponse(body)

    async def save(request: Request) -> Response:
        raw = await request.body()
        n = request.path_params["n"]

        def run() -> Saved:
            invite = who(request)
            tag = tag_of(request.path_params["tag"])
            if not invite.may_write(tag):
                raise forbid(invite, f"write {tag}")
            data = parse_json(raw, "text", "version")
            if not isinstance(data["text"], str) or not isinstance(data["version"], str):
                raise HTTPException(400, "text and version must be strings")
            # saves arriving together are committed together (subs.project.cues.Saver)
            return ws.saver.save(tag, n, data["text"], data["version"], invite.name)

        return answer(await call(run))

    async def review(request: Request) -> Response:
        raw = await request.body()
        n = request.path_params["n"]

        def run() -> Saved:
            invite = who(request)
            with ws.use() as project:
                tag = tag_of(request.path_params["tag"])
                if not invite.may_review(tag):
                    raise forbid(invite, f"review {tag}")
                version = parse_json(raw).get("version") if raw.strip() else None
                if version is not None and not isinstance(version, str):
                    raise HTTPException(400, "version must be a string")
                return review_cue(project, tag, n, invite.name, version, ws.invites)

        return answer(await call(run))

    async def check(request: Request) -> Response:
        raw = await request.body()
        n = request.path_params["n"]

        def run() -> list[dict[str, object]]:
            who(request)
            data = parse_json(raw, "text")
            if not isinstance(data["text"], str):
                raise HTTPException(400, "text must be a string")
            with ws.use() as project:
                tag = tag_of(request.path_params["tag"])
                return [problem_dict(p) for p in check_text(project, tag, n, data["text"])]

        return JSONResponse({"problems": await call(run)})

    return [
        Route("/api/me", me, methods=["GET"]),
        Route("/api/project", project_info, methods=["GET"]),
        Route("/api/session", session, methods=["POST"]),
        Route("/api/languages", languages, methods=["GET"]),
        Route("/api/languages/{tag}/cues", cues, methods=["GET"]),
        Route("/api/languages/{tag}/cues/{n:int}", save, methods=["PUT"]),
        Route("/api/languages/{tag}/cues/{n:int}/review", review, methods=["POST"]),
        Route("/api/languages/{tag}/cues/{n:int}/check", check, methods=["POST"]),
    ]
