import pickle

import pytest

from subtitles.errors import (GlossaryError, OutputExists, ParseError, Problem, UnknownFormat,
                              UnknownLanguage)
from subtitles.model import Cue, Track


def test_cue_is_immutable_and_replace_returns_a_copy() -> None:
    cue = Cue(1000, 2500, "Hello\nthere", line=3)
    moved = cue.replace(start_ms=1200)
    assert cue.start_ms == 1000 and moved.start_ms == 1200
    assert moved.duration_ms == 1300
    assert moved.lines == ["Hello", "there"]
    with pytest.raises(AttributeError):
        cue.text = "x"  # type: ignore[misc]


def test_track_holds_a_tuple_and_sorts_stably() -> None:
    track = Track([Cue(500, 900, "b"), Cue(0, 400, "a"), Cue(500, 800, "c")], "en")
    assert isinstance(track.cues, tuple)
    assert [c.text for c in track.sorted()] == ["a", "c", "b"]
    assert len(track) == 3 and track[1].text == "a"


def test_problem_renders_compiler_style() -> None:
    problem = Problem("film.srt", 42, "error", "end is before start", "fix the cue or pass --lenient")
    assert str(problem) == "film.srt:42: error: end is before start (fix the cue or pass --lenient)"
    assert str(Problem("film.srt", None, "warning", "not UTF-8")) == "film.srt: warning: not UTF-8"


@pytest.mark.parametrize("error", [
    ParseError("a.srt", 3, "bad timestamp", "use HH:MM:SS,mmm"),
    UnknownFormat("xyz", ("srt", "vtt")),
    UnknownLanguage("xx"),
    OutputExists("out.srt"),
    GlossaryError("names.csv", (Problem("names.csv", 2, "error", "duplicate term"),)),
])
def test_97_errors_pickle_with_their_fields(error: Exception) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error)
