"""The HTML shells, the film and the files a person may download.

The pages hold no data: their script reads the token from the link, asks the JSON API (the same
routes scripts and tests use) and builds the page with ``textContent``, so nothing a person
typed is ever parsed as markup. ``/media`` and ``/download/{tag}`` serve only files that
``subs.toml`` names (the film, the source, a language's file): the URL picks a language tag,
never a path.
"""
from __future__ import annotations

from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from subs.workspace.app import HERE, Workspace
from subs.workspace.auth import token_of
from subtitles.errors import SubsError


def routes(ws: Workspace) -> list[Route]:
    def page(name: str) -> Route:
        async def serve(request: Request) -> Response:
            return FileResponse(HERE / "templates" / name, media_type="text/html")
        return Route("/" if name == "index.html" else "/edit/{tag}", serve, methods=["GET"])

    def allowed(request: Request) -> None:
        if ws.invites.check(token_of(request, cookie=True)) is None:
            raise HTTPException(401, "this link is not valid; open your link again")

    def media_path() -> Path:
        with ws.use() as project:
            audio = project.config.audio
            if not audio:
                raise HTTPException(404, "this project has no film or audio (subs.toml: audio)")
            return (project.folder / audio).resolve()

    def file_path(raw: str) -> tuple[Path, str]:
        with ws.use() as project:
            try:
                from subtitles.languages import normalize_language

                tag = normalize_language(raw)
                rel = (project.config.source if tag == project.config.source_language
                       else project.language_file(project.tag(tag)))
            except SubsError as err:
                raise HTTPException(404, str(err)) from None
            path = (project.folder / rel).resolve()
            if not path.is_relative_to(project.folder.resolve()):
                raise HTTPException(404, f"{rel} is outside the project folder")
            return path, Path(rel).name

    async def media(request: Request) -> Response:
        await run_in_threadpool(allowed, request)
        path = await run_in_threadpool(media_path)
        if not path.is_file():
            raise HTTPException(404, "the film named in subs.toml is missing")
        return FileResponse(path)

    async def download(request: Request) -> Response:
        await run_in_threadpool(allowed, request)
        path, name = await run_in_threadpool(file_path, request.path_params["tag"])
        if not path.is_file():
            raise HTTPException(404, f"{name} is missing")
        return FileResponse(path, media_type="application/x-subrip", filename=name)

    return [page("index.html"), page("editor.html"),
            Route("/media", media, methods=["GET", "HEAD"]),
            Route("/download/{tag}", download, methods=["GET", "HEAD"])]
