import pytest
from hypothesis import given, strategies as st

from subtitles.errors import UnknownLanguage
from subtitles.io import language_from_name
from subtitles.languages import is_rtl, language_name, normalize_language


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
