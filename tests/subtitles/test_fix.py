"""fix_track: each repair on a small track, and properties that hold for any track."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from subtitles.fix import fix_track
from subtitles.linebreak import _CJK
from subtitles.model import Cue, Track
from subtitles.profiles import get_profile
from subtitles.readability import check_track, visible_text

DOC = get_profile("documentary")


def track(*cues: Cue) -> Track:
    return Track(cues, "en", "film.srt")


def fixed(*cues: Cue) -> tuple[list[tuple[int, int, str]], list[str]]:
    result = fix_track(track(*cues), DOC)
    return ([(c.start_ms, c.end_ms, c.text) for c in result.track],
            [str(p) for p in result.changes])


def test_clean_track_is_untouched() -> None:
    cues = (Cue(0, 2000, "My name is Daniel.", line=2),
            Cue(2500, 5500, "I was a volunteer medic\nwith United Hatzalah.", line=6))
    result = fix_track(track(*cues), DOC)
    assert result.track.cues == cues and result.changes == []


def test_rebalances_a_long_line() -> None:
    text = "My name is Daniel, and I was a volunteer medic with United Hatzalah that morning."
    cues, changes = fixed(Cue(0, 6000, text, line=2))
    assert cues == [(0, 6000, "My name is Daniel, and I was a volunteer\n"
                              "medic with United Hatzalah that morning.")]
    assert changes == ["film.srt:2: info: rebalanced lines"]


def test_extends_a_short_cue_into_free_time_but_not_into_the_gap() -> None:
    cues, changes = fixed(Cue(0, 400, "Yes.", line=1), Cue(1000, 3000, "We waited.", line=5))
    assert cues[0] == (0, 833, "Yes.")
    assert changes == ["film.srt:1: info: extended end by 433 ms into free time"]
    cues, _ = fixed(Cue(0, 400, "Yes.", line=1, speaker="Daniel"),
                    Cue(600, 3000, "We waited.", line=5, speaker="Noa"))
    assert cues[0] == (0, 600 - 83, "Yes.")  # another speaker: not merged, only extended


def test_extends_a_fast_cue_for_reading_speed() -> None:
    text = "They were asking for help,\nand nobody was coming."  # 48 chars: needs 2824 ms
    cues, changes = fixed(Cue(1000, 3000, text, line=7), Cue(9000, 10000, "Then.", line=11))
    assert cues[0][:2] == (1000, 3824)
    assert changes == ["film.srt:7: info: extended end by 824 ms into free time"]


def test_trims_an_overlap() -> None:
    cues, changes = fixed(Cue(0, 3000, "The sirens started.", line=2),
                          Cue(2700, 5000, "I waited in the shelter.", line=6))
    assert [c[:2] for c in cues] == [(0, 2617), (2700, 5000)]
    assert changes == ["film.srt:2: info: ended 383 ms sooner to end the overlap with line 6"]


def test_merges_a_cue_hidden_inside_another() -> None:
    cues, changes = fixed(Cue(0, 600, "Yes.", line=2), Cue(300, 900, "No.", line=6))
    assert cues == [(0, 900, "Yes. No.")]  # the text fits one line, so it is rewrapped
    assert changes == ["film.srt:2: info: merged with line 6, which overlapped it by 300 ms"]


def test_opens_the_minimum_gap() -> None:
    cues, changes = fixed(Cue(0, 2000, "The sirens started.", line=2),
                          Cue(2040, 5000, "I waited in the shelter.", line=6))
    assert [c[:2] for c in cues] == [(0, 1957), (2040, 5000)]
    assert changes == ["film.srt:2: info: ended 43 ms sooner for the minimum gap before line 6"]


def test_splits_a_long_cue_at_the_sentence_boundary_in_proportion() -> None:
    text = ("By the afternoon, the volunteers from ZAKA had arrived.\n"
            "Their job was to bring the dead home.")
    cues, changes = fixed(Cue(10_000, 20_000, text, line=17))
    assert [c[2] for c in cues] == ["By the afternoon, the volunteers\nfrom ZAKA had arrived.",
                                   "Their job was to bring the dead home."]
    first, second = cues
    assert first[0] == 10_000 and second[1] == 20_000
    assert 15_800 < first[1] < 16_100 and second[0] - first[1] == 83
    assert changes[0] == ("film.srt:17: info: split into 2 cues "
                          "(too much text for the profile's lines)")


def test_long_in_time_with_no_boundary_is_left_for_the_checker() -> None:
    cues, changes = fixed(Cue(0, 12_000, "We waited there", line=2))
    assert cues == [(0, 12_000, "We waited there")] and changes == []


def test_merges_tiny_neighbours_when_the_result_fits() -> None:
    cues, changes = fixed(Cue(0, 400, "Where?", line=2), Cue(450, 1000, "Sderot.", line=6),
                          Cue(1050, 4000, "We drove there together.", line=10))
    assert cues[0] == (0, 1000, "Where? Sderot.")
    assert cues[1][0] == 1000 + 83  # the long cue gave up the gap, not the short ones
    assert "film.srt:2: info: merged with line 6 (too short to read alone)" in changes


def test_sorts_and_drops_empty_cues() -> None:
    cues, changes = fixed(Cue(5000, 6000, "Second.", line=2), Cue(8000, 9000, "<i></i>", line=6),
                          Cue(1000, 2000, "First.", line=10))
    assert [c[2] for c in cues] == ["First.", "Second."]
    assert "film.srt:6: info: removed cue with no text" in changes
    assert "film.srt:10: info: sorted cues into time order" in changes


def test_fix_reduces_problems_on_a_messy_track() -> None:
    t = track(Cue(0, 500, "Yes.", line=1),
              Cue(1000, 3000, "We treated\nwhoever we could reach on the road.", line=5),
              Cue(2800, 5000, "I drove south on Route 232 with two other medics that morning.",
                  line=9),
              Cue(9000, 19000, "By the afternoon, the volunteers from ZAKA had arrived. Their "
                  "job was to bring the dead home.", line=17))
    before = check_track(t, DOC)
    after = check_track(fix_track(t, DOC).track, DOC)
    assert not any(p.severity == "error" for p in after)
    assert len(after) < len(before) / 2


# -- properties --------------------------------------------------------------------------------

def words(t: Track) -> list[str]:
    return [w for c in t for w in visible_text(c.text).split()]


def characters(t: Track) -> str:
    return "".join(words(t))


texts = st.one_of(
    st.lists(st.sampled_from("the medic drove on Route 232 , . ZAKA Kfar Aza and - Sderot "
                             "שלום مرحبا 日本語の テキスト <i>quiet</i> we ran. ?".split()),
             max_size=25).map(" ".join),
    st.text(max_size=120),
)
Item = tuple[int, int, str, int]
cue_data = st.tuples(st.integers(0, 600_000), st.integers(-200, 15_000), texts,
                     st.integers(1, 3))


def build(items: list[Item]) -> Track:
    cues = []
    for n, (start, duration, text, breaks) in enumerate(items):
        parts = text.split(" ")
        step = max(1, len(parts) // breaks)
        text = "\n".join(" ".join(parts[i:i + step]) for i in range(0, len(parts), step))
        cues.append(Cue(start, start + duration, text, line=n * 4 + 2))
    return Track(tuple(cues), "en", "p.srt")


@given(st.lists(cue_data, max_size=25))
def test_words_are_never_changed_added_or_dropped(items: list[Item]) -> None:
    t = build(items)
    out = fix_track(t, DOC).track
    sorted_in = Track(tuple(sorted((c.replace(end_ms=max(c.start_ms, c.end_ms)) for c in t),
                                   key=lambda c: (c.start_ms, c.end_ms))))
    assert characters(out) == characters(sorted_in)
    if not any(_CJK.search(c.text) for c in t):
        assert words(out) == words(sorted_in)


@given(st.lists(cue_data, max_size=25))
def test_times_valid_and_no_overlaps_after_fix(items: list[Item]) -> None:
    out = fix_track(build(items), DOC).track
    for cue in out:
        assert 0 <= cue.start_ms <= cue.end_ms
    for a, b in zip(out.cues, out.cues[1:]):
        assert a.start_ms <= b.start_ms and a.end_ms <= b.start_ms
    assert not [p for p in check_track(out, DOC) if p.code in ("overlap", "order", "empty")]


def test_splitting_a_dialogue_keeps_one_turn_per_line() -> None:
    text = "- Where were you?\n- In the shelter.\n- And then?"
    cues, _ = fixed(Cue(0, 6000, text, line=3))
    assert [c[2] for c in cues] == ["- Where were you?", "- In the shelter.\n- And then?"]


def test_a_dialogue_keeps_one_speaker_a_line_even_when_a_turn_is_too_long() -> None:
    text = "- Are you coming with us tonight to the old town?\n- No."
    cues, changes = fixed(Cue(1000, 4000, text, line=2))
    assert cues == [(1000, 4177, text)]  # not split, not rebalanced: check reports line 1
    assert changes == ["film.srt:2: info: extended end by 177 ms into free time"]
    problems = check_track(fix_track(track(Cue(1000, 4000, text, line=2)), DOC).track, DOC)
    assert [(p.code, p.hint) for p in problems] == [
        ("cpl", "shorten it; each speaker keeps a line of their own")]


def test_en_dash_dialogue_is_neither_rebalanced_nor_merged() -> None:
    text = "\u2013 Are you coming with us tonight?\n\u2013 No."
    cues, changes = fixed(Cue(0, 4000, text, line=2))
    assert cues == [(0, 4000, text)] and changes == []
    assert check_track(track(Cue(0, 4000, text, line=2)), DOC) == []  # not "unbalanced"
    cues, _ = fixed(Cue(0, 600, "\u2013 Yes.", line=2), Cue(650, 1200, "\u2013 No.", line=6))
    assert [c[2] for c in cues] == ["\u2013 Yes.", "\u2013 No."]


def test_merging_keeps_no_break_and_double_spaces() -> None:
    cues, changes = fixed(Cue(0, 600, "Oui,  10\u00a0km.", line=2),
                          Cue(300, 900, "À pied.", line=6))
    assert cues[0][2] == "Oui,  10\u00a0km. À pied."
    assert changes[0] == "film.srt:2: info: merged with line 6, which overlapped it by 300 ms"
