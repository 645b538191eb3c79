"""The one edit guard (subtitles/guard.py): one rule, one name, one interface over the stores."""
from __future__ import annotations

from pathlib import Path

from subtitles.guard import WriteRecord, beside_path, is_beside_copy, is_edited, is_input
from subtitles.hashing import sha256_text


def test_17_one_name_for_the_copy_beside_an_edited_file() -> None:
    assert beside_path("out/film.es.srt") == Path("out/film.es.srt.new")
    assert beside_path("web/index.html") == Path("web/index.html.new")
    assert is_beside_copy("youtube/film.es.srt.new") and not is_beside_copy("film.es.srt")


def test_edited_means_recorded_and_changed(tmp_path: Path) -> None:
    path = tmp_path / "film.es.srt"
    assert not is_edited(path, sha256_text("x"))  # missing
    path.write_text("x", encoding="utf-8")
    assert not is_edited(path, None)  # never ours
    assert not is_edited(path, sha256_text("x"))
    path.write_text("x, fixed by a person", encoding="utf-8")
    assert is_edited(path, sha256_text("x"))


def test_an_input_through_a_link_is_still_the_input(tmp_path: Path) -> None:
    source = tmp_path / "film.srt"
    source.write_text("1\n", encoding="utf-8")
    link = tmp_path / "link.srt"
    link.symlink_to(source)
    assert is_input(link, (source,)) and is_input(source, (str(source),))
    assert not is_input(tmp_path / "new.srt", (source,))


def test_17_every_store_of_written_files_answers_the_same_question(tmp_path: Path) -> None:
    """The translation memory, a pack and a project each remember what subs wrote; each is a
    WriteRecord, so the guard's decisions are the same for all three."""
    from subs.packing.manifest import PackWriter
    from subs.project.state import open_state
    from translate.memory import open_memory, write_output

    out = tmp_path / "film.es.srt"
    with open_memory(tmp_path / "memory.sqlite") as memory:
        write_output(memory, out, "hola\n")
        stores: list[WriteRecord] = [memory]
        assert memory.written_hash(str(out)) == sha256_text("hola\n")
    pack = PackWriter(tmp_path / "pack")
    pack.write("youtube/film.es.srt", "hola\n", platform="youtube", language="es", cues=1)
    state = open_state(tmp_path / "project", create=True)
    stores += [pack, state]
    assert pack.written_hash("youtube/film.es.srt") == sha256_text("hola\n")
    assert state.written_hash("languages/film.es.srt") is None
    assert all(isinstance(store, WriteRecord) for store in stores)
    state.close()
