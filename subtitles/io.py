"""The only place in the library packages that touches files.

Reads decode any encoding a subtitle file is found in (reporting what was guessed); writes are
atomic: the whole output goes to a temporary file in the target's folder, is fsynced, then
``os.replace``d over the target, so a kill at any moment leaves the old file or the new one,
never half of either.
"""
from __future__ import annotations

import contextlib
import errno
import itertools
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from subtitles.encodings import Decoded, decode
from subtitles.errors import OutputExists, ParseError, WriteError
from subtitles.failures import OS_HINTS, FileFailure, check_regular_file
from subtitles.guard import is_input

if TYPE_CHECKING:
    from subtitles.formats import Parsed
    from subtitles.model import Track

def read_text(path: str | os.PathLike[str], encoding: str | None = None,
              language: str | None = None) -> Decoded:
    """Read and decode a text file; ``language`` names the legacy code page to try first.

    Only a regular file is opened (#15: a FIFO named ``*.srt`` would block forever).
    """
    check_input(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ParseError(str(path), None, "no such file", "check the path") from None
    except IsADirectoryError:
        raise _folder_error(path) from None
    except PermissionError:
        raise ParseError(str(path), None, "permission denied",
                         "check the file's permissions") from None
    except OSError as err:
        raise ParseError(str(path), None, f"cannot read: {err.strerror or err}",
                         "check the path") from None
    return decode(data, str(path), encoding, language)


def check_input(path: str | os.PathLike[str]) -> None:
    """The one check every input file passes: it exists, is readable and is a regular file.

    Missing, unreadable and odd inputs alike give ``PATH: error: WHAT (what to do)``, exit 1.
    """
    try:
        check_regular_file(path)
    except FileFailure as err:
        if err.reason.startswith("is a directory"):
            raise _folder_error(path) from None
        raise ParseError(err.path, None, err.reason, err.hint) from None


def _folder_error(path: str | os.PathLike[str]) -> ParseError:
    return ParseError(str(path), None, "is a directory, not a subtitle file",
                      "pass the subtitle files inside it")


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path`` all at once or not at all (temp file, fsync, rename).

    An OS refusal (a read-only folder, a file where a folder should be, a full disk) becomes one
    ``WriteError`` naming the path, and the folders this call made are removed again.

    A symbolic link is written through, not replaced (#15: ``fix --in-place`` on a link made it
    a regular file and left the real file as it was).
    """
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    raw = data.encode("utf-8") if isinstance(data, str) else data
    made = _make_folders(target)
    try:
        _replace(target, raw)
    except OSError as err:
        _remove_folders(made)
        raise WriteError(str(path), _reason(err), _WRITE_HINTS.get(err.errno or 0, _ELSEWHERE)
                         ) from None


_ELSEWHERE = "choose another output path"
_WRITE_HINTS = {
    **OS_HINTS,
    errno.EACCES: "choose a folder you can write to",
    errno.EPERM: "choose a folder you can write to",
    errno.ENOSPC: "free some disk space; nothing was replaced",
    errno.EDQUOT: "free some disk space; nothing was replaced",
    errno.ENOENT: _ELSEWHERE,
    errno.ENOTDIR: _ELSEWHERE,
}


def _reason(err: OSError) -> str:
    return err.strerror or str(err)


def _make_folders(target: Path) -> list[Path]:
    """Create the folders ``target`` needs; the ones made, deepest first, to undo on failure."""
    folders = [target.parent, *target.parent.parents]
    missing = list(itertools.takewhile(lambda folder: not folder.exists(), folders))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        _remove_folders(missing)
        blocker = folders[len(missing)] if len(missing) < len(folders) else None
        if blocker is not None and not blocker.is_dir():
            reason = f"{blocker} is a file, not a folder"
        else:
            reason = f"cannot create the folder {err.filename or target.parent}: {_reason(err)}"
        raise WriteError(str(target), reason,
                         _WRITE_HINTS.get(err.errno or 0, _ELSEWHERE)) from None
    return missing


def _remove_folders(folders: list[Path]) -> None:
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()


def _temp_prefix(target: Path) -> str:
    """``.NAME.`` cut to 100 bytes' worth of name, so a 255-byte target still gets a temp file."""
    name = target.name.encode("utf-8", "surrogateescape")[:100].decode("utf-8", "ignore")
    return f".{name}."


def _sweep_temp_files(target: Path) -> None:
    """Remove temp files of this target that a killed write left (#15: they stayed forever).

    A temp file is ``.NAME.PID.RANDOM.tmp``; one whose process is gone is a leftover.
    """
    prefix = _temp_prefix(target)
    try:
        names = [n for n in os.listdir(target.parent)
                 if n.startswith(prefix) and n.endswith(".tmp")]
    except OSError:
        return
    for name in names:
        pid = name[len(prefix):].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                os.unlink(target.parent / name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def _replace(target: Path, raw: bytes) -> None:
    _sweep_temp_files(target)
    fd, tmp = tempfile.mkstemp(prefix=f"{_temp_prefix(target)}{os.getpid()}.", suffix=".tmp",
                               dir=target.parent)
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
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def ensure_writable(path: str | os.PathLike[str], *, force: bool = False,
                    inputs: tuple[str | os.PathLike[str], ...] = (),
                    in_place: bool | None = None) -> None:
    """Refuse to replace an input (unless ``in_place``) or an existing file (unless ``force``).

    ``in_place`` is None for a command without ``--in-place``: the advice then names another
    output, never a flag the command does not have (#15).
    """
    target = Path(path)
    if is_input(target, inputs):
        if in_place is None:
            raise OutputExists(str(path), "it is the input; write the output to another file")
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
    file name (``film.es.srt``), and it picks the code page a legacy file is tried in first.
    """
    from subtitles.formats import Parsed, format_for_path, get_format

    if Path(path).is_dir():  # before the format, which a folder does not have
        raise _folder_error(path)
    form = get_format(fmt) if fmt else format_for_path(path)
    named = language or language_from_name(path)
    decoded = read_text(path, encoding, named)
    parsed = form.read(decoded.text, str(path), lenient=lenient)
    track = parsed.track.replace(path=str(path),
                                 language=language or parsed.track.language or named)
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
