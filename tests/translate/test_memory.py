"""The translation memory (re-runs translate only what changed) and human-edit protection."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import pytest

from subtitles.errors import OutputExists
from subtitles.guard import beside_path
from subtitles.io import load_track
from translate import Engine, get_engine, translate_track
from translate.memory import is_edited, open_memory, output_target, write_output
from translate.sentences import segment

from tests.translate.conftest import DATA


@dataclass
class Counting:
    """A real engine, with the sentences it was asked for written down."""

    inner: Engine
    asked: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def version(self) -> str:
        return self.inner.version

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        self.asked.extend(texts)
        return self.inner.translate(texts, source, target)


@pytest.mark.e2e
def test_rerun_translates_only_the_changed_sentence(tmp_path: Path) -> None:
    source = load_track(DATA / "film.en.srt").track
    engine = Counting(get_engine("apertium", "en", "es"))
    with open_memory(tmp_path / "tm.sqlite") as memory:
        first = translate_track(source, engine, source="en", target="es", memory=memory)
        assert first.stats.from_memory == 0 and first.stats.unique == 8
        # issue 13: the parts of the sentences that run across cues are translated alone too
        parts = {p.text for s in segment(source).sentences if len(s.parts) > 1 for p in s.parts}
        assert len(engine.asked) == 8 + len(parts)
        changed = source.with_cues(c.replace(text="We always remembered them.")
                                   if i == 10 else c for i, c in enumerate(source.cues))
        engine.asked.clear()
        second = translate_track(changed, engine, source="en", target="es", memory=memory)
    assert engine.asked == ["We always remembered them."]
    assert second.stats.from_memory == 7 and second.stats.translated == 1
    assert [c.text for c in second.track][:10] == [c.text for c in first.track][:10]
    with open_memory(tmp_path / "tm.sqlite") as memory:  # persisted on disk
        assert memory.lookup("apertium", engine.version, "en", "es", ["We never forgot them."])


def test_human_edit_is_detected_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "film.es.srt"
    with open_memory(tmp_path / "tm.sqlite") as memory:
        assert output_target(memory, out) == out
        write_output(memory, out, "1\n00:00:01,000 --> 00:00:02,000\nHola.\n")
        assert not is_edited(memory, out)
        assert output_target(memory, out) == out  # ours and unchanged: replace it
        out.write_text("1\n00:00:01,000 --> 00:00:02,000\n¡Hola!\n", encoding="utf-8")
        assert is_edited(memory, out)
        assert output_target(memory, out) == beside_path(out) == tmp_path / "film.es.srt.new"
        assert output_target(memory, out, force=True) == out
        stranger = tmp_path / "other.es.srt"
        stranger.write_text("not ours", encoding="utf-8")
        with pytest.raises(OutputExists, match="it was not written by subs; pass --force"):
            output_target(memory, stranger)


def test_edited_machine_file_is_protected_too(tmp_path: Path) -> None:
    out = tmp_path / "film.es.srt"
    machine = tmp_path / "film.es.srt.new"
    with open_memory(tmp_path / "tm.sqlite") as memory:
        write_output(memory, out, "1\n00:00:01,000 --> 00:00:02,000\nHola.\n")
        out.write_text("1\n00:00:01,000 --> 00:00:02,000\n¡Hola!\n", encoding="utf-8")
        write_output(memory, output_target(memory, out), "machine, first run")
        assert output_target(memory, out) == machine  # ours, unchanged: replaced
        machine.write_text("machine, edited", encoding="utf-8")
        with pytest.raises(OutputExists) as err:
            output_target(memory, out)
        assert str(err.value) == (
            f"{machine} already exists; it and {out} both hold edits subs did not make; keep "
            f"the edits you want in one of them and delete the other, or pass --force to "
            f"overwrite {out}")
        assert output_target(memory, out, force=True) == out
        machine.unlink()
        assert output_target(memory, out) == machine


def test_17_a_memory_that_is_not_sqlite_or_cannot_be_made_is_one_error(tmp_path: Path) -> None:
    from translate.errors import MemoryUnusable

    other = tmp_path / "notes.txt"
    other.write_text("not a database, a person's notes\n", encoding="utf-8")
    with pytest.raises(MemoryUnusable) as err:
        open_memory(other)
    assert str(err.value) == (f"cannot use {other} as the translation memory (file is not a "
                              "database); pass --memory with another file, or set $SUBS_MEMORY")
    assert other.read_text(encoding="utf-8") == "not a database, a person's notes\n"
    with pytest.raises(MemoryUnusable, match=r"\(File exists: .*notes.txt\)"):
        open_memory(other / "memory.sqlite")  # its folder would have to be a file
