"""Readability profiles: the built-in numbers, per-language lookup, and user TOML profiles."""
from __future__ import annotations

from pathlib import Path

import pytest

from subtitles.errors import ProfileError
from subtitles.profiles import BUILTIN, Limits, get_profile, load_profiles


def test_documentary_defaults_follow_broadcast_practice() -> None:
    limits = get_profile().for_language("en")
    assert limits == Limits(max_chars_per_line=42, max_lines=2, max_cps=17.0,
                            min_duration_ms=833, max_duration_ms=7000, min_gap_ms=83)


def test_cjk_per_netflix_table() -> None:
    doc = get_profile("documentary")
    assert (doc.for_language("ja").max_chars_per_line, doc.for_language("ja").max_cps) == (13, 4.0)
    assert doc.for_language("zh-Hans").max_chars_per_line == 16
    assert doc.for_language("ko").max_chars_per_line == 16


def test_relaxed_is_faster_for_english_and_arabic_not_hebrew() -> None:
    relaxed = get_profile("relaxed")
    assert relaxed.for_language("en-GB").max_cps == 20.0
    assert relaxed.for_language("ar").max_cps == 20.0
    assert relaxed.for_language("he").max_cps == 17.0
    assert relaxed.for_language(None).max_cps == 17.0


def test_unknown_profile_lists_the_known_ones() -> None:
    with pytest.raises(ProfileError) as err:
        get_profile("cinema")
    assert str(err.value) == "unknown profile 'cinema'; known profiles: documentary, netflix, relaxed"


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "profiles.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_user_profile_extends_a_base_with_language_overrides(tmp_path: Path) -> None:
    path = write(tmp_path, """
[profiles.festival]
base = "relaxed"
max_cps = 15
[profiles.festival.languages.he]
max_cps = 14
max_chars_per_line = 38
""")
    festival = get_profile("festival", path)
    assert festival.for_language("fr").max_cps == 15
    assert festival.for_language("he").max_cps == 14
    assert festival.for_language("he").max_chars_per_line == 38
    assert festival.for_language("en").max_cps == 20.0  # the base's own override stays
    assert "festival" not in BUILTIN


def test_zero_gap_and_fractional_speed_are_allowed(tmp_path: Path) -> None:
    path = write(tmp_path, "[profiles.x]\nmin_gap_ms = 0\nmax_cps = 15.5\n")
    limits = get_profile("x", path).limits
    assert (limits.min_gap_ms, limits.max_cps) == (0, 15.5)


def test_profiles_file_from_the_environment(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUBS_PROFILES", write(tmp_path, "[profiles.tv]\nmax_lines = 3\n"))
    assert get_profile("tv").limits.max_lines == 3


@pytest.mark.parametrize("text, message", [
    ("[profiles.x]\nmax_cpl = 40\n", "[profiles.x]: unknown setting(s) max_cpl; known: "),
    ("[profiles.x]\nmax_cps = -1\n", "[profiles.x]: max_cps must be a number of at least 0.1, "
                                      "not -1"),
    ("[profiles.x]\nmax_cps = 'fast'\n", "max_cps must be a number of at least 0.1, not 'fast'"),
    ("[profiles.x]\nmax_lines = 2.5\n", "max_lines must be a whole number of at least 1, not 2.5"),
    ("[profiles.x]\nmax_lines = true\n",
     "max_lines must be a whole number of at least 1, not True"),
    ("[profiles.x]\nmin_gap_ms = -5\n", "min_gap_ms must be a whole number of at least 0, not -5"),
    ("[profiles.x]\nbase = 'tv'\n", "profile 'x' has unknown base 'tv'; known: "),
    ("[profiles.x\n", "not valid TOML"),
])
def test_bad_profiles_are_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as err:
        load_profiles(path)
    assert message in str(err.value) and str(err.value).startswith(path)


@pytest.mark.parametrize("text, message", [
    ("profiles = 3\n", "profiles must be a table, not 3 (write sections such as "
                       "[profiles.festival])"),
    ("[profiles]\nx = 3\n", "[profiles.x] must be a table, not 3 (write [profiles.x] then "
                            "settings such as max_cps = 15)"),
    ("[profiles.x]\nlanguages = 'he'\n", "[profiles.x.languages] must be a table, not 'he' "
                                         "(write [profiles.x.languages.he] then settings such "
                                         "as max_cps = 14)"),
    ("[profiles.x.languages]\nhe = 3\n", "[profiles.x.languages.he] must be a table, not 3 "
                                         "(write [profiles.x.languages.he] then settings such "
                                         "as max_cps = 14)"),
    ("[profiles.x]\nbase = [1]\n", "profile 'x' has unknown base [1]; known: "),
])
def test_misshapen_profiles_say_what_shape_was_expected(tmp_path: Path, text: str,
                                                        message: str) -> None:
    """Audit: each was an AttributeError or TypeError traceback."""
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as err:
        load_profiles(path)
    assert str(err.value).startswith(f"{path}: {message}")


def test_profiles_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "profiles.toml"
    path.write_bytes("[profiles.x]  # café\nmax_cps = 15\n".encode("cp1252"))
    with pytest.raises(ProfileError) as err:
        load_profiles(path)
    assert str(err.value) == f"{path}: not UTF-8 text (save the profiles file as UTF-8)"


def test_profiles_variable_naming_a_directory(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUBS_PROFILES", str(tmp_path))
    with pytest.raises(ProfileError) as err:
        get_profile("documentary")
    assert str(err.value) == f"{tmp_path}: is a directory, not a profiles file (pass a .toml file)"


def test_missing_profiles_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as err:
        get_profile("documentary", str(tmp_path / "none.toml"))
    assert str(err.value).endswith("none.toml: no such profiles file "
                                   "(check --profiles or $SUBS_PROFILES)")


def test_13_netflix_profile_follows_the_style_guides_per_language() -> None:
    netflix = get_profile("netflix")
    assert netflix.for_language("en-US").max_cps == 20.0
    for tag in ("es", "ca", "pt-BR", "gl", "eo", "fr", "he"):
        limits = netflix.for_language(tag)
        assert (limits.max_chars_per_line, limits.max_lines, limits.max_cps,
                limits.min_duration_ms, limits.max_duration_ms) == (42, 2, 17.0, 833, 7000)
    assert netflix.for_language("ja").max_chars_per_line == 13
    assert netflix.for_language("zh").max_cps == 9.0
