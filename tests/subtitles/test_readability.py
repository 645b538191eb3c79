"""Readability checks on tracks built in memory: each code, its severity and exact wording."""
from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from subtitles.errors import Problem
from subtitles.model import Cue, Track
from subtitles.profiles import get_profile
from subtitles.readability import (CODES, check_track, cps, format_summary, summarize,
                                   visible_chars, visible_text)

DOC = get_profile("documentary")


def track(*cues: Cue, language: str | None = "en") -> Track:
    return Track(cues, language, "film.srt")


def codes(problems: list[Problem]) -> list[str | None]:
    return [p.code for p in problems]


def test_clean_track_has_no_problems() -> None:
    t = track(Cue(0, 2000, "My name is Daniel.", line=2),
              Cue(2500, 5500, "I was a volunteer medic\nwith United Hatzalah.", line=6))
    assert check_track(t, DOC) == []
    assert summarize(t, []).clean_percent == 100.0


def test_visible_text_and_chars() -> None:
    assert visible_text("<i>Sderot</i>\n{\\an8}Re'im") == "Sderot\nRe'im"
    assert visible_chars("<i>ab</i>\ncd") == 4
    assert cps(Cue(0, 1000, "<b>ten chars!</b>")) == 10.0
    assert cps(Cue(5, 5, "x")) == float("inf")


def test_long_line_is_a_cpl_warning() -> None:
    text = "I drove south on Route 232 with two other medics that morning."
    [p] = check_track(track(Cue(0, 5000, text, line=10)), DOC)
    assert str(p) == ("film.srt:10: warning: line 1 has 62 characters; limit 42 "
                      "(break it differently or shorten it; subs fix rebalances lines)")
    assert p.code == "cpl"


def test_too_many_lines() -> None:
    p = check_track(track(Cue(0, 6000, "We ran.\nWe hid.\nWe waited.", line=3)), DOC)
    assert codes(p) == ["lines"]
    assert p[0].message == "3 lines; limit 2"


def test_too_fast_is_a_cps_warning() -> None:
    text = "They were asking for help,\nand nobody was coming."  # 48 visible
    [p] = check_track(track(Cue(1000, 3000, text, line=7)), DOC)
    assert str(p) == ("film.srt:7: warning: 24.0 characters per second; limit 17 "
                      "(shorten the text or show it longer; subs fix extends it into free time)")


def test_relaxed_profile_allows_twenty_cps_in_english_not_hebrew() -> None:
    relaxed = get_profile("relaxed")
    cue = Cue(0, 2000, "They were asking for help now.", line=1)  # 30 chars: 15 cps
    fast = Cue(0, 1600, "They were asking for help now.", line=1)  # 18.75 cps
    assert check_track(track(cue), relaxed) == []
    assert check_track(track(fast), relaxed) == []
    assert codes(check_track(track(fast, language="he"), relaxed)) == ["cps"]


def test_durations() -> None:
    short, long_ = Cue(0, 500, "Yes.", line=1), Cue(1000, 10200, "We waited.", line=5)
    problems = check_track(track(short, long_), DOC)
    assert [str(p) for p in problems] == [
        "film.srt:1: warning: shown for 500 ms; minimum 833 ms "
        "(extend it into free time or merge it; subs fix does both)",
        "film.srt:5: warning: shown for 9.2 s; maximum 7 s "
        "(split it; subs fix splits it at a sentence or clause)",
    ]


def test_overlap_is_an_error_and_gap_a_warning() -> None:
    t = track(Cue(0, 3000, "The sirens started.", line=2),
              Cue(2700, 5000, "I waited in the shelter.", line=6),
              Cue(5040, 7000, "Then the messages came.", line=10))
    problems = check_track(t, DOC)
    assert [str(p) for p in problems] == [
        "film.srt:6: error: overlaps the cue before it (line 2) by 300 ms "
        "(end the earlier cue sooner; subs fix trims overlaps)",
        "film.srt:10: warning: starts 40 ms after the cue before it (line 6); minimum gap 83 ms "
        "(subs fix makes room)",
    ]


def test_overlap_with_a_long_cue_further_up() -> None:
    t = track(Cue(0, 6000, "A long cue.", line=2), Cue(1000, 2000, "Inside it.", line=6),
              Cue(3000, 4000, "Still inside.", line=10))
    assert codes(check_track(t, DOC)) == ["overlap", "overlap"]


def test_empty_cue_is_an_error() -> None:
    [p] = check_track(track(Cue(0, 1000, " <i></i> ", line=4)), DOC)
    assert (p.severity, p.code, p.message) == ("error", "empty", "cue has no text")


def test_out_of_order() -> None:
    t = track(Cue(5000, 6000, "Second.", line=2), Cue(1000, 2000, "First.", line=6))
    assert [p.message for p in check_track(t, DOC)] == ["starts before the cue above it (line 2)"]


def test_unbalanced_break() -> None:
    t = track(Cue(0, 4000, "We treated\nwhoever we could reach on the road.", line=3))
    [p] = check_track(t, DOC)
    assert (p.code, p.message) == ("balance", "unbalanced line break (10 and 35 characters)")


def test_sensible_uneven_lines_are_not_flagged() -> None:
    t = track(Cue(0, 4000, "Yes.\nI still drive on Route 232.", line=3),
              Cue(5000, 9000, "- Who?\n- The volunteers from ZAKA, all of them.", line=7))
    assert check_track(t, DOC) == []


def test_cjk_limits_come_from_the_language() -> None:
    text = "私は十月七日の朝、救急隊員として向かった"  # 20 characters
    assert "cpl" in codes(check_track(track(Cue(0, 7000, text), language="ja"), DOC))
    assert check_track(track(Cue(0, 5000, text[:12]), language="zh"), DOC) == []


def test_path_argument_and_lineless_cues() -> None:
    t = Track((Cue(0, 100, "Yes."), Cue(150, 2000, "No.")), "en")
    problems = check_track(t, DOC, path="mem.srt")
    assert [(p.path, p.line, p.code) for p in problems] == [
        ("mem.srt", None, "min-duration"), ("mem.srt", None, "cps"), ("mem.srt", None, "gap")]
    assert summarize(t, problems).clean == 0


def test_summary_line() -> None:
    t = track(Cue(0, 500, "Yes.", line=1), Cue(400, 3000, "We waited.", line=5),
              Cue(4000, 6000, "Fine.", line=9))
    problems = check_track(t, DOC)
    summary = summarize(t, problems)
    assert (summary.cues, summary.errors, summary.warnings, summary.clean) == (3, 1, 1, 1)
    assert format_summary("film.srt", summary) == (
        "film.srt: 3 cues, 1 error, 1 warning, 33.3% within profile")


def test_hundred_thousand_cues_checked_quickly() -> None:
    cues = [Cue(i * 3000, i * 3000 + 2800, "I remember the faces,\nand I say their names.",
                line=i * 4 + 2) for i in range(100_000)]
    t = track(*cues)
    started = time.perf_counter()
    assert check_track(t, DOC) == []
    assert time.perf_counter() - started < 10  # a bound for a busy CI box; timing in docs


times = st.integers(0, 10_000_000)
# Every code and its severity, as the module docstring lists them: errors break the file for any
# profile, warnings break the profile's limits.
SEVERITY = {"overlap": "error", "empty": "error", "cpl": "warning", "lines": "warning",
            "cps": "warning", "min-duration": "warning", "max-duration": "warning",
            "gap": "warning", "order": "warning", "balance": "warning", "tags": "warning",
            "control": "warning"}  # #13, #15


def test_codes_constant_lists_every_known_code() -> None:
    assert sorted(CODES) == sorted(SEVERITY)


@given(st.lists(st.tuples(times, st.integers(0, 20_000), st.text(max_size=90)), max_size=30))
def test_every_problem_points_at_a_cue_and_has_a_known_code(
        items: list[tuple[int, int, str]]) -> None:
    cues = [Cue(s, s + d, text, line=n * 4 + 1) for n, (s, d, text) in enumerate(items)]
    t = track(*cues)
    problems = check_track(t, DOC)
    lines = {c.line for c in cues}
    for p in problems:
        assert p.line in lines and p.path == "film.srt"
        assert p.code in CODES
        assert p.severity == SEVERITY[p.code], p
    s = summarize(t, problems)
    assert 0 <= s.clean <= s.cues == len(cues)


def test_a_speed_just_over_the_limit_does_not_read_as_the_limit() -> None:
    [p] = check_track(track(Cue(0, 2997, "x" * 25 + "\n" + "x" * 26, line=1)), DOC)  # 17.017
    assert p.message == "17.02 characters per second; limit 17"


def test_13_nested_or_open_italics_are_reported() -> None:
    cues = [Cue(0, 3000, "<i><i>porque los soldados</i></i>", line=1),
            Cue(3100, 6000, "<i>estancia allí <i>hasta la mañana.</i></i>", line=5),
            Cue(6100, 9000, "<i>una línea</i>\n<i>otra línea</i>", line=9),
            Cue(9100, 12000, "<i>sin cerrar", line=13)]
    found = [(p.line, p.message) for p in check_track(track(*cues), DOC) if p.code == "tags"]
    assert found == [(1, "style tags: <i> opened inside another <i>"),
                     (5, "style tags: <i> opened inside another <i>"),
                     (13, "style tags: <i> never closed")]
