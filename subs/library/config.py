"""A library's settings, from ``subs.toml`` in the library folder (optional).

The same file a film project uses (issue 8): ``glossary = "names.csv"`` at the top level is the
film's glossary; a ``[library]`` table may set ``model``, ``language`` and its own ``glossary``.
Relative paths are relative to the folder holding ``subs.toml``.

```toml
glossary = "names.csv"
[library]
model = "base"
language = "en"
```
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from subs.library.errors import LibraryError

CONFIG_NAME = "subs.toml"


@dataclass(frozen=True)
class LibraryConfig:
    glossary: Path | None = None
    model: str | None = None
    language: str | None = None


def load_config(folder: Path) -> LibraryConfig:
    path = folder / CONFIG_NAME
    if not path.exists():
        return LibraryConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise LibraryError(f"{path}: error: {err}") from None
    section = data.get("library", {})
    if not isinstance(section, dict):
        raise LibraryError(f"{path}: error: [library] must be a table")
    glossary = section.get("glossary", data.get("glossary"))
    for key, value in (("glossary", glossary), ("model", section.get("model")),
                       ("language", section.get("language"))):
        if value is not None and not isinstance(value, str):
            raise LibraryError(f"{path}: error: {key} must be a string")
    return LibraryConfig(
        glossary=(path.parent / glossary).resolve() if glossary else None,
        model=section.get("model"),
        language=section.get("language"),
    )


def load_library_glossary(config: LibraryConfig, override: str | Path | None = None) -> object:
    """The Glossary to use (``--glossary`` wins over ``subs.toml``), or None without one."""
    source = Path(override) if override else config.glossary
    if source is None:
        return None
    from glossary.load import load_glossary

    return load_glossary(source)
