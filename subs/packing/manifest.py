"""Pack files written once, never over a person's edit; the manifest and the zip.

Every file the pack writes is recorded, with the sha256 of what was written, in
``pack/.subs/written.json``. On a rerun a file whose bytes still match that record is ours to
replace; a file that differs was edited by a person (a subtitler fixed a line in
``youtube/film.es.srt``), so it is kept and the new output goes beside it as ``FILE.new``, with a
note. ``--force`` replaces edited files too. ``manifest.json`` describes the pack as it is on
disk: every file with its platform, language, cue count and sha256.
"""
from __future__ import annotations

import hashlib
import json
import logging
import zipfile
from dataclasses import asdict, dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from subtitles.io import atomic_write

log = logging.getLogger(__name__)

STATE_DIR = ".subs"
WRITTEN = "written.json"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
    _written: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        state = self.root / STATE_DIR / WRITTEN
        if state.exists():
            try:
                self._written = dict(json.loads(state.read_text("utf-8")))
            except (ValueError, TypeError):
                log.warning("%s is unreadable; treating every existing file as edited", state)

    def write(self, rel: str, data: str | bytes, *, platform: str, language: str | None,
              cues: int | None) -> PackFile:
        """Write ``data`` to ``root/rel`` unless a person edited the file there (then beside it).

        Returns the manifest entry of the file now at ``rel``.
        """
        raw = data.encode("utf-8") if isinstance(data, str) else data
        new_sha = sha256_bytes(raw)
        target = self.root / rel
        if target.exists() and not self.force:
            current = sha256_file(target)
            if current != new_sha and current != self._written.get(rel):
                beside = f"{rel}.new"
                atomic_write(self.root / beside, raw)
                self._written[beside] = new_sha
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
        atomic_write(target, raw)
        self._written[rel] = new_sha
        entry = PackFile(rel, platform, language, cues, new_sha)
        self.files.append(entry)
        return entry

    def save_state(self) -> None:
        atomic_write(self.root / STATE_DIR / WRITTEN,
                     json.dumps(self._written, indent=1, sort_keys=True) + "\n")


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
