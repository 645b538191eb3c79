"""The only place in the library packages that touches files.

Reads decode any encoding a subtitle file is found in (reporting what was guessed); writes are
atomic: the whole output goes to a temporary file in the target's folder, is fsynced, then
``os.replace``d over the target, so a kill at any moment leaves the old file or the new one,
never half of either.
"""
from __future__ import annotations

import codecs
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from subtitles.errors import OutputExists, ParseError, Problem

if TYPE_CHECKING:
    from subtitles.formats import Parsed
    from subtitles.model import Track

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    """Text of a file plus how it was decoded and what a person should know about that."""

    text: str
    encoding: str
    problems: tuple[Problem, ...] = ()


def decode(data: bytes, path: str, encoding: str | None = None) -> Decoded:
    """Bytes -> text: an explicit encoding, else a BOM, else UTF-8, else charset-normalizer.

    Anything but plain UTF-8 is reported as a warning (the text is kept), since players on the
    platforms we export to expect UTF-8. NUL bytes outside UTF-16/32 mean a binary file.
    """
    if encoding:
        try:
            return Decoded(data.decode(encoding), encoding)
        except (UnicodeDecodeError, LookupError) as err:
            raise ParseError(path, None, f"cannot decode as {encoding}: {err}",
                             "check --encoding") from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = data.decode(name)
            note = "UTF-8 byte order mark" if name == "utf-8-sig" else f"{name.upper()} encoding"
            return Decoded(text, name, (Problem(path, 1, "warning", f"{note} found",
                                                "output is written as UTF-8 without BOM"),))
    if b"\x00" in data:
        raise ParseError(path, None, "binary file, not subtitles (it contains NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # lazy: only legacy files need it

    best = _prefer_windows_code_page(list(from_bytes(data)))
    if best is None:
        raise ParseError(path, None, "cannot detect the text encoding",
                         "pass --encoding, e.g. --encoding cp1255")
    name = best.encoding
    return Decoded(str(best), name, (Problem(
        path, None, "warning", f"not UTF-8; decoded as {name}",
        "pass --encoding if that is wrong; output is written as UTF-8"),))


# Legacy subtitle files are overwhelmingly Windows code pages (what old editors saved); on short
# texts charset-normalizer ranks look-alikes such as mac_latin2 a hair better, garbling accents.
_WINDOWS_CODE_PAGES = ("cp1252", "cp1255", "cp1256", "cp1251", "cp1250", "cp1253", "cp1254",
                       "cp1257", "cp1258", "cp874")
_CHAOS_SLACK = 0.02


def _prefer_windows_code_page(matches: list[Any]) -> Any:
    """The best match, unless a Windows code page reads the text almost as cleanly."""
    if not matches:
        return None
    best = matches[0]
    close = [m for m in matches if m.chaos <= best.chaos + _CHAOS_SLACK]
    for name in _WINDOWS_CODE_PAGES:
        for match in close:
            if name in match.could_be_from_charset:
                return match
    return best


def read_text(path: str | os.PathLike[str], encoding: str | None = None) -> Decoded:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ParseError(str(path), None, "no such file") from None
    except IsADirectoryError:
        raise ParseError(str(path), None, "is a folder, not a file") from None
    except PermissionError:
        raise ParseError(str(path), None, "permission denied") from None
    return decode(data, str(path), encoding)


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path`` all at once or not at all (temp file, fsync, rename)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def ensure_writable(path: str | os.PathLike[str], *, force: bool = False,
                    inputs: tuple[str | os.PathLike[str], ...] = (),
                    in_place: bool = False) -> None:
    """Refuse to replace an input (unless ``in_place``) or an existing file (unless ``force``)."""
    target = Path(path)
    for source in inputs:
        if target.exists() and Path(source).exists() and target.samefile(source):
            if not in_place:
                raise OutputExists(str(path), "it is the input; pass --in-place to overwrite it")
            return
    if target.exists() and not force:
        raise OutputExists(str(path))


def language_from_name(path: str | os.PathLike[str]) -> str | None:
    """``film.pt-BR.srt`` -> ``pt-BR``; None when the second suffix is not a language tag."""
    from subtitles.errors import UnknownLanguage
    from subtitles.languages import normalize_language

    stem = Path(path).name.rsplit(".", 1)[0]
    if "." not in stem:
        return None
    candidate = stem.rsplit(".", 1)[1]
    if not 2 <= len(candidate) <= 12:
        return None
    try:
        return normalize_language(candidate)
    except UnknownLanguage:
        return None


def load_track(path: str | os.PathLike[str], *, encoding: str | None = None,
               fmt: str | None = None, lenient: bool = False,
               language: str | None = None) -> "Parsed":
    """Read a subtitle file of any registered format; warnings come back, errors raise.

    The format comes from ``fmt`` or the extension; the language from ``language`` or the
    file name (``film.es.srt``).
    """
    from subtitles.formats import Parsed, format_for_path, get_format

    form = get_format(fmt) if fmt else format_for_path(path)
    decoded = read_text(path, encoding)
    parsed = form.read(decoded.text, str(path), lenient=lenient)
    track = parsed.track.replace(path=str(path),
                                 language=language or parsed.track.language
                                 or language_from_name(path))
    return Parsed(track, decoded.problems + parsed.problems)


def render_track(track: "Track", fmt: str, *, crlf: bool = False) -> str:
    from subtitles.formats import get_format

    text = get_format(fmt).write(track)
    return text.replace("\n", "\r\n") if crlf else text


def save_track(track: "Track", path: str | os.PathLike[str], *, fmt: str | None = None,
               crlf: bool = False) -> None:
    """Render then write atomically as UTF-8 without BOM. Callers check ensure_writable first."""
    from subtitles.formats import format_for_path

    name = fmt or format_for_path(path).name
    atomic_write(path, render_track(track, name, crlf=crlf))
