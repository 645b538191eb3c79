"""Issue 15 items 2, 3 and 6: a pack holds only what subs wrote, and knows it after a kill."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from subtitles.errors import OutputExists

from tests.subs.packing.test_publish import DATA, make_pack, on_disk

ROOT = Path(__file__).parents[3]


def test_15_a_secret_in_the_output_folder_stays_out_of_manifest_and_zip(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    (pack / "private").mkdir(parents=True)
    (pack / "secret.txt").write_text("secret\n")
    (pack / "private" / "key.pem").write_text("key\n")
    result = make_pack(pack, zip=True)
    listed = [f["path"] for f in json.loads((pack / "manifest.json").read_text())["files"]]
    with zipfile.ZipFile(pack / "pack.zip") as archive:
        zipped = archive.namelist()
    for rel in ("secret.txt", "private/key.pem"):
        assert rel not in listed and rel not in zipped
        assert (pack / rel).exists()  # kept, only left out
    assert sorted(result.foreign) == ["private/key.pem", "secret.txt"]


def test_15_a_persons_pack_zip_is_neither_removed_nor_replaced(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.zip").write_bytes(b"my own zip")
    make_pack(pack)  # no --zip: an earlier run's zip would go, this one is not subs's
    assert (pack / "pack.zip").read_bytes() == b"my own zip"
    with pytest.raises(OutputExists, match="subs did not write it.*--force"):
        make_pack(pack, zip=True)
    assert (pack / "pack.zip").read_bytes() == b"my own zip"
    make_pack(pack, zip=True, force=True)
    assert zipfile.is_zipfile(pack / "pack.zip")
    make_pack(pack)  # now it is subs's own, and goes without --zip
    assert not (pack / "pack.zip").exists()


_KILL = """
import os, sys
from pathlib import Path
from subtitles import io
sys.path.insert(0, {root!r})
from tests.subs.packing.test_publish import make_pack
count = [0]
real = io.os.replace
def replace(tmp, target):
    if str(target).endswith({name!r}):
        os._exit(9)  # killed as the file is put in place: the record was saved before
    real(tmp, target)
io.os.replace = replace
make_pack(Path({pack!r}), title="A new title")
"""


@pytest.mark.parametrize("name", ["web/index.html", "qa/report.json"])
def test_15_a_kill_mid_pack_leaves_no_edited_files_and_no_new_copies(tmp_path: Path,
                                                                       name: str) -> None:
    pack = tmp_path / "pack"
    make_pack(pack)
    code = _KILL.format(root=str(ROOT), name=name, pack=str(pack))
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 9
    result = make_pack(pack, title="A new title")
    assert result.kept == [] and result.stale == []
    assert not [rel for rel in on_disk(pack) if rel.endswith(".new")]
    state = json.loads((pack / ".subs" / "written.json").read_text())
    assert all(isinstance(sha, str) for sha in state.values())
    assert os.path.exists(DATA / "roads.en.srt")
