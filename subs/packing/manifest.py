"""Pack files written once, never over a person's edit; the manifest and the zip.

Every file the pack writes is recorded, with the sha256 of what was written, in
``pack/.subs/written.json``. On a rerun a file whose bytes still match that record is ours to
replace; a file that differs was edited by a person (a subtitler fixed a line in
``youtube/film.es.srt``), so it is kept and the new output goes beside it as ``FILE.new``, with a
note. ``--force`` replaces edited files too.

A file an earlier run wrote and this run does not make (a platform or language dropped from
``--platforms``/``--to``, a ``.new`` copy whose question was settled) is removed when it is
still what subs wrote, and kept and reported when a person edited it: ``sweep``. Then
``manifest.json`` describes what subs wrote for the pack: every such file in the folder with
its platform, language, cue count and sha256. A file subs never wrote (a person's notes, a
secret left in the output folder) stays out of the manifest and ``pack.zip`` and is only
reported (#15: ``--zip`` shipped whatever was in the folder).

written.json is saved before each write, naming the new hash and the one the file had, so a
run killed between the two never mistakes subs's own file for a person's edit (#15 item 6).
``pack.zip`` is recorded there too: a zip subs did not write is neither removed nor replaced.
"""
from __future__ import annotations

import functools
import json
import logging
import re
import shutil
import subprocess
import zipfile
from dataclasses import asdict, dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from subtitles import guard
from subtitles.hashing import sha256_bytes, sha256_file
from subtitles.io import atomic_write

log = logging.getLogger(__name__)

STATE_DIR = ".subs"
WRITTEN = "written.json"
MANIFEST = "manifest.json"
ZIP = "pack.zip"
NEW = guard.NEW_SUFFIX  # new output kept beside a file a person edited (subtitles/guard.py)


@dataclass(frozen=True)
class PackFile:
    """One manifest entry; ``path`` is relative to the pack folder, with ``/`` separators."""

    path: str
    platform: str
    language: str | None
    cues: int | None
    sha256: str
    note: str | None = None


@dataclass
class PackWriter:
    """Writes pack files atomically, remembering what it wrote so reruns respect edits."""

    root: Path
    force: bool = False
    files: list[PackFile] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (edited file, new beside it)
    removed: list[str] = field(default_factory=list)  # unedited files this run no longer makes
    stale: list[str] = field(default_factory=list)  # edited files this run no longer makes
    foreign: list[str] = field(default_factory=list)  # files subs never wrote: left out
    _written: dict[str, str] = field(default_factory=dict)
    _earlier: dict[str, str] = field(default_factory=dict)  # hash before an unfinished write
    _made: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        state = self.root / STATE_DIR / WRITTEN
        if state.exists():
            try:
                for rel, sha in dict(json.loads(state.read_text("utf-8"))).items():
                    hashes = [sha] if isinstance(sha, str) else [str(h) for h in sha]
                    self._written[str(rel)] = hashes[0]
                    if len(hashes) > 1:  # a run killed mid-write: either hash is ours
                        self._earlier[str(rel)] = hashes[1]
            except (ValueError, TypeError, IndexError):
                log.warning("%s is unreadable; treating every existing file as edited", state)

    def ours(self, rel: str, sha: str | None) -> bool:
        """Bytes subs wrote at ``rel`` (by the last run, or the one a kill cut short)."""
        return sha is not None and sha in (self._written.get(rel), self._earlier.get(rel))

    def _put(self, rel: str, raw: bytes, sha: str, *, keep_earlier: str | None) -> None:
        """Record, then write: a kill in between leaves a file whose hash is still known."""
        self._written[rel] = sha
        if keep_earlier:
            self._earlier[rel] = keep_earlier
        self.save_state(pending=True)
        atomic_write(self.root / rel, raw)

    def written_hash(self, key: str, /) -> str | None:
        """What this pack last wrote at ``key`` (a path relative to the pack): a WriteRecord."""
        return self._written.get(key)

    def write(self, rel: str, data: str | bytes, *, platform: str, language: str | None,
              cues: int | None) -> PackFile:
        """Write ``data`` to ``root/rel`` unless a person edited the file there (then beside it).

        Returns the manifest entry of the file now at ``rel``.
        """
        raw = data.encode("utf-8") if isinstance(data, str) else data
        new_sha = sha256_bytes(raw)
        target = self.root / rel
        self._made.add(rel)
        current = sha256_file(target) if target.exists() else None
        if current is not None and not self.force:
            # edited, or never written by subs: a pack keeps both (subtitles/guard.py)
            if current != new_sha and not self.ours(rel, current):
                beside = guard.beside_path(rel).as_posix()
                old = self.root / beside
                old_sha = sha256_file(old) if old.is_file() else None
                self._put(beside, raw, new_sha,
                          keep_earlier=old_sha if self.ours(beside, old_sha) else None)
                self._made.add(beside)
                self.kept.append((rel, beside))
                entry = PackFile(rel, platform, language, cues, current,
                                 note="edited by a person; kept")
                self.files.append(entry)
                self.files.append(PackFile(beside, platform, language, cues, new_sha,
                                           note=f"new output, not written over {rel}"))
                return entry
            if current == new_sha:
                self._written[rel] = new_sha
                entry = PackFile(rel, platform, language, cues, new_sha)
                self.files.append(entry)
                return entry
        self._put(rel, raw, new_sha,
                  keep_earlier=current if self.ours(rel, current) else None)
        entry = PackFile(rel, platform, language, cues, new_sha)
        self.files.append(entry)
        return entry

    def adopt(self, rel: str, sha256: str, *, platform: str, language: str | None,
              cues: int | None, note: str | None = None) -> PackFile:
        """Record a file this run put in place by other means (the film, hard-linked)."""
        self._made.add(rel)
        self._written[rel] = sha256
        entry = PackFile(rel, platform, language, cues, sha256, note=note)
        self.files.append(entry)
        return entry

    def sweep(self) -> None:
        """Settle the files an earlier run wrote that this run did not make.

        Unedited ones (bytes still as subs wrote them) are removed, with any folder left empty;
        edited ones are kept, listed in ``stale`` and in the manifest. Call after the last
        ``write`` and before ``list_unrecorded``.
        """
        previous = _previous_entries(self.root)
        for rel in sorted(self._written):
            if rel in self._made or rel in (MANIFEST, ZIP):
                continue
            if not _inside(rel):
                del self._written[rel]
                continue
            path = self.root / rel
            if not path.is_file():
                del self._written[rel]
            elif self.ours(rel, sha256_file(path)):
                path.unlink()
                del self._written[rel]
                self.removed.append(rel)
                _remove_empty_folders(path.parent, self.root)
            else:
                self.stale.append(rel)
                old = previous.get(rel, {})
                self.files.append(PackFile(
                    rel, str(old.get("platform") or _platform_of(rel)), old.get("language"),
                    None, sha256_file(path),
                    note="edited by a person; no longer made by this pack; kept"))

    def list_unrecorded(self) -> None:
        """List in ``foreign`` what is in the folder but was never written by subs (a person
        put it there): it is kept, reported, and left out of the manifest and the zip (#15).
        Dot files and folders (``.subs``, temporary files) are not looked at."""
        listed = {item.path for item in self.files}
        for path in sorted(self.root.rglob("*")):
            rel = path.relative_to(self.root).as_posix()
            if (rel in listed or rel in (MANIFEST, ZIP) or not path.is_file()
                    or any(part.startswith(".") for part in rel.split("/"))):
                continue
            self.foreign.append(rel)

    def zip_is_ours(self) -> bool:
        """No ``pack.zip``, or the one subs wrote last (a person's own zip is not ours)."""
        path = self.root / ZIP
        return not path.exists() or (path.is_file() and self.ours(ZIP, sha256_file(path)))

    def record_zip(self, sha: str | None) -> None:
        if sha is None:
            self._written.pop(ZIP, None)
        else:
            path = self.root / ZIP
            if path.is_file() and self.ours(ZIP, sha256_file(path)):
                self._earlier[ZIP] = sha256_file(path)
            self._written[ZIP] = sha
            self.save_state(pending=True)

    def save_state(self, *, pending: bool = False) -> None:
        """Save what subs wrote; ``pending`` keeps the hash a file had before a write begun."""
        data: dict[str, str | list[str]] = dict(self._written)
        if pending:
            for rel, sha in self._earlier.items():
                if rel in data and data[rel] != sha:
                    data[rel] = [self._written[rel], sha]
        else:
            self._earlier.clear()
        atomic_write(self.root / STATE_DIR / WRITTEN,
                     json.dumps(data, indent=1, sort_keys=True) + "\n")


def _inside(rel: str) -> bool:
    """A recorded path that stays in the pack (a hand-edited written.json could say ``../x``)."""
    parts = Path(rel).parts
    return bool(parts) and not Path(rel).is_absolute() and ".." not in parts


def _platform_of(rel: str) -> str:
    parts = rel.split("/")
    return parts[0] if len(parts) > 1 else "other"


def _previous_entries(root: Path) -> dict[str, dict[str, Any]]:
    """The last run's manifest entries by path (platform and language of files kept)."""
    try:
        data = json.loads((root / MANIFEST).read_text("utf-8"))
        return {str(e["path"]): dict(e) for e in data["files"]}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def _remove_empty_folders(folder: Path, root: Path) -> None:
    """Remove ``folder`` and its parents up to (not including) ``root`` while they are empty."""
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty (or gone): stop here
            return
        folder = folder.parent


def is_new_copy(rel: str) -> bool:
    """``youtube/film.es.srt.new``: new output beside an edited file, awaiting a decision."""
    return guard.is_beside_copy(rel)


def manifest_json(title: str, tools: dict[str, str], files: list[PackFile]) -> str:
    """The manifest text: title, tool versions, then every pack file sorted by path."""
    entries: list[dict[str, Any]] = []
    for item in sorted(files, key=lambda f: f.path):
        entry = {k: v for k, v in asdict(item).items() if k != "note" or v}
        entries.append(entry)
    data = {"title": title, "tool": tools, "files": entries}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def zip_pack(root: Path, rel_paths: list[str]) -> bytes:
    """A zip of the listed pack files under relative names only (no ``/``, no ``..``).

    Built in memory and then written atomically by the caller, so a killed run leaves the old
    zip or the new one. Entries get a fixed date so the same pack gives the same zip bytes.
    """
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for rel in sorted(rel_paths):
            parts = Path(rel).parts
            if Path(rel).is_absolute() or ".." in parts:
                raise ValueError(f"refusing to zip a path outside the pack: {rel}")
            info = zipfile.ZipInfo(rel, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (root / rel).read_bytes())
    return buffer.getvalue()


def tool_versions(model: str | None, engines: dict[str, str]) -> dict[str, str]:
    """What made this pack, and only that: subs; the Whisper model and its libraries when the
    source was transcribed; each language's engine (``engine:es``), with the Apertium
    language-pair package's version; argostranslate when an Argos engine ran."""
    from importlib.metadata import PackageNotFoundError, version

    from subs import __version__

    tools = {"subs": __version__}
    packages = ["langcodes"]
    if model:
        tools["whisper_model"] = model
        packages = ["faster-whisper", "ctranslate2", *packages]
    if any(label.split(" ")[0] == "argos" for label in engines.values()):
        packages.append("argostranslate")
    for package in packages:
        try:
            tools[package] = version(package)
        except PackageNotFoundError:
            pass
    for target, label in sorted(engines.items()):
        tools[f"engine:{target}"] = label
        pair = apertium_pair(label)
        if pair:
            tools[pair[0]] = pair[1]
    return tools


_APERTIUM_LABEL = re.compile(r"^apertium \S*:([a-z]{2,3}-[a-z]{2,3}[a-z_-]*)$")


@functools.lru_cache(maxsize=None)
def apertium_pair(label: str) -> tuple[str, str] | None:
    """``apertium 3.8.3:eng-spa`` -> ``("apertium-eng-spa", "0.8.1-2")``: the Debian package
    that installed the mode, and its version; None off Debian or when dpkg does not know it."""
    match = _APERTIUM_LABEL.match(label)
    query = shutil.which("dpkg-query")
    if not match or not query:
        return None
    try:
        owner = subprocess.run([query, "-S", f"*/apertium/modes/{match.group(1)}.mode"],
                               capture_output=True, text=True, timeout=10).stdout
        package = owner.split(":", 1)[0].strip() if ":" in owner else ""
        if not re.fullmatch(r"[a-z0-9][a-z0-9.+-]+", package):
            return None
        found = subprocess.run([query, "-W", "-f", "${Version}", package],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return (package, found) if found else None
