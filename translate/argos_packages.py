"""Argos Translate ``.argosmodel`` packages: find, install from a file, install from an index.

The format and folders are Argos's own (a zip holding one folder with ``metadata.json``,
``model/`` (CTranslate2) and ``sentencepiece.model``; installed under
``~/.local/share/argos-translate/packages``), so packages installed by ``argospm`` work here and
ours work there. We do not call ``argostranslate.package`` for it: importing it creates folders in
the home directory, it extracts zips without checking their paths, and it reuses a half-downloaded
file on the next try. Here a package is checked, extracted beside its final place and renamed in,
and a download goes to a temporary file that is deleted whatever happens.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from subtitles.errors import EngineUnavailable, UnknownLanguage
from subtitles.languages import normalize_language

log = logging.getLogger(__name__)

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
# Argos's own codes that are not BCP-47 tags.
_ARGOS_CODES = {"zt": "zh-Hant", "pb": "pt-BR"}


@dataclass(frozen=True)
class ArgosPackage:
    path: Path
    source: str
    target: str
    version: str
    target_prefix: str = ""


def packages_dir() -> Path:
    """``$SUBS_ARGOS_DIR``, else Argos's ``$ARGOS_PACKAGES_DIR``, else its XDG default."""
    explicit = os.environ.get("SUBS_ARGOS_DIR") or os.environ.get("ARGOS_PACKAGES_DIR")
    if explicit:
        return Path(explicit)
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "argos-translate" / "packages"


def index_url(url: str | None = None) -> str:
    """``url``, else ``$SUBS_ARGOS_INDEX``, else ``$ARGOS_PACKAGE_INDEX``, else argospm's."""
    chosen = url or os.environ.get("SUBS_ARGOS_INDEX") or os.environ.get("ARGOS_PACKAGE_INDEX")
    if not chosen:
        return DEFAULT_INDEX
    return chosen if chosen.endswith(".json") else chosen.rstrip("/") + "/index.json"


def language_tag(code: str) -> str:
    try:
        return normalize_language(_ARGOS_CODES.get(code, code))
    except UnknownLanguage:
        return code


def _read_metadata(folder: Path) -> ArgosPackage | None:
    try:
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("type", "translate") != "translate" or not (folder / "model").is_dir():
        return None
    if not meta.get("from_code") or not meta.get("to_code"):
        return None
    return ArgosPackage(folder, language_tag(meta["from_code"]), language_tag(meta["to_code"]),
                        str(meta.get("package_version", "")), meta.get("target_prefix", ""))


def installed_packages(root: Path | None = None) -> list[ArgosPackage]:
    folder = root or packages_dir()
    if not folder.is_dir():
        return []
    found = [_read_metadata(p) for p in sorted(folder.iterdir()) if p.is_dir()]
    return [p for p in found if p is not None]


def _package_root(zipf: zipfile.ZipFile, path: str) -> str:
    """The one top folder of a package zip, after refusing unsafe member names."""
    names = zipf.namelist()
    tops = set()
    for name in names:
        parts = Path(name).parts
        if name.startswith(("/", "\\")) or ".." in parts or not parts:
            raise EngineUnavailable(f"{path}: unsafe path {name!r} in package")
        tops.add(parts[0])
    if len(tops) != 1:
        raise EngineUnavailable(f"{path}: not an Argos package (expected one top folder, "
                                f"found {len(tops)})")
    top = tops.pop()
    if f"{top}/metadata.json" not in names:
        raise EngineUnavailable(f"{path}: not an Argos package (no {top}/metadata.json)")
    return top


def install_file(path: str | os.PathLike[str], root: Path | None = None) -> ArgosPackage:
    """Install an ``.argosmodel`` file; a package of the same name is replaced."""
    folder = root or packages_dir()
    if not Path(path).is_file():
        raise EngineUnavailable(f"{path}: no such package file")
    if not zipfile.is_zipfile(path):
        raise EngineUnavailable(f"{path}: not an Argos package (not a zip archive)")
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path) as zipf:
        top = _package_root(zipf, str(path))
        staging = Path(tempfile.mkdtemp(prefix=".install-", dir=folder))
        try:
            zipf.extractall(staging)
            package = _read_metadata(staging / top)
            if package is None:
                raise EngineUnavailable(f"{path}: not a translation package (metadata.json "
                                        "needs from_code and to_code, and a model/ folder)")
            final = folder / top
            if final.exists():
                shutil.rmtree(final)
            os.replace(staging / top, final)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    log.info("installed argos %s -> %s in %s", package.source, package.target, final)
    return _read_metadata(final) or package


def _fetch(url: str, timeout_s: float = 60) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
            data: bytes = response.read()
            return data
    except (OSError, ValueError) as err:
        raise EngineUnavailable(f"cannot download {url}: {err}") from None


def install_from_index(source: str, target: str, *, url: str | None = None,
                       root: Path | None = None) -> ArgosPackage:
    """Download the index, then the package for source -> target, and install it."""
    from translate.engine import tag_matches

    where = index_url(url)
    try:
        index = json.loads(_fetch(where))
    except ValueError:
        raise EngineUnavailable(f"{where}: not an Argos package index (invalid JSON)") from None
    offers = [m for m in index if isinstance(m, dict) and m.get("type", "translate") == "translate"
              and m.get("from_code") and m.get("to_code") and m.get("links")]
    chosen = next((m for m in offers if tag_matches(language_tag(m["from_code"]), source)
                   and tag_matches(language_tag(m["to_code"]), target)), None)
    if chosen is None:
        pairs = ", ".join(f"{m['from_code']}->{m['to_code']}" for m in offers) or "none"
        raise EngineUnavailable(f"the Argos index at {where} has no {source} -> {target} "
                                f"package; it offers: {pairs}")
    folder = root or packages_dir()
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".download-", suffix=".argosmodel", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(_fetch(chosen["links"][0]))
        return install_file(tmp, folder)
    finally:
        Path(tmp).unlink(missing_ok=True)
