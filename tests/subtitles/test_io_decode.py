"""Decoding legacy files: the right code page for short files, UTF-16 without a BOM, binary.

Every file is built here by encoding a Python string, so the expected text is beside the bytes.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from subtitles.errors import ParseError
from subtitles.encodings import decode
from subtitles.io import load_track

HEAD = "1\n00:00:01,000 --> 00:00:02,000\n"
SECOND = "\n\n2\n00:00:03,000 --> 00:00:04,000\n"
TESTIMONY = {
    "he": "אני זוכר את היום שבו הגענו לעיר. היה קר מאוד, ואמא שלי החזיקה את ידי חזק.",
    "fr": "Je me souviens du jour où nous sommes arrivés en ville. Il faisait très froid.",
    "ru": "Я помню тот день, когда мы приехали в город. Было очень холодно.",
    "el": "Θυμάμαι τη μέρα που φτάσαμε στην πόλη. Έκανε πολύ κρύο.",
    "ar": "أتذكر اليوم الذي وصلنا فيه إلى المدينة. كان الجو باردا جدا.",
    "pl": "Pamiętam dzień, w którym przyjechaliśmy do miasta. Było bardzo zimno.",
}
CODE_PAGE = {"he": "cp1255", "fr": "cp1252", "ru": "cp1251", "el": "cp1253", "ar": "cp1256",
             "pl": "cp1250"}


def srt(*texts: str) -> str:
    return HEAD + SECOND.join(texts) + "\n"


def test_one_short_cp1255_cue_named_he_is_hebrew(tmp_path: Path) -> None:
    """Audit: "decoded as cp1258" and converted to garbage."""
    path = tmp_path / "x.he.srt"
    path.write_bytes(srt("שלום עולם").encode("cp1255"))
    parsed = load_track(path)
    assert parsed.track[0].text == "שלום עולם"
    assert [p.message for p in parsed.problems] == ["not UTF-8; decoded as cp1255"]


@pytest.mark.parametrize("texts", [
    ("שלום עולם",),  # was cp1258
    ("תודה רבה", "בבקשה"),  # was mac_iceland
    ("שלום עולם", "שלום עולם"),  # was cp949
])
def test_short_cp1255_without_a_hint_prefers_a_coherent_windows_page(texts: tuple[str]) -> None:
    decoded = decode(srt(*texts).encode("cp1255"), "x.srt")
    assert (decoded.encoding, decoded.text) == ("cp1255", srt(*texts))


def test_the_language_argument_picks_the_code_page() -> None:
    data = srt("שלום").encode("cp1255")  # four bytes: read as Korean without the hint
    assert decode(data, "x.srt", language="he").text == srt("שלום")
    assert decode(data, "x.srt", language="he-IL").encoding == "cp1255"


def test_a_wrong_language_hint_falls_back_to_detection(tmp_path: Path) -> None:
    path = tmp_path / "x.he.srt"  # misnamed: Russian in cp1251, capitals and all
    path.write_bytes(srt("Привет, мир", "Это было давно.").encode("cp1251"))
    parsed = load_track(path)
    assert parsed.track[0].text == "Привет, мир"
    assert parsed.problems[0].message == "not UTF-8; decoded as cp1251"


def test_encoding_option_overrides_the_language() -> None:
    data = srt("שלום עולם").encode("cp1255")
    decoded = decode(data, "x.srt", encoding="cp1251", language="he")
    assert (decoded.encoding, decoded.problems) == ("cp1251", ())
    assert decoded.text == srt("щмен темн")  # what the user asked for, however odd


@pytest.mark.parametrize("language", sorted(TESTIMONY))
@pytest.mark.parametrize("cues", [1, 40])
def test_testimony_in_its_code_page_without_a_hint(language: str, cues: int) -> None:
    text = srt(*[TESTIMONY[language]] * cues)
    assert decode(text.encode(CODE_PAGE[language]), "x.srt").text == text


@pytest.mark.parametrize("language", sorted(TESTIMONY))
def test_testimony_in_its_code_page_with_its_language(language: str) -> None:
    text = srt(TESTIMONY[language])
    decoded = decode(text.encode(CODE_PAGE[language]), "x.srt", language=language)
    assert (decoded.text, decoded.encoding) == (text, CODE_PAGE[language])


@pytest.mark.parametrize("encoding, text", [
    ("koi8_r", "Я помню тот день, когда мы приехали в город. Было очень холодно."),
    ("gb18030", "我记得我们到达城市的那一天。天气很冷，我妈妈紧紧地握着我的手。"),
    ("cp949", "우리가 도시에 도착한 날을 기억합니다. 날씨가 매우 추웠습니다."),
])
def test_other_legacy_encodings_still_detected(encoding: str, text: str) -> None:
    """Windows code pages may contest charset-normalizer's choice, not overrule real CJK or KOI8."""
    data = srt(*[text] * 20).encode(encoding)
    assert decode(data, "x.srt").text == srt(*[text] * 20)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read_with_a_warning(encoding: str) -> None:
    text = srt("Hello", "שלום")
    decoded = decode(text.encode(encoding), "x.srt")
    assert (decoded.text, decoded.encoding) == (text, encoding)
    assert [str(p) for p in decoded.problems] == [
        "x.srt: warning: decoded as UTF-16 without a byte order mark (output is written as UTF-8)"]


def test_binary_is_still_binary_and_says_what_to_do() -> None:
    with pytest.raises(ParseError) as err:
        decode(bytes(range(256)) * 4, "x.srt")
    assert str(err.value) == ("x.srt: error: binary file, not subtitles: it contains NUL bytes "
                              "(if it is a subtitle file, pass its --encoding, e.g. "
                              "--encoding utf-16-le)")
