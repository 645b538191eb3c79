import pytest
from hypothesis import given, strategies as st

from subtitles.errors import UnknownLanguage
from subtitles.io import language_from_name
from subtitles.languages import detect_language, is_rtl, language_name, normalize_language


@pytest.mark.parametrize("raw, tag", [
    ("pt-br", "pt-BR"), ("pt_BR", "pt-BR"), ("iw", "he"), ("es", "es"), ("zh-Hans", "zh-Hans"),
    ("es-419", "es-419"),
])
def test_normalizes_known_tags(raw: str, tag: str) -> None:
    assert normalize_language(raw) == tag


@pytest.mark.parametrize("raw", ["xx", "../../x", "", "en/../he", "klingonese"])
def test_refuses_what_is_not_a_language(raw: str) -> None:
    with pytest.raises(UnknownLanguage) as info:
        normalize_language(raw)
    assert "BCP-47" in str(info.value)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12))
def test_a_normalized_tag_is_always_safe_as_a_file_name_part(raw: str) -> None:
    try:
        tag = normalize_language(raw)
    except UnknownLanguage:
        return
    assert "/" not in tag and "\\" not in tag and ".." not in tag and tag


def test_language_from_file_name_and_rtl() -> None:
    assert language_from_name("out/film.pt-BR.srt") == "pt-BR"
    assert language_from_name("film.srt") is None
    assert language_from_name("my.film.final.srt") is None
    assert is_rtl("he") and is_rtl("ar-EG") and not is_rtl("es") and not is_rtl(None)
    assert language_name("pt-BR") == "Portuguese (Brazil)"


@pytest.mark.parametrize("tag, text", [
    ("en", "I drove south with two other medics. At the junction we saw burned cars."),
    ("es", "Conduje hacia el sur con otros dos médicos. En el cruce vimos coches quemados."),
    ("he", "נסעתי דרומה עם שני חובשים נוספים. בצומת ראינו מכוניות שרופות."),
])
def test_detect_language_of_a_few_sentences(tag: str, text: str) -> None:
    detected, probability = detect_language([text])
    assert detected == tag and probability > 0.9


def test_detect_language_is_unsure_of_a_few_names() -> None:
    _, probability = detect_language(["Daniel Cohen, Sderot, Kibbutz Reim"])
    assert probability < 0.9
