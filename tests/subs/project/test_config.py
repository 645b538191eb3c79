"""subs.toml: the small writer round-trips through tomllib; damaged files say what is wrong."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subtitles.names import _problem
from subs.project.config import (LanguageEntry, ProjectConfig, ProjectError, read_config,
                                 render_config, write_config)

text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)
# #15: a title or glossary name becomes a path, so only names that can be one are kept
names = text.filter(lambda name: _problem(name) is None)


@given(names, text, st.lists(text, max_size=3), st.none() | names)
def test_render_then_read_is_identity(title: str, audio: str, platforms: list[str],
                                      glossary: str | None) -> None:
    import tempfile

    config = ProjectConfig(title, "film.en.srt", "en", audio, glossary, "relaxed",
                           tuple(platforms), {"pt-BR": LanguageEntry("languages/f.pt-BR.srt"),
                                              "he": LanguageEntry("languages/f.he.srt", "none")})
    with tempfile.TemporaryDirectory() as tmp:
        write_config(Path(tmp), config)
        assert read_config(Path(tmp)) == config


def test_damaged_config_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "subs.toml").write_text('title = "x"\nsource = \n')
    with pytest.raises(ProjectError, match=r"subs.toml: .*line 2"):
        read_config(tmp_path)
    (tmp_path / "subs.toml").write_text('title = "x"\nsource = "a.srt"\n')
    with pytest.raises(ProjectError) as err:
        read_config(tmp_path)
    assert str(err.value) == f"{tmp_path}/subs.toml: title, source and source_language are required"


def test_rendered_config_reads_like_a_person_wrote_it() -> None:
    config = ProjectConfig("film", "film.en.srt", "en", None, "names.csv", "documentary",
                           ("youtube",), {"es": LanguageEntry("languages/film.es.srt")})
    assert render_config(config) == (
        "# subs film project: see docs/project.md\ntitle = \"film\"\nsource = \"film.en.srt\"\n"
        "source_language = \"en\"\nglossary = \"names.csv\"\nprofile = \"documentary\"\n"
        "platforms = [\"youtube\"]\n\n[languages.es]\nfile = \"languages/film.es.srt\"\n"
        "engine = \"auto\"\n")


def test_17_a_config_that_is_not_utf8_is_one_error_not_a_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "subs.toml").write_bytes('title = "café"\n'.encode("cp1252"))
    with pytest.raises(ProjectError) as err:
        read_config(tmp_path)
    assert str(err.value) == f"{tmp_path}/subs.toml: not UTF-8 text (byte 12); save it as UTF-8"
    done = subprocess.run([sys.executable, "-m", "subs", "status"], cwd=tmp_path, text=True,
                          capture_output=True, env={"PYTHONPATH": str(Path(__file__).parents[3]),
                                                    "PATH": "/usr/bin:/bin"})
    assert (done.returncode, done.stderr) == (1, f"Error: {err.value}\n")
