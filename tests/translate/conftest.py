"""Fixtures shared by the translation tests: the sample film, an Argos package, isolated dirs."""
from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "translate"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's memory or Argos packages."""
    monkeypatch.setenv("SUBS_ARGOS_DIR", str(tmp_path / "argos-packages"))
    monkeypatch.setenv("SUBS_MEMORY", str(tmp_path / "memory.sqlite"))
    monkeypatch.delenv("SUBS_ARGOS_INDEX", raising=False)


@pytest.fixture(scope="session")
def argos_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.translate.argos_package import build_package

    return build_package(tmp_path_factory.mktemp("argos"))
