"""glossary/check.py: each translated cue holds the rendering its source cue calls for."""
from __future__ import annotations

from pathlib import Path

from glossary.check import check_compliance, check_report
from glossary.load import load_glossary
from glossary.model import Glossary, Term
from subtitles.io import load_track
from subtitles.model import Cue, Track

DATA = Path(__file__).parent.parent / "data" / "glossary"
G = load_glossary(DATA / "names.csv")
SOURCE = load_track(DATA / "film.en.srt").track


def test_spanish_misses_are_errors_with_the_translation_line() -> None:
    """The line is the cue's first text line, not its timing line: apply reports text lines
    too, and that is where a translator types the fix."""
    es = load_track(DATA / "film.es.srt").track
    problems = check_compliance(es, G, language="es", source=SOURCE, path="film.es.srt")
    assert [str(p) for p in problems] == [
        'film.es.srt:3: error: "United Hatzalah" expected, not found',
        "film.es.srt:8: error: \"Kibbutz Re'im\" expected, not found",
    ]


def test_summary_per_term() -> None:
    es = load_track(DATA / "film.es.srt").track
    report = check_report(es, G, language="es", source=SOURCE)
    assert [(s.term.term, s.rendering, s.expected, s.found) for s in report.stats] == [
        ("Kibbutz Re'im", "Kibbutz Re'im", 1, 0), ("ZAKA", "ZAKA", 1, 1),
        ("United Hatzalah", "United Hatzalah", 2, 1), ("Route 232", "Ruta 232", 1, 1),
        ("Sderot", "Sderot", 1, 1)]
    assert report.errors == 2 and report.stats[0].missing == 1


def test_hebrew_renderings_found_behind_prefixes() -> None:
    he = load_track(DATA / "film.he.srt").track  # ואיחוד, בכביש, לקיבוץ, בשדרות
    assert check_compliance(he, G, language="he", source=SOURCE) == []


def test_pt_br_uses_its_column_and_engine_terms_are_not_checked() -> None:
    g = Glossary((Term("Route 232", renderings={"pt-BR": "Rodovia 232"}), Term("Nova festival")))
    src = Track((Cue(0, 1000, "Route 232 to the Nova festival"),))
    ok = Track((Cue(0, 1000, "Rodovia 232 até o festival Nova"),), "pt-BR")
    bad = Track((Cue(0, 1000, "Estrada 232 até o festival Nova", line=5),), "pt-BR")
    assert check_compliance(ok, g, language="pt-BR", source=src) == []
    assert [str(p) for p in check_compliance(bad, g, language="pt-BR", source=src,
                                             path="x.pt-BR.srt")] == [
        'x.pt-BR.srt:6: error: "Rodovia 232" expected, not found']


def test_a_name_moved_to_the_next_cue_still_counts() -> None:
    src = Track((Cue(0, 1000, "Then ZAKA"), Cue(1000, 2000, "came.")))
    tr = Track((Cue(0, 1000, "Luego llegó"), Cue(1000, 2000, "ZAKA.")), "es")
    assert check_compliance(tr, G, language="es", source=src) == []


def test_transcript_reports_remaining_near_misses_as_warnings() -> None:
    t = load_track(DATA / "transcript.en.srt").track
    problems = check_compliance(t, G, language="en", path="t.srt")
    assert all(p.severity == "warning" for p in problems)
    assert str(problems[3]) == ("t.srt:12: warning: 'United Hatsalah' is close to "
                                "\"United Hatzalah\" (run subs glossary apply)")
    fixed = load_track(DATA / "apply.expected.srt").track
    assert check_compliance(fixed, G, language="en") == []


def test_a_name_spelled_right_across_a_line_break_counts() -> None:
    g = Glossary((Term("Kfar Aza"), Term("Sderot")))
    t = Track((Cue(0, 2000, "We reached Kfar\nAza and Sderot.", line=2),), "en")
    report = check_report(t, g, language="en")
    assert report.problems == ()
    assert [(s.term.term, s.expected, s.found) for s in report.stats] == [
        ("Kfar Aza", 1, 1), ("Sderot", 1, 1)]


def test_16_a_miss_in_a_cue_left_out_points_at_no_cue() -> None:
    """Issue 16: a partial language's misses were pinned on its last shipped cue."""
    es = load_track(DATA / "film.es.srt").track
    first_two = Track(es.cues[:2], "es")  # cues 3 (Sderot) and 4 (United Hatzalah) left out
    problems = check_compliance(first_two, G, language="es", source=SOURCE, path="film.es.srt")
    late = [p for p in problems if p.message in ('"Sderot" expected, not found',
                                                 '"United Hatzalah" expected, not found')
            and p.hint and p.hint.startswith("no cue at 00:00:0")]
    assert [(p.line, p.hint) for p in late] == [
        (None, "no cue at 00:00:05,500, where the source says it"),
        (None, "no cue at 00:00:07,500, where the source says it")]
    assert [str(p) for p in problems if p.line is not None] == [
        'film.es.srt:3: error: "United Hatzalah" expected, not found',
        "film.es.srt:8: error: \"Kibbutz Re'im\" expected, not found"]
