"""The film beside the web page: copied (a hard link when it can be), linked, or left out.

``--media link`` makes a symbolic link inside ``web/`` to the film's absolute path. A link in
the page itself (``../../film.flac``) works from ``file://`` only, where browsers load no
tracks; over HTTP (``python3 -m http.server -d pack/web``, as the tool suggests) anything
outside ``web/`` is out of reach (audit of issue 7: it answered 404). A static server serves
the symbolic link like the file. The link is in the manifest (with a note naming its target)
and stays out of ``pack.zip``, whose reader would not have the film at that path.

``--media-file PATH`` names the film when the input is a subtitle file or a project without
audio, so such a pack's page can play it too.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from subtitles.errors import SubsError

from subs.packing.manifest import PackWriter
from subtitles.hashing import sha256_file
from subs.packing.stages import is_subtitle_file

if TYPE_CHECKING:
    from subs.packing.pipeline import PackOptions

NO_MEDIA = "No media in this pack: open the film in a player with these subtitles."


def film_of(opts: "PackOptions") -> Path | None:
    """The film the page plays: ``--media-file``, else the input unless it is subtitles."""
    if opts.media_file is not None:
        return opts.media_file
    return None if is_subtitle_file(opts.input) else opts.input


def place_media(writer: PackWriter, opts: "PackOptions",
                stem: str) -> tuple[str | None, str | None]:
    """Put the film in ``web/`` as ``--media`` says; returns its URL for the page, or a note."""
    film = film_of(opts)
    if film is None or opts.media == "none":
        return None, NO_MEDIA
    name = f"{stem}{film.suffix.lower()}"
    web = opts.out / "web"
    web.mkdir(parents=True, exist_ok=True)
    if opts.media == "link":
        link_media(writer, film, web / name)
        return name, None
    target = web / name
    if target.is_symlink() or not (target.exists()
                                   and target.stat().st_size == film.stat().st_size):
        tmp = web / f".{name}.link.tmp"
        try:
            tmp.unlink(missing_ok=True)
            os.link(film, tmp)  # same file system: free and atomic
            os.replace(tmp, target)
        except OSError:
            tmp.unlink(missing_ok=True)
            writer.write(f"web/{name}", film.read_bytes(), platform="web", language=None,
                         cues=None)
            return name, None
    writer.adopt(f"web/{name}", sha256_file(target), platform="web", language=None, cues=None)
    return name, None


def link_media(writer: PackWriter, film: Path, target: Path) -> None:
    """A symbolic link ``target`` -> the film's absolute path, replaced atomically."""
    real = film.resolve()
    if not (target.is_symlink() and os.readlink(target) == str(real)):
        tmp = target.with_name(f".{target.name}.link.tmp")
        try:
            tmp.unlink(missing_ok=True)
            os.symlink(real, tmp)
            os.replace(tmp, target)
        except OSError as err:
            tmp.unlink(missing_ok=True)
            raise SubsError(f"{target}: cannot make a symbolic link to {real} "
                            f"({err.strerror or err}); pass --media copy") from None
    writer.adopt(f"web/{target.name}", sha256_file(real), platform="web", language=None,
                 cues=None, note=f"symbolic link to {real}; not in pack.zip")
