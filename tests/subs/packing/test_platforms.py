"""Platform rules (subtitles/platforms.py): names, Facebook locales, markup, RTL marks."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subtitles.io import render_track
from subtitles.model import Cue, Track
from subtitles.platforms import (PDF, RLE, RLM, UnknownPlatform, facebook_locale, file_name,
                                 parse_platforms, prepare_track, safe_stem, strip_markup,
                                 webvtt_markup)


@pytest.mark.parametrize("tag, locale", [
    ("en", "en_US"), ("es", "es_ES"), ("ca", "ca_ES"), ("pt-BR", "pt_BR"), ("pt", "pt_PT"),
    ("he", "he_IL"), ("ar", "ar_AR"), ("es-419", "es_LA"), ("en-GB", "en_GB"),
    ("zh-Hant", "zh_TW"), ("de-AT", "de_DE"), ("yi", None),
])
def test_facebook_locales(tag: str, locale: str | None) -> None:
    assert facebook_locale(tag) == locale


def test_file_names_per_platform() -> None:
    assert file_name("youtube", "film", "pt-BR", "srt") == "film.pt-BR.srt"
    assert file_name("facebook", "film", "pt-BR", "srt") == "film.pt_BR.srt"
    assert file_name("facebook", "film", "yi", "srt") is None
    assert file_name("vimeo", "film", "he", "vtt") == "film.he.vtt"


def test_unknown_platform_lists_the_known_ones() -> None:
    with pytest.raises(UnknownPlatform) as err:
        parse_platforms("youtube,tiktok")
    assert str(err.value) == ("unknown platform 'tiktok'; known platforms: "
                              "youtube, facebook, x, vimeo, web")
    assert parse_platforms("web, YouTube") == ("youtube", "web")
    assert parse_platforms(None) == ("youtube", "facebook", "x", "vimeo", "web")


def test_a_platform_list_naming_none_is_an_error() -> None:
    for spec in (",", "", " , "):
        with pytest.raises(UnknownPlatform) as err:
            parse_platforms(spec)
        assert str(err.value) == (f"no platform named in {spec!r}; known platforms: "
                                  "youtube, facebook, x, vimeo, web")


MARKUP = ('<font color="red">Red</font> and <i onclick="alert(1)">it</i> {\\an8}top\n'
          '<B>bold</B> <u class="x">u</u> <script>alert(2)</script> 3 < 4')


def test_webvtt_platforms_get_plain_tags_and_no_overrides() -> None:
    """Audit of issue 7: ``{\\an8}`` showed, and ``<i onclick>`` was escaped but not ``</i>``."""
    track = Track((Cue(0, 1000, MARKUP),), language="en")
    for platform in ("web", "vimeo"):
        shaped = prepare_track(platform, track)
        assert shaped[0].text == ("Red and <i>it</i> top\n"
                                  "<b>bold</b> <u>u</u> <script>alert(2)</script> 3 < 4")
        assert render_track(shaped, "vtt").endswith(
            "\nRed and <i>it</i> top\n"
            "<b>bold</b> <u>u</u> &lt;script&gt;alert(2)&lt;/script&gt; 3 &lt; 4\n")
    assert prepare_track("youtube", track)[0].text == "Red and it top\nbold u alert(2) 3 < 4"


@given(st.text(alphabet=st.sampled_from('<>/{}\\ibufont="a '), max_size=40))
def test_webvtt_markup_is_idempotent(text: str) -> None:
    once = webvtt_markup(text)
    assert webvtt_markup(once) == once
    assert not re.search(r"\{\\[^{}]*\}", once)  # no ASS override survives


def test_strip_markup_keeps_text_that_only_looks_odd() -> None:
    assert strip_markup('<i>a</i> <font color="red">b</font>{\\an8} 3 < 4') == "a b 3 < 4"


HEBREW = Track((Cue(0, 1000, "ZAKA הגיעו.\n<i>232</i> קילומטר"),), language="he")


def test_rtl_marks_per_platform() -> None:
    expected_embed = f"{RLE}ZAKA הגיעו.{PDF}\n{RLE}232 קילומטר{PDF}"
    for platform in ("youtube", "facebook", "x"):
        assert prepare_track(platform, HEBREW)[0].text == expected_embed
    assert prepare_track("vimeo", HEBREW)[0].text == f"{RLM}ZAKA הגיעו.\n{RLM}<i>232</i> קילומטר"
    assert prepare_track("web", HEBREW)[0].text == HEBREW[0].text


def test_marks_are_not_doubled_and_web_drops_existing_ones() -> None:
    marked = prepare_track("youtube", HEBREW)
    assert prepare_track("youtube", marked)[0].text == marked[0].text
    assert prepare_track("web", marked)[0].text == "ZAKA הגיעו.\n232 קילומטר"


def test_left_to_right_tracks_get_no_marks() -> None:
    track = Track((Cue(0, 1000, "Route 232."),), language="es")
    for platform in ("youtube", "facebook", "x", "vimeo", "web"):
        assert prepare_track(platform, track)[0].text == "Route 232."


def test_safe_stem_is_never_a_path() -> None:
    assert safe_stem("../../etc/passwd") == "etc-passwd"
    assert safe_stem("The Killing Roads (2024)") == "The-Killing-Roads-2024"
    assert safe_stem("...") == "captions"

LINES = st.text(alphabet=st.sampled_from("אבגד abc 123.,-!?\u200f\u202b\u202c<i>"), max_size=30)


@given(st.lists(LINES, min_size=1, max_size=3), st.sampled_from(["he", "ar", "fa"]))
def test_marks_are_idempotent_and_never_reach_the_web(lines: list[str], language: str) -> None:
    track = Track((Cue(0, 1000, "\n".join(lines)),), language=language)
    for platform in ("youtube", "facebook", "x", "vimeo"):
        once = prepare_track(platform, track)
        assert prepare_track(platform, once) == once
    web = prepare_track("web", prepare_track("youtube", track))[0].text
    assert not set(web) & {RLM, RLE, PDF}
